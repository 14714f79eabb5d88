export interface LocalisedText {
  vi: string;
  en: string;
}

export type IdErrorCode =
  | 'empty'
  | 'non_digit'
  | 'lookalike_digit'
  | 'length'
  | 'format'
  | 'unknown_province'
  | 'future_birth_year'
  | 'zero_sequence'
  | 'check_digit'
  | 'branch_suffix';

export interface IdError {
  code: IdErrorCode;
  message: LocalisedText;
}

/** Parsers return errors as values: a form shows the message, a route maps the code. */
export type IdResult<T> = { ok: true; value: T } | { ok: false; error: IdError };

export function fail(code: IdErrorCode, vi: string, en: string): { ok: false; error: IdError } {
  return { ok: false, error: { code, message: { vi, en } } };
}
