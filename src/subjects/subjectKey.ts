import { parseOldIdCard, parseSubjectId, type IdResult } from '../ids';
import type { SubjectKey } from './subjects.types';

/**
 * Reads how a caller named a subject: 12 digits are a personal ID, 10 or 13 a tax code, 9 the old
 * ID card (which only ever names a person through an alias).
 */
export function subjectKeyFrom(input: string, today?: Date): IdResult<SubjectKey> {
  const trimmed = input.trim();
  if (/^\d{9}$/.test(trimmed)) {
    const old = parseOldIdCard(trimmed);
    return old.ok ? { ok: true, value: { kind: 'alias', aliasKind: 'old_id_card', value: old.value.id } } : old;
  }
  const parsed = parseSubjectId(input, today);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: parsed.value.kind === 'citizen'
      ? { kind: 'citizen', nationalId: parsed.value.id }
      : { kind: 'business', nationalId: parsed.value.code },
  };
}
