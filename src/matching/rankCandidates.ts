import { dateLevel, mergedProvinceBits, placeAgreement } from './comparisons';
import { calibratedProbability, decide, levelBits, probabilityOf, score, type Decision, type MatchingModel, type Score } from './matchingModel';
import type { ScoredRow } from './mirrorRow';
import { rowFeatures } from './mirrorRow';
import { blockingKeysOf, parsePartialDate, type PersonFeatures } from './personFeatures';

/**
 * Full scoring normalises every name of a row (≈ 0.15 ms); a block of a common name can hold a
 * thousand rows. A pre-score on the stored keys keeps the best ones, which are then scored fully.
 */
export const FULLY_SCORED = 40;

type PreScored = 'family' | 'given' | 'birthDate' | 'sex' | 'birthPlace';

/** A one-argument function computed once per argument. */
function remembered(compute: (key: string) => number): (key: string) => number {
  const known = new Map<string, number>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = compute(key)));
    return value;
  };
}

/**
 * The pre-score, with levelBits of the few levels and names it asks for computed once per shortlist:
 * a block of a common name asks for the same ones hundreds of times.
 */
function preScorer(model: MatchingModel) {
  const bits = (attribute: PreScored, level: string, tfValue?: string) => levelBits(model, { attribute, level, query: null, record: null, ...(tfValue ? { tfValue } : {}) });
  // An agreeing name weighs by how common it is; everything else by its level alone.
  const givenAgrees = remembered((name) => bits('given', 'folded', name));
  const familyAgrees = remembered((name) => bits('family', 'folded', name));
  const dateAt = remembered((level) => bits('birthDate', level));
  const givenDiffers = bits('given', 'different');
  const familyDiffers = bits('family', 'different');
  const sex = { agree: bits('sex', 'agree'), different: bits('sex', 'different') };
  const birthPlace = { agree: bits('birthPlace', 'agree'), different: bits('birthPlace', 'different') };
  return (q: PersonFeatures, keys: ReturnType<typeof blockingKeysOf>[], row: ScoredRow): number => {
    let total = -Infinity;
    for (const k of keys) {
      const given = k.givenKey === row.givenKey ? givenAgrees(row.givenKey) : givenDiffers;
      const family = k.familyKey === row.familyKey ? familyAgrees(row.familyKey) : familyDiffers;
      total = Math.max(total, given + family);
    }
    if (q.birthDate) total += dateAt(dateLevel(q.birthDate, parsePartialDate(row.birthDate)));
    if (q.sex) total += q.sex === row.sex ? sex.agree : sex.different;
    if (q.birthProvince) {
      const place = placeAgreement(q.birthProvince, row.birthProvince);
      total += place.agree ? birthPlace.agree - mergedProvinceBits(place.spans) : birthPlace.different;
    }
    if (q.id) total += q.id === row.id ? 20 : 0;
    return total;
  };
}

/** The candidates worth scoring fully, best first by pre-score, and how many were left out. */
export function shortlistOf<T extends { row: ScoredRow }>(model: MatchingModel, query: PersonFeatures, found: readonly T[]): { shortlist: readonly T[]; leftOut: number } {
  if (found.length <= FULLY_SCORED) return { shortlist: found, leftOut: 0 };
  const keys = query.names.filter((n) => n.given).map(blockingKeysOf);
  const preScore = preScorer(model);
  const preScored = found.map((f) => ({ f, bits: preScore(query, keys, f.row) })).sort((a, b) => b.bits - a.bits);
  return { shortlist: preScored.slice(0, FULLY_SCORED).map((p) => p.f), leftOut: found.length - FULLY_SCORED };
}

export interface RankedCandidate {
  row: ScoredRow;
  pass: string;
  score: Score;
  decision: Decision;
}

export interface Ranking {
  candidates: RankedCandidate[];
  /** How many distinct rows the blocking passes returned and were scored. */
  counted: number;
  /** Bits between the first and the second candidate (or zero evidence); null with no candidate. */
  marginBits: number | null;
  /** The first candidate's log-odds before calibration, which the calibration reads; null with no candidate. */
  firstLogOdds: number | null;
}

