import { seededRandom } from '../../connectors/shared/seededRandom';
import { foldedKey, nameKey } from '../../names';
import { fullDates, nameKeys, PASS_CAP } from '../blocking';
import { ATTRIBUTES, compare, LEVELS, type Attribute } from '../comparisons';
import { levelBits, type LevelParameters, type MatchingModel, type Thresholds } from '../matchingModel';
import { mirrorRowOf, rowFeatures } from '../mirrorRow';
import { personFeatures, type PersonFeatures } from '../personFeatures';
import { labelledQueries } from './labelledQueries';
import { syntheticPopulation } from './syntheticPopulation';

/** The rules around the fitted weights (priors, conflicts): part of the model version. */
export const MODEL_RULES = 'r8';
/** Fixed before any evaluation query is drawn (matching.md "Decide"); bump the version on change. */
export const THRESHOLDS: Thresholds = { version: 'thresholds-2026-11.2', match: 0.999, possible: 0.5, marginBits: 6 };
// ≈ One claimed ID in ten at a counter is not the applicant's own (a relative's, a typo): 0.9 → 3.17 bits.
const VERIFY_PRIOR_BITS = Math.log2(0.9 / 0.1);
// The chance that the person sought is none of the candidates: blocking missed them (below 1 in 1,000
// in the harness), or the mirror does not hold them (foreigners, newborns not yet registered, a stale
// mirror). Set at 10%, conservatively: at 1% a tenth of the people absent from the mirror whose
// same-name, same-birth-date namesake it holds were matched to the namesake (harness stress class).
const OUTSIDE_RATE = 0.1;
const EM_ITERATIONS = 25;
const SMOOTHING = 0.5;

type Vector = Uint8Array;

function initialModel(termFrequencies: MatchingModel['termFrequencies']): MatchingModel {
  const levels = {} as MatchingModel['levels'];
  for (const attribute of ATTRIBUTES) {
    const names = LEVELS[attribute].filter((l) => l !== 'missing');
    levels[attribute] = Object.fromEntries(
      names.map((l, i) => [l, { m: i === 0 ? 0.8 : 0.2 / (names.length - 1), u: i === names.length - 1 ? 0.8 : 0.2 / (names.length - 1) }]),
    );
  }
  return { version: 'initial', fitted: { seed: 0, count: 0, pairs: 0, emIterations: 0 }, levels, termFrequencies, verifyPriorBits: VERIFY_PRIOR_BITS, outsideRate: OUTSIDE_RATE, thresholds: THRESHOLDS };
}

function vectorOf(model: MatchingModel, q: PersonFeatures, r: PersonFeatures): Vector {
  const c = compare(q, r, (names) => names.reduce((s, a) => s + levelBits(model, a), 0));
  const v = new Uint8Array(ATTRIBUTES.length);
  c.attributes.forEach((a) => {
    v[ATTRIBUTES.indexOf(a.attribute)] = (LEVELS[a.attribute] as readonly string[]).indexOf(a.level);
  });
  return v;
}

/** A parent's folded name without its first word, the family name: "Trần Văn Quý" → "van quy". */
function afterFamily(fullName: string | undefined): string {
  const folded = fullName ? foldedKey(fullName) : '';
  const space = folded.indexOf(' ');
  return space < 0 ? '' : folded.slice(space + 1);
}

function shares(values: Iterable<string>): Record<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const v of values) {
    if (!v) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    total++;
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Number((n / total).toPrecision(4))]));
}

/**
 * Fits the model on a population and queries of its own seed: u from random query–record pairs,
 * m by expectation–maximisation over the unlabelled pairs the blocking passes return (Splink's
 * recipe), term frequencies from the population. Labels are never read.
 */
