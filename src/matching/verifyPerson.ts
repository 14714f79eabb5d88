import { decide, evidenceBits, score, type Decision, type MatchingModel, type Score } from './matchingModel';
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