/**
 * The search posterior of each candidate: its likelihood ratio against the sum of everyone else's.
 * Everyone else is the other candidates, scored, plus the people blocking did not return, who weigh
 * their number times the model's `outsideRate`: the person sought is one of them only if blocking
 * missed them, or is not in the mirror at all (matching.md: a prior for a search over a population of N).
 */
function searchPriors(bits: readonly number[], others: number, outsideRate: number): { shared: number[]; alone: number } {
  const top = Math.max(...bits, 0);
  // Scaled by 2^-top so that no power overflows; the ratios are unchanged.
  const scaled = bits.map((b) => 2 ** (b - top));
  // Never less than one person of average likelihood: the person sought may not be in the mirror at all.
  const outside = Math.max(others * outsideRate, 1) * 2 ** -top;
  const sum = scaled.reduce((a, b) => a + b, 0);
  return { shared: bits.map((_, i) => -(Math.log2(sum - scaled[i]! + outside) + top)), alone: -(Math.log2(outside) + top) };
}

const DATE_SLIPS = new Set(['one_digit', 'one_day', 'swapped']);

/** Scores every blocked candidate and keeps the best k; `match` also needs the top-2 margin. */
export function rankCandidates(
  model: MatchingModel,
  query: PersonFeatures,
  found: ReadonlyArray<{ row: ScoredRow; pass: string }>,
  populationSize: number,
  k: number,
  featuresOf: (row: ScoredRow) => PersonFeatures = rowFeatures,
): Ranking {
  const { shortlist, leftOut } = shortlistOf(model, query, found);
  const scored = shortlist
    .map(({ row, pass }) => ({ row, pass, score: score(model, query, featuresOf(row), 0) }))
    .sort((a, b) => b.score.totalBits - a.score.totalBits);
  // Rows left out of full scoring still compete, each as well as the weakest row scored fully: the
  // pre-score leaves attributes out, so it is no measure of their weight, but it ranked them lower.
  const floor = scored.at(-1)?.score.totalBits ?? 0;
  const bits = [...scored.map((c) => c.score.totalBits), ...Array<number>(leftOut).fill(floor)];
  const priors = searchPriors(bits, populationSize - found.length, model.outsideRate);
  const first = scored[0];
  const second = scored[1];
  // A second candidate below zero evidence is as good as none: the margin is then taken against 0 bits.
  const marginBits = first ? Math.round((first.score.totalBits - Math.max(second?.score.totalBits ?? 0, 0)) * 100) / 100 : null;
  const firstLogOdds = first ? priors.shared[0]! + first.score.totalBits : null;
  const candidates = scored.slice(0, k).map((c, i) => {
    // The population prior alone held a common name with one slip at `possible` even when no one
    // else came close: the first candidate's probability is what labelled searches say of its log-odds.
    // A full date that agrees only after a slip (a digit, a day, day and month swapped) is what a
    // namesake born near the same day also reaches, and the denser the name the likelier: the
    // calibration, fitted over all first candidates, may lift it, never above its own posterior.
    const slipped = i === 0 && DATE_SLIPS.has(c.score.attributes.find((a) => a.attribute === 'birthDate')?.level ?? '');
    const calibrated =
      i === 0 && firstLogOdds !== null && model.searchCalibration
        ? slipped
          ? Math.min(calibratedProbability(model.searchCalibration, firstLogOdds), probabilityOf(firstLogOdds))
          : calibratedProbability(model.searchCalibration, firstLogOdds)
        : null;
    const probability = calibrated ?? probabilityOf(priors.shared[i]! + c.score.totalBits);
    // The calibrated probability is below 1 (fitCalibration smooths every step), so its log-odds are finite.
    const logOdds = calibrated !== null ? Math.log2(calibrated / (1 - calibrated)) : priors.shared[i]! + c.score.totalBits;
    const priorBits = Math.round((logOdds - c.score.totalBits) * 100) / 100;
    const s: Score = { ...c.score, priorBits, probability, plausibility: probabilityOf(priors.alone + c.score.totalBits) };
    return { ...c, score: s, decision: decide(model, s, i === 0 ? marginBits : 0) };
  });
  return { candidates, counted: found.length, marginBits, firstLogOdds };
}
