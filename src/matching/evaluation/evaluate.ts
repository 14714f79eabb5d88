import { memoryBlockingIndex, namesakePasses } from '../blocking';
import { decide, score, type Decision, type MatchingModel, type Score } from '../matchingModel';
import { mirrorRowOf, rowFeatures, type MirrorRow, type ScoredRow } from '../mirrorRow';
import { personFeatures, type PersonFeatures, type PersonInput } from '../personFeatures';
import { rankCandidates } from '../rankCandidates';
import { searchPersons, type CandidateSource } from '../searchPersons';
import { verifyClaim } from '../verifyPerson';
import { genericFeatures, genericModel, mosipStyleDecision } from './baselines';
import { ABSENT_CLASSES, labelledQueries, type LabelledQuery } from './labelledQueries';
import { syntheticPopulation } from './syntheticPopulation';

export type Matcher = 'motlan' | 'fs_generic' | 'mosip_style';

export interface Outcome {
  query: LabelledQuery;
  matcher: Matcher;
  decision: Decision;
  /** The record the decision is about: the claimed one (verify) or the first candidate (search). */
  correct: boolean;
  /** The true person is a match or possible within the first five. */
  inTop5: boolean;
  /** The true person was among the blocked candidates (search only). */
  blocked: boolean;
  candidates: number;
  probability: number | null;
  /** Search: the first candidate's log-odds before calibration (rankCandidates `firstLogOdds`). */
  firstLogOdds?: number;
  /** Motlan only: what decided the answer (margin, namesakes, the true person's rank), for `--dump`. */
  detail?: OutcomeDetail;
}

export interface OutcomeDetail {
  marginBits: number | null;
  /** Verify: namesakes within the margin. */
  namesakes?: number;
  /** Search: the true person's rank among the candidates (0 first), or -1 when not among the first k. */
  truthRank?: number;
  truthDecision?: Decision;
  /** The decided record's levels, vetoes and conflicts. */
  levels: string;
  vetoes: string[];
  conflicts: string[];
}

export interface Metrics {
  n: number;
  precision: number;
  recall: number;
  f1: number;
  possibleShare: number;
  top5: number;
  pairsCompleteness: number;
  meanCandidates: number;
  /** Expected calibration error of the probability, 10 bins. */
  calibrationError: number | null;
}

const TOP = 5;

/** Where the candidates come from: the in-memory index, or the mirror in a database (same passes). */
export type Blocking = CandidateSource;

/**
 * Runs the three matchers over the same labelled queries. Blocking runs over an in-memory index
 * unless `blockingOf` gives another (the SQL store over a mirror loaded with the same rows).
 */
export async function evaluate(
  model: MatchingModel,
  options: { seed: number; count: number; queries: number; matchers?: Matcher[] },
  progress?: (done: number) => void,
  blockingOf: (rows: MirrorRow[]) => Blocking | Promise<Blocking> = memoryBlockingIndex,
): Promise<Outcome[]> {
  const population = syntheticPopulation(options.seed, options.count);
  // The query seed is derived from, and differs from, the population seed; both differ from the fit's.
  const queries = labelledQueries(population, options.queries, options.seed * 7919 + 13);
  const absent = new Set(queries.filter((q) => ABSENT_CLASSES.has(q.cls)).map((q) => q.truthId));
  const rows = population.citizens.filter((c) => !absent.has(c.id)).map(mirrorRowOf);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byOldId = new Map(rows.filter((r) => r.oldId).map((r) => [r.oldId!, r]));
  const index = await blockingOf(rows);
  const generic = genericModel(model);
  const cache = new Map<string, PersonFeatures>();
  const genericCache = new Map<string, PersonFeatures>();
  const featuresOf = (r: ScoredRow, g: boolean) => {
    const c = g ? genericCache : cache;
    let f = c.get(r.id);
    if (!f) c.set(r.id, (f = g ? genericFeatures(rowInput(r)) : rowFeatures(r)));
    return f;
  };
  const matchers = options.matchers ?? ['motlan', 'fs_generic', 'mosip_style'];
  const outcomes: Outcome[] = [];
  for (const [i, query] of queries.entries()) {
    const q = personFeatures(query.input);
    if (query.mode === 'verify') {
      const claimed = query.input.id!;
      const row = claimed.length === 9 ? byOldId.get(claimed) : byId.get(claimed);
      for (const matcher of matchers) {
        let decision: Decision = 'non_match';
        let probability: number | null = null;
        let detail: OutcomeDetail | undefined;
        if (row && matcher === 'mosip_style') decision = mosipStyleDecision(query.input, [row]).decision;
        else if (row && matcher === 'fs_generic') {
          const s = score(generic, genericFeatures({ ...query.input, id: row.id }), featuresOf(row, true), model.verifyPriorBits, 'verify');
          decision = decide(model, s, null);
          probability = s.probability;
        } else if (row) {
          const v = await verifyClaim(model, q, featuresOf(row, false), await index.candidates({ ...q, id: null }, namesakePasses(q)), async (passes) => index.candidates({ ...q, id: null }, passes));
          decision = v.decision;
          probability = v.score.probability;
          detail = { marginBits: v.marginBits, namesakes: v.namesakes, ...detailOf(v.score) };
        }
        const correct = row?.id === query.truthId;
        outcomes.push({ query, matcher, decision, correct, inTop5: correct && decision !== 'non_match', blocked: correct, candidates: row ? 1 : 0, probability, ...(detail ? { detail } : {}) });
      }
    } else {
      // Motlan's search decides which candidates are fetched (a second stage or not); the baselines
      // are given the same ones.
      const ours = await searchPersons(index, model, q, rows.length, TOP, (r) => featuresOf(r, false));
      const found = ours.found;
      const blocked = found.some((f) => f.row.id === query.truthId);
      for (const matcher of matchers) {
        if (matcher === 'mosip_style') {
          const { decision, top } = mosipStyleDecision(query.input, found.map((f) => f.row));
          const passing = found.filter((f) => f.row.id === query.truthId);
          outcomes.push({ query, matcher, decision, correct: top?.id === query.truthId, inTop5: decision !== 'non_match' && passing.length > 0, blocked, candidates: found.length, probability: null });
          continue;
        }
        const g = matcher === 'fs_generic';
        const gq = g ? genericFeatures(query.input) : q;
        const ranking = g ? rankCandidates(generic, gq, found, rows.length, TOP, (r) => featuresOf(r, true)) : ours.ranking;
        const first = ranking.candidates[0];
        const decision = first?.decision ?? 'non_match';
        outcomes.push({
          query, matcher, decision, blocked, candidates: ranking.counted,
          correct: first?.row.id === query.truthId,
          inTop5: ranking.candidates.some((c) => c.row.id === query.truthId && c.decision !== 'non_match'),
          probability: first ? first.score.probability : null,
          ...(!g && ranking.firstLogOdds !== null ? { firstLogOdds: ranking.firstLogOdds } : {}),
          ...(!g && first ? { detail: { marginBits: ranking.marginBits, truthRank: ranking.candidates.findIndex((c) => c.row.id === query.truthId), truthDecision: ranking.candidates.find((c) => c.row.id === query.truthId)?.decision ?? 'non_match', ...detailOf(first.score) } } : {}),
        });
      }
    }
    if (progress && i % 200 === 0) progress(i);
  }
  return outcomes;
}

