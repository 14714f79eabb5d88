import { readFileSync } from 'node:fs';
import { ATTRIBUTES, compare, mergedProvinceBits, type Attribute, type AttributeComparison, type Comparison, type ConflictCode } from './comparisons';
import { LEVEL_LABELS } from './labels';
import type { PersonFeatures } from './personFeatures';
import shipped from './model.json';

/** m = P(level | same person), u = P(level | different people). */
export interface LevelParameters {
  m: number;
  u: number;
}

export interface Thresholds {
  version: string;
  /** `match` needs at least this probability, no hard conflict and (in search) the margin below. */
  match: number;
  possible: number;
  marginBits: number;
}

/** The fitted model, shipped as src/matching/model.json. */
export interface MatchingModel {
  version: string;
  fitted: { seed: number; count: number; pairs: number; emIterations: number };
  levels: Record<Attribute, Record<string, LevelParameters>>;
  /**
   * Share of people with each family / given name, folded and accented (nameKey): a shared rare
   * name weighs more, and an accented "Hùng" is rarer than a folded "hung" (Hùng, Hưng, Hứng).
   */
  termFrequencies: {
    family: Record<string, number>;
    given: Record<string, number>;
    familyAccented?: Record<string, number>;
    givenAccented?: Record<string, number>;
    /**
     * Share of fathers / mothers with each folded name after the family name ("van hung"): a
     * father's name agreeing weighs by how common it is (parentBits).
     */
    father?: Record<string, number>;
    mother?: Record<string, number>;
  };
  /** log2 odds that the record fetched by a claimed ID is the applicant's. */
  verifyPriorBits: number;
  /**
   * Search: the chance that the person sought is none of the candidates (missed by blocking, or not in
   * the mirror), so that each of the people blocking did not return weighs this much against the
   * candidates (rankCandidates).
   */
  outsideRate: number;
  /** Search: the first candidate's probability recalibrated on labelled fit queries (calibratedProbability). */
  searchCalibration?: SearchCalibration;
  thresholds: Thresholds;
}

/**
 * Isotonic recalibration of the first search candidate, fitted on the fit seed's labelled queries
 * (evaluation/fitCalibration): its Fellegi–Sunter log-odds, against the competitors seen and the
 * people blocking did not return, mapped to how often a first candidate with such log-odds was the
 * person.
 */
export interface SearchCalibration {
  /** Labelled search queries it was fitted on. */
  queries: number;
  /** Ascending [from log-odds in bits, probability]; below the first step, the first step's probability. */
  steps: Array<[number, number]>;
}

export function calibratedProbability(c: SearchCalibration, logOdds: number): number {
  let p = c.steps[0]?.[1] ?? probabilityOf(logOdds);
  for (const [from, probability] of c.steps) {
    if (from > logOdds) break;
    p = probability;
  }
  return p;
}

export type Decision = 'match' | 'possible' | 'non_match';

export interface ScoredAttribute extends AttributeComparison {
  bits: number;
}

export interface Score {
  attributes: ScoredAttribute[];
  conflicts: ConflictCode[];
  /** Comparisons that forbid `match` without being conflicts: a twin differs only in the given name. */
  vetoes: string[];
  totalBits: number;
  priorBits: number;
  probability: number;
  /** Search: the probability before the other candidates share it out (rankCandidates). */
  plausibility?: number;
}

// A term frequency is never taken below this: unseen names are rare, not infinitely rare.
const MIN_TF = 1e-5;
const TF_LEVELS = new Set(['exact', 'folded']);

/** The shipped model (src/matching/model.json), or another fitted one from a file. */
export function loadModel(file?: string): MatchingModel {
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as MatchingModel) : (shipped as unknown as MatchingModel);
}

export function levelBits(model: MatchingModel, c: AttributeComparison): number {
  if (c.level === 'missing') return 0;
  const p = model.levels[c.attribute]?.[c.level];
  if (!p) return 0;
  if ((c.attribute === 'father' || c.attribute === 'mother') && c.level === 'exact' && c.tfValue) return parentBits(model, c.attribute, c.tfValue, p);
  if ((c.attribute === 'family' || c.attribute === 'given') && TF_LEVELS.has(c.level) && c.tfValue) {
    // Term-frequency adjustment: u becomes the chance that a random person shares this very name.
    // A name absent from the table falls back on the level's own u: conservative for rare names.
    const tables = model.termFrequencies;
    if (c.level === 'exact') {
      const accented = c.attribute === 'family' ? tables.familyAccented : tables.givenAccented;
      const tf = (c.query ? accented?.[c.query] : undefined) ?? tables[c.attribute][c.tfValue] ?? p.u;
      return Math.log2(p.m / Math.max(tf, MIN_TF));
    }
    // A name written without diacritics, typed or on record, cannot reach "exact": for it, folded is
    // the top level and takes exact's m (else every unaccented name is penalised for its keyboard),
    // whichever side is bare. Its u is the folded share, never below the accented one, so it never
    // outweighs "exact".
    const bare = c.query === c.tfValue || c.record === c.tfValue;
    const m = bare ? (model.levels[c.attribute].exact?.m ?? p.m) : p.m;
    return Math.log2(m / Math.max(tables[c.attribute][c.tfValue] ?? p.u, MIN_TF));
  }
  return Math.log2(p.m / p.u) - mergedProvinceBits(c.spans);
}

