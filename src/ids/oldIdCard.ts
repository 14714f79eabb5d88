import { parseFixedDigits } from './digitInput';
import type { IdResult } from './idResult';

export interface OldIdCard {
  id: string;
}

/**
 * The old 9-digit identity card number (CMND). It is a separate numbering: the 12-digit number
 * cannot be derived from it, only linked through the population database (domain.md §1).
 * Twelve-digit CMNDs also existed, but a 12-digit input is always read as the personal ID.
 */
export function parseOldIdCard(input: string): IdResult<OldIdCard> {
  const digits = parseFixedDigits(input, 9, { vi: 'Số chứng minh nhân dân', en: 'The old ID card number' });
  return digits.ok ? { ok: true, value: { id: digits.value } } : digits;
}
