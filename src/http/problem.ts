/**
 * Errors as values with a type; one handler renders them as RFC 9457 problem+json.
 * `type` URIs are stable identifiers documented in the README's error table.
 */
export const PROBLEM_TYPE_BASE = 'https://motlan.vn/problems/';

export interface InvalidParam {
  /** JSON Pointer into the request part named by `in`. */
  pointer: string;
  /** The schema keyword or rule that failed, e.g. `required`, `pattern`, `citizen_id.unknown_province`. */
  rule: string;
  message: string;
  /** The same in Vietnamese, where a person (not only a program) will read it. */
  messageVi?: string;
  in?: 'body' | 'query' | 'path' | 'header';
}

export interface ProblemFields {
  detail?: string;
  errors?: InvalidParam[];
  headers?: Record<string, string>;
  /** Extra members for the body (RFC 9457 §3.2 extensions). */
  extensions?: Record<string, unknown>;
}

export class Problem extends Error {
  override name = 'Problem';
  readonly type: string;
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly fields: ProblemFields = {},
  ) {
    super(fields.detail ?? title);
    this.type = PROBLEM_TYPE_BASE + slug;
  }
}

export function problem(status: number, slug: string, title: string, fields?: ProblemFields): Problem {
  return new Problem(status, slug, title, fields);
}

export const notFound = (what: string, detail?: string) =>
  problem(404, 'not-found', `${what} not found`, { detail: detail ?? `No ${what.toLowerCase()} matches this request.` });

export const validationFailed = (errors: InvalidParam[], detail = 'The request does not satisfy the contract.') =>
  problem(400, 'validation-failed', 'Request validation failed', { detail, errors });

export const unauthorized = (detail: string) =>
  problem(401, 'unauthorized', 'Authentication required', {
    detail,
    headers: { 'WWW-Authenticate': 'Bearer realm="motlan", error="invalid_token"' },
  });

export const forbidden = (detail: string) => problem(403, 'forbidden', 'Not allowed', { detail });
