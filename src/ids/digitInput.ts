import { fail, type IdResult, type LocalisedText } from './idResult';

// Full-width (０), Arabic-Indic (٠), superscript (²) or circled (①) digits look like digits on
// screen. Converting them would hide that the value was copied from somewhere unreliable, so they
// are refused with their own error code instead.
function isLookalikeDigit(ch: string): boolean {
  return /\p{Nd}/u.test(ch) || /[0-9]/.test(ch.normalize('NFKC'));
}

function describe(ch: string): string {
  const codePoint = ch.codePointAt(0) ?? 0;
  return `'${ch}' (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`;
}

/**
 * Trims surrounding whitespace, then accepts only ASCII digits and the given separator characters.
 * Returns the trimmed text.
 */
export function screenDigits(input: string, label: LocalisedText, separators = ''): IdResult<string> {
  const text = input.trim();
  if (text === '') return fail('empty', `${label.vi} đang để trống`, `${label.en} is empty`);
  for (const ch of text) {
    if ((ch >= '0' && ch <= '9') || separators.includes(ch)) continue;
    return isLookalikeDigit(ch)
      ? fail(
          'lookalike_digit',
          `${label.vi} có ký tự ${describe(ch)} trông giống chữ số nhưng không phải chữ số 0–9 thông thường; hãy gõ lại`,
          `${label.en} contains ${describe(ch)}, which looks like a digit but is not an ASCII digit 0–9; retype it`,
        )
      : fail(
          'non_digit',
          `${label.vi} có ký tự ${describe(ch)}, không phải chữ số 0–9`,
          `${label.en} contains ${describe(ch)}, which is not a digit 0–9`,
        );
  }
  return { ok: true, value: text };
}

/** Exactly `length` ASCII digits after trimming; no separators anywhere inside. */
export function parseFixedDigits(input: string, length: number, label: LocalisedText): IdResult<string> {
  const screened = screenDigits(input, label);
  if (!screened.ok) return screened;
  const got = screened.value.length;
  if (got !== length) {
    return fail(
      'length',
      `${label.vi} phải gồm đúng ${length} chữ số (nhận được ${got})`,
      `${label.en} must have exactly ${length} digits (got ${got})`,
    );
  }
  return screened;
}
