import { laterNamesakePasses } from './blocking';
import { decide, evidenceBits, levelBits, score, type Decision, type MatchingModel, type Score } from './matchingModel';
import { rowFeatures, type ScoredRow } from './mirrorRow';
import type { PersonFeatures } from './personFeatures';
import { shortlistOf } from './rankCandidates';

export interface Verification {
  score: Score;
  decision: Decision;
  /** Other mirror persons the typed details fit within the margin: a twin, a namesake. */
  namesakes: number;
  /**
   * Log-odds by which the claimed record (its evidence plus the verify prior) beats the best other
   * person's evidence; null when none was found.
   */
  marginBits: number | null;
}

/**
 * Scores the record fetched by the claimed ID. The typed details are also scored against the
 * mirror's namesakes: when another person fits as well, the claim proves little (an applicant can
 * quote a namesake's ID), so `match` then needs the same margin as in search.
 */
export function verifyPerson(
  model: MatchingModel,
  query: PersonFeatures,
  record: PersonFeatures,
  others: ReadonlyArray<{ row: ScoredRow }>,
): Verification {
  const s = score(model, { ...query, id: record.id }, record, model.verifyPriorBits, 'verify');
  const withoutId = { ...query, id: null };
  // The claimed record is the one the applicant's ID points at: that claim (the verify prior) is on
  // its side of the margin, and on its side only, both when namesakes are counted and in marginBits.
  const claimed = model.verifyPriorBits + s.totalBits;
  let best = -Infinity;
  let namesakes = 0;
  // Others beyond the shortlist fit the typed details worse than forty who were scored.
  for (const { row } of shortlistOf(model, withoutId, others).shortlist) {
    if (row.id === record.id) continue;
    const bits = evidenceBits(model, withoutId, rowFeatures(row), 'verify');
    best = Math.max(best, bits);
    if (claimed - bits < model.thresholds.marginBits) namesakes++;
  }
  const marginBits = best === -Infinity ? null : Math.round((claimed - Math.max(best, 0)) * 100) / 100;
  return { score: s, decision: decide(model, s, marginBits), namesakes, marginBits };
}

/**
 * verifyPerson over the namesakes read with the record (namesakePasses) and, when a date was typed
 * and the claimed record's evidence leaves room for a person those passes do not read to come
 * within the margin, over the rest of the name's three years too (laterNamesakePasses, through
 * `readMore`). When it leaves no room, no such person could count as a namesake or bring the margin
 * under the threshold: the decision is that of reading everyone the search passes find and no
 * namesake is missed (the full-date passes may find one more, a near date under another family
 * name); marginBits is then measured against the people read.
 */
export async function verifyClaim<T extends { row: ScoredRow }>(
  model: MatchingModel,
  query: PersonFeatures,
  record: PersonFeatures,
  namesakes: readonly T[],
  readMore: (passes: readonly string[]) => Promise<readonly T[]>,
): Promise<Verification> {
  const v = verifyPerson(model, query, record, namesakes);
  const later = laterNamesakePasses(query);
  if (!later.length || model.verifyPriorBits + v.score.totalBits - unreadBest(model, query) >= model.thresholds.marginBits) return v;
  const read = new Set(namesakes.map((n) => n.row.id));
  return verifyPerson(model, query, record, [...namesakes, ...(await readMore(later)).filter((n) => !read.has(n.row.id))]);
}

// How the date of a person namesakePasses do not read compares with the typed date. A full date
// typed: not born on it, on its swap or a year off it, one digit or one day from it, nor recorded in
// its year with a year or month only (a full date in a year beside it, or a partial one, is
// year_near). A year (or year and month) typed: born in a year beside it, year_near. (Neither
// counts the people of a common name's block beyond PASS_CAP, whom the passes it stands for cut too.)
const UNREAD_DATE_LEVELS = ['same_month', 'same_year', 'year_near', 'different'];

/**
 * The most evidence such a person can carry: every other typed attribute at its top level (the
 * query against itself), the date at the best of UNREAD_DATE_LEVELS.
 */
function unreadBest(model: MatchingModel, query: PersonFeatures): number {
  const q = { ...query, id: null };
  const date = Math.max(...UNREAD_DATE_LEVELS.map((level) => Math.round(levelBits(model, { attribute: 'birthDate', level, query: null, record: null }) * 100) / 100));
  return score(model, q, q, 0, 'verify').attributes.reduce((sum, a) => sum + (a.attribute === 'birthDate' ? date : a.bits), 0);
}