export function fitModel({ seed, count, queries, version }: { seed: number; count: number; queries: number; version: string }): MatchingModel {
  const random = seededRandom(seed * 31 + 7);
  const population = syntheticPopulation(seed, count);
  const rows = population.citizens.map(mirrorRowOf);
  const termFrequencies = {
    family: shares(population.citizens.map((c) => foldedKey(c.name.family))),
    given: shares(population.citizens.map((c) => foldedKey(c.name.given))),
    familyAccented: shares(population.citizens.map((c) => nameKey(c.name.family))),
    givenAccented: shares(population.citizens.map((c) => nameKey(c.name.given))),
    father: shares(population.citizens.map((c) => afterFamily(c.father?.fullName))),
    mother: shares(population.citizens.map((c) => afterFamily(c.mother?.fullName))),
  };
  const model = initialModel(termFrequencies);
  const features = new Map<string, PersonFeatures>();
  const featuresOf = (row: (typeof rows)[number]) => {
    let f = features.get(row.id);
    if (!f) features.set(row.id, (f = rowFeatures(row)));
    return f;
  };
  const qs = labelledQueries(population, queries, seed + 1).map((q) => personFeatures(q.input));

  const uCounts = ATTRIBUTES.map((a) => new Float64Array(LEVELS[a].length));
  for (let i = 0; i < qs.length * 5; i++) {
    const q = qs[Math.floor(random() * qs.length)]!;
    const r = rows[Math.floor(random() * rows.length)]!;
    vectorOf(model, q, featuresOf(r)).forEach((level, a) => (uCounts[a]![level]! += 1));
  }

  const missing = (a: number) => LEVELS[ATTRIBUTES[a]!].length - 1;
  const probabilities = (counts: Float64Array, a: number) => {
    let total = 0;
    for (let l = 0; l < missing(a); l++) total += counts[l]! + SMOOTHING;
    return [...counts].map((n, l) => (l === missing(a) ? 1 : (n + SMOOTHING) / total));
  };
  const u = uCounts.map(probabilities);
  const initialM = ATTRIBUTES.map((attribute) => LEVELS[attribute].map((level) => model.levels[attribute][level]?.m ?? 1));

  /** One EM session over pairs that agree on `key`; attributes in the key learn nothing there. */
  const session = (
    blockedOn: Attribute[],
    rowKey: (r: (typeof rows)[number]) => string,
    queryKeys: (q: PersonFeatures) => string[],
    start = initialM,
    learn: (a: number) => boolean = () => true,
  ) => {
    const skip = blockedOn.map((b) => ATTRIBUTES.indexOf(b));
    const block = new Map<string, (typeof rows)[number][]>();
    for (const r of rows) {
      const k = rowKey(r);
      const list = block.get(k);
      if (list) list.push(r);
      else block.set(k, [r]);
    }
    const pairs: Vector[] = [];
    for (const q of qs) for (const k of new Set(queryKeys(q))) for (const r of (block.get(k) ?? []).slice(0, PASS_CAP)) pairs.push(vectorOf(model, q, featuresOf(r)));
    let m = start;
    let lambda = 0.05;
    for (let iteration = 0; iteration < EM_ITERATIONS; iteration++) {
      const mCounts = ATTRIBUTES.map((a) => new Float64Array(LEVELS[a].length));
      let matches = 0;
      for (const v of pairs) {
        let bits = Math.log2(lambda / (1 - lambda));
        v.forEach((level, a) => {
          if (!skip.includes(a)) bits += Math.log2(m[a]![level]! / u[a]![level]!);
        });
        const w = 1 / (1 + 2 ** -bits);
        matches += w;
        v.forEach((level, a) => (mCounts[a]![level]! += w));
      }
      lambda = Math.min(0.99, Math.max(1e-4, matches / pairs.length));
      m = mCounts.map((counts, a) => (learn(a) ? probabilities(counts, a) : m[a]!));
    }
    console.error(`EM session on ${blockedOn.join('+')}: ${pairs.length} pairs, λ=${lambda.toFixed(4)}`);
    return { m, pairs: pairs.length, lambda };
  };
  // Splink's recipe against siblings, who agree on everything but the given name and the birth
  // date: names learn from pairs blocked on the full birth date, the date from pairs blocked on names.
  const byDate = session(['birthDate', 'sex'], (r) => r.birthDate, fullDates);
  // Name blocks are large and mostly non-matches: EM there learns the date alone, the other
  // attributes held at the first session's values so the latent class stays "same person".
  const dateIndex = ATTRIBUTES.indexOf('birthDate');
  const byName = session(
    ['family', 'given'],
    (r) => `${r.familyKey}|${r.givenKey}`,
    (q) => nameKeys(q).map((k) => `${k.familyKey}|${k.givenKey}`),
    byDate.m,
    (a) => a === dateIndex,
  );
  const m = ATTRIBUTES.map((attribute, a) => (attribute === 'birthDate' ? byName.m[a]! : byDate.m[a]!));
  const pairs = { length: byDate.pairs + byName.pairs };

  const levels = {} as MatchingModel['levels'];
  ATTRIBUTES.forEach((attribute: Attribute, a) => {
    levels[attribute] = Object.fromEntries(
      LEVELS[attribute]
        .filter((l) => l !== 'missing')
        .map((l, i): [string, LevelParameters] => [l, { m: Number(m[a]![i]!.toPrecision(4)), u: Number(u[a]![i]!.toPrecision(4)) }]),
    );
  });
  return { ...model, version, fitted: { seed, count, pairs: pairs.length, emIterations: EM_ITERATIONS }, levels };
}