/**
 * A parent's name agreeing, weighed by how common it is: "Trần Văn Hùng" is the father of many
 * Trần, "Trần Đình Khiêm" of few. A father's family name is the person's own, already weighed by
 * the family comparison, so only the rest of his name counts (its share among fathers); a mother's
 * family name is her own, so its share among everyone multiplies the rest's. A name absent from
 * the tables falls back on the level's u, as for the person's own names.
 */
function parentBits(model: MatchingModel, attribute: 'father' | 'mother', name: string, p: LevelParameters): number {
  const space = name.indexOf(' ');
  const rest = space < 0 ? undefined : model.termFrequencies[attribute]?.[name.slice(space + 1)];
  if (rest === undefined) return Math.log2(p.m / p.u);
  const family = attribute === 'mother' ? (model.termFrequencies.family[name.slice(0, space)] ?? 1) : 1;
  return Math.log2(p.m / Math.max(rest * family, MIN_TF));
}

export function probabilityOf(bits: number): number {
  return 1 / (1 + 2 ** -bits);
}

/**
 * `score(…).totalBits` alone, without the explained attributes: verify weighs a dozen namesakes per
 * call and reads nothing else of them.
 */
export function evidenceBits(model: MatchingModel, query: PersonFeatures, record: PersonFeatures, mode: 'verify' | 'search' = 'search'): number {
  let total = 0;
  for (const c of compare(query, record, nameBitsOf(model)).attributes) if (!(mode === 'verify' && c.attribute === 'id')) total += round(levelBits(model, c));
  return round(total);
}

const nameBits = new WeakMap<MatchingModel, (names: AttributeComparison[]) => number>();

function nameBitsOf(model: MatchingModel): (names: AttributeComparison[]) => number {
  let f = nameBits.get(model);
  if (!f) {
    f = (names) => {
      let sum = 0;
      for (const c of names) sum += levelBits(model, c);
      return sum;
    };
    nameBits.set(model, f);
  }
  return f;
}

export function score(model: MatchingModel, query: PersonFeatures, record: PersonFeatures, priorBits: number, mode: "verify" | "search" = "search"): Score {
  const comparison: Comparison = compare(query, record, nameBitsOf(model));
  // In verify mode the ID fetched the record: its agreement is the prior, not evidence counted twice.
  const attributes = comparison.attributes.map((c) => ({ ...c, bits: mode === "verify" && c.attribute === "id" ? 0 : round(levelBits(model, c)) }));
  const totalBits = round(attributes.reduce((sum, a) => sum + a.bits, 0));
  const given = attributes.find((a) => a.attribute === 'given');
  const vetoes = given?.level === 'different' ? ['given_name_different'] : [];
  if (mode === 'search' && attributes.some(contradictsTypedFact)) vetoes.push('birth_place_or_parent_different');
  return { attributes, conflicts: withoutLoneSexSlip(comparison.conflicts, attributes), vetoes, totalBits, priorBits: round(priorBits), probability: probabilityOf(priorBits + totalBits) };
}

/**
 * Search: a typed birth place, or a parent's name, that the record contradicts (a parent's name only
 * similar, one or two letters apart once folded, is another name: "Văn Quý" and "Văn Huy"). These
 * do not change in a life, and without an ID they are what tells a person from a namesake with the
 * same name and birth date: the name and the date weigh 20 bits and more, which the −6 bits of
 * such a contradiction cannot outvote, although when the name and date agree the contradiction is
 * the only evidence about who this is. Such a candidate is at best `possible`. Residence is left out
 * (people move), and so is a parent's middle name alone differing (often dropped).
 */
function contradictsTypedFact(a: ScoredAttribute): boolean {
  if (a.attribute === 'birthPlace') return a.level === 'different';
  if (a.attribute === 'father' || a.attribute === 'mother') return a.level === 'different' || a.level === 'similar';
  return false;
}

/**
 * A typed sex that contradicts the ID is a clerk's slip of one field when every other attribute
 * typed agrees (none weighs against): it is then weighed by the sex level alone, not fatal. With any
 * other disagreement it stays a hard conflict (someone else's ID, or someone else's record).
 */
function withoutLoneSexSlip(conflicts: ConflictCode[], attributes: readonly ScoredAttribute[]): ConflictCode[] {
  if (!conflicts.includes('sex_contradicts_id')) return conflicts;
  const othersAgree = attributes.every((a) => a.attribute === 'sex' || a.attribute === 'id' || a.bits >= 0);
  return othersAgree ? conflicts.filter((c) => c !== 'sex_contradicts_id') : conflicts;
}

/**
 * Thresholds are applied here only, so their version is the one reported. `possible` is judged on
 * `plausibility` too when the score has one: in search, the candidate's probability before the other candidates
 * share it out, so that two people who fit equally well (twins, namesakes) are both `possible`
 * rather than both under one half.
 */
export function decide(model: MatchingModel, s: Pick<Score, 'probability' | 'plausibility' | 'conflicts' | 'vetoes'>, marginBits: number | null): Decision {
  const t = model.thresholds;
  const clear = s.conflicts.length === 0 && s.vetoes.length === 0 && (marginBits === null || marginBits >= t.marginBits);
  if (s.probability >= t.match && clear) return 'match';
  if (Math.max(s.probability, s.plausibility ?? 0) >= t.possible) return 'possible';
  return 'non_match';
}

export function labelOf(attribute: Attribute, level: string): { vi: string; en: string } {
  return LEVEL_LABELS[`${attribute}.${level}`] ?? LEVEL_LABELS[level] ?? { vi: level, en: level };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export { ATTRIBUTES };
