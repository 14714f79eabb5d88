import type { IdResult } from './idResult';
import { parseTaxIdentifier } from './taxIdentifier';

/** The key of a citizen or a business subject, in canonical form. */
export type SubjectId = { kind: 'citizen'; id: string } | { kind: 'business'; code: string };

/**
 * For routes keyed on "12-digit ID or enterprise code". A dependent unit's 13-digit code comes back
 * as a business code in its hyphenated form; a legacy 10-digit personal tax code is
 * indistinguishable from an enterprise code and also comes back as a business.
 */
export function parseSubjectId(input: string, today: Date = new Date()): IdResult<SubjectId> {
  const parsed = parseTaxIdentifier(input, today);
  if (!parsed.ok) return parsed;
  const { kind, code } = parsed.value;
  return { ok: true, value: kind === 'personal_id' ? { kind: 'citizen', id: code } : { kind: 'business', code } };
}