function detailOf(s: Score): Pick<OutcomeDetail, 'levels' | 'vetoes' | 'conflicts'> {
  return { levels: s.attributes.filter((a) => a.level !== 'missing').map((a) => `${a.attribute}:${a.level}:${a.bits}`).join(' '), vetoes: s.vetoes, conflicts: s.conflicts };
}

function rowInput(r: ScoredRow): PersonInput {
  return {
    id: r.id, fullName: r.fullName, birthDate: r.birthDate, sex: r.sex, birthPlace: r.birthProvince,
    residenceProvince: r.residenceProvince, residenceCommune: r.residenceCommune, fatherName: r.fatherName, motherName: r.motherName,
  };
}

// Queries with no right answer but non_match: impostors, and people the mirror does not hold.
const NO_RIGHT_ANSWER = new Set<string>(['impostor_twin', 'impostor_neighbour', 'impostor_typo', ...ABSENT_CLASSES]);

export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  /** Mean probability given. */
  predicted: number;
  /** Share of them whose decided record was the person. */
  observed: number;
}

// Finer at the top, where `match` is decided.
const RELIABILITY_EDGES = [0, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0000001];

/** Predicted against observed: how often the record given probability p is the person. */
export function reliability(outcomes: readonly Outcome[]): ReliabilityBin[] {
  return RELIABILITY_EDGES.slice(0, -1).map((from, i) => {
    const to = RELIABILITY_EDGES[i + 1]!;
    const inBin = outcomes.filter((o) => o.probability !== null && o.probability >= from && o.probability < to);
    const n = inBin.length;
    return {
      from, to: Math.min(to, 1), n,
      predicted: n ? inBin.reduce((sum, o) => sum + o.probability!, 0) / n : 0,
      observed: n ? inBin.filter((o) => o.correct).length / n : 0,
    };
  });
}

/** Precision and recall of `match`: a match on the wrong record is a false positive. */
export function metrics(outcomes: readonly Outcome[]): Metrics {
  const n = outcomes.length;
  const matches = outcomes.filter((o) => o.decision === 'match');
  const tp = matches.filter((o) => o.correct).length;
  // They count against precision, never for recall.
  const positives = outcomes.filter((o) => !NO_RIGHT_ANSWER.has(o.query.cls)).length;
  const precision = matches.length ? tp / matches.length : 1;
  const recall = positives ? tp / positives : 1;
  const search = outcomes.filter((o) => o.query.mode === 'search');
  // Blocking can only find people the mirror holds.
  const findable = search.filter((o) => !ABSENT_CLASSES.has(o.query.cls));
  const withProbability = outcomes.filter((o) => o.probability !== null);
  let calibrationError: number | null = null;
  if (withProbability.length) {
    const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, hits: 0 }));
    for (const o of withProbability) {
      const bin = bins[Math.min(9, Math.floor(o.probability! * 10))]!;
      bin.n++;
      bin.p += o.probability!;
      bin.hits += o.correct ? 1 : 0;
    }
    calibrationError = bins.reduce((sum, b) => sum + (b.n ? Math.abs(b.p - b.hits) : 0), 0) / withProbability.length;
  }
  return {
    n,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    possibleShare: n ? outcomes.filter((o) => o.decision === 'possible').length / n : 0,
    top5: positives ? outcomes.filter((o) => o.inTop5).length / positives : 1,
    pairsCompleteness: findable.length ? findable.filter((o) => o.blocked).length / findable.length : 1,
    meanCandidates: search.length ? search.reduce((s, o) => s + o.candidates, 0) / search.length : 0,
    calibrationError,
  };
}

