import { screenDigits } from './digitInput';
import { fail, type IdResult, type LocalisedText } from './idResult';

/** An enterprise code is also its tax code; a dependent unit adds a 3-digit suffix to its parent's. */
export type TaxCode = { kind: 'enterprise'; code: string } | { kind: 'branch'; code: string; parentCode: string };

const LABEL: LocalisedText = { vi: 'Mã số thuế', en: 'The tax code' };
const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];
// Accepted shapes, and no others: digit groups split by single spaces or by single dots, one kind
// throughout (01.00.112.437, 0312 68 78 78, as in python-stdnum's examples), then optionally a
// hyphen, spaced or not, before the 3-digit suffix. The suffix may also come as one more group, or
// with no separator at all.
const SHAPE = /^\d+(?:([ .])\d+(?:\1\d+)*)?(?: ?- ?\d{3})?$/;

// python-stdnum and stdnum-js refuse a sequence N3–N9 of all zeros (domain.md §2).
function hasZeroSequence(prefix: string): boolean {
  return prefix.slice(2, 9) === '0000000';
}

/**
 * The valid 10-digit code starting with these 9 digits, or null when there is none. For tests and
 * synthetic data; throws unless given exactly 9 ASCII digits.
 */
export function makeTaxCode(prefix9: string): string | null {
  if (!/^[0-9]{9}$/.test(prefix9)) throw new RangeError(`A tax code prefix is 9 ASCII digits, got "${prefix9}"`);
  if (hasZeroSequence(prefix9)) return null;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(prefix9.charAt(i)), 0);
  // When S mod 11 = 0 the formula gives 10, which no single digit can hold.
  const check = 10 - (sum % 11);
  return check === 10 ? null : `${prefix9}${check}`;
}

/**
 * Parses a 10-digit enterprise/tax code or a 13-digit dependent-unit code, returning the canonical
 * form: `0100233488` or `0100233488-001`.
 */
export function parseTaxCode(input: string): IdResult<TaxCode> {
  const screened = screenDigits(input, LABEL, ' .-');
  if (!screened.ok) return screened;
  const text = screened.value;
  const digits = text.replace(/[ .-]/g, '');
  if (digits.length !== 10 && digits.length !== 13) {
    return fail(
      'length',
      `${LABEL.vi} phải có 10 chữ số, hoặc 13 với mã đơn vị phụ thuộc (nhận được ${digits.length})`,
      `${LABEL.en} must have 10 digits, or 13 for a dependent unit (got ${digits.length})`,
    );
  }
  if (!SHAPE.test(text) || (text.includes('-') && digits.length !== 13)) {
    return fail(
      'format',
      `${LABEL.vi} chỉ được ngăn cách bằng một dấu cách hoặc dấu chấm giữa các nhóm số, và một dấu gạch nối trước 3 số cuối của đơn vị phụ thuộc`,
      `${LABEL.en} may only be split by single spaces or dots between digit groups, and one hyphen before a dependent unit's last 3 digits`,
    );
  }
  const parentCode = digits.slice(0, 10);
  if (hasZeroSequence(parentCode)) {
    return fail(
      'zero_sequence',
      `${LABEL.vi}: các chữ số thứ 3 đến 9 không thể đều là 0`,
      `${LABEL.en}: digits 3 to 9 cannot all be zero`,
    );
  }
  if (makeTaxCode(parentCode.slice(0, 9)) !== parentCode) {
    return fail(
      'check_digit',
      `${LABEL.vi} sai chữ số kiểm tra: có lẽ một chữ số bị gõ nhầm`,
      `${LABEL.en} fails its check digit: a digit is probably mistyped`,
    );
  }
  if (digits.length === 10) return { ok: true, value: { kind: 'enterprise', code: parentCode } };
  const suffix = digits.slice(10);
  if (suffix === '000') {
    return fail(
      'branch_suffix',
      `${LABEL.vi}: 3 số cuối của đơn vị phụ thuộc không thể là 000`,
      `${LABEL.en}: a dependent unit's last 3 digits cannot be 000`,
    );
  }
  return { ok: true, value: { kind: 'branch', code: `${parentCode}-${suffix}`, parentCode } };
}
