import { jaroWinkler } from '../jaroWinkler';
import type { MatchingModel } from '../matchingModel';
import { parsePartialDate, type NamePart, type PersonFeatures, type PersonInput } from '../personFeatures';
import type { ScoredRow } from '../mirrorRow';

type Decision = 'match' | 'possible' | 'non_match';

// ≈ MOSIP ID Authentication's demographic matcher, as its documentation describes it: the name as
// a token set (exact, or partial = share of the query's tokens found), dates and gender exact; the
// authentication passes when every supplied attribute matches. No probability, no weighting.
const PARTIAL_NAME_THRESHOLD = 0.6;

function tokens(s: string): string[] {
  return s.toLowerCase().trim().split(/\s+/u);
}

/** MOSIP-style exact/partial token matcher on one pair. */
export function mosipStyleMatches(q: PersonInput, r: ScoredRow): boolean {
  if (q.fullName) {
    const qt = tokens(q.fullName);
    const rt = new Set(tokens(r.fullName));
    if (qt.filter((t) => rt.has(t)).length / qt.length < PARTIAL_NAME_THRESHOLD) return false;
  }
  if (q.birthDate && q.birthDate !== r.birthDate) return false;
  if (q.sex && q.sex !== r.sex) return false;
  return true;
}

/** One passing candidate is a match, several are ambiguous (possible), none a non-match. */
export function mosipStyleDecision(q: PersonInput, rows: readonly ScoredRow[]): { decision: Decision; top: ScoredRow | undefined } {
  const passing = rows.filter((r) => mosipStyleMatches(q, r));
  return { decision: passing.length === 1 ? 'match' : passing.length > 1 ? 'possible' : 'non_match', top: passing[0] };
}

function rawPart(raw: string | undefined): NamePart | null {
  if (!raw) return null;
  const lower = raw.toLowerCase();
  // No NFC, no folding, no tone convention, no sound-alike key: each form is the raw lower case.
  return { raw, accented: lower, folded: lower, phonetic: `\u0000${lower}` };
}

/**
 * Features for Fellegi–Sunter with generic levels: names split on spaces but compared as raw lower
 * case (no NFC, no folding, no regional surnames, one reading only), no term frequencies.
 */
export function genericFeatures(input: PersonInput): PersonFeatures {
  const words = (input.fullName ?? '').trim().split(/\s+/u).filter(Boolean);
  return {
    id: input.id ?? null,
    names: words.length
      ? [{ family: rawPart(words.length > 1 ? words[0] : undefined), middle: rawPart(words.slice(1, -1).join(' ') || undefined), given: rawPart(words[words.length - 1]) }]
      : [],
    birthDate: parsePartialDate(input.birthDate),
    sex: input.sex ?? null,
    birthProvince: input.birthPlace && /^\d{3}$/.test(input.birthPlace) ? input.birthPlace : (input.birthPlace ?? null),
    residenceProvince: input.residenceProvince ?? null,
    residenceCommune: input.residenceCommune?.toLowerCase() ?? null,
    father: input.fatherName?.toLowerCase() ?? null,
    mother: input.motherName?.toLowerCase() ?? null,
  };
}

/** The fitted levels without the Vietnamese parts: no term frequencies, no day/month swap level. */
export function genericModel(model: MatchingModel): MatchingModel {
  // Generic date levels know "one character off", not a day/month swap: a swap counts as year-only.
  const levels = { ...model.levels, birthDate: { ...model.levels.birthDate, swapped: model.levels.birthDate.year_only! } };
  return { ...model, version: `${model.version}+generic`, levels, termFrequencies: { family: {}, given: {}, familyAccented: {}, givenAccented: {} } };
}

export { jaroWinkler };
