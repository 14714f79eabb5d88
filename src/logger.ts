import pino, { type Logger } from 'pino';
import { loggedError } from './loggedError';

export type { Logger };

// A run of 9+ digits is an ID card number, a personal ID or a tax code: never write one to a log.
const IDENTIFIER = /\d{9,13}(?:-\d{3})?/g;

/** Keeps the first three digits (the birth province or tax region), enough to debug, not to identify. */
export function maskIdentifiers(text: string): string {
  return text.replace(IDENTIFIER, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 3)}`);
}

/**
 * A request URL as logged: the path with identifiers masked, and of the query only the parameter
 * names. Query values are what callers type (`?q=` in the portal's search, names, dates, the
 * OpenID Connect code and state), so none is written.
 */
export function maskUrl(url: string): string {
  const at = url.search(/[?#]/);
  const path = maskIdentifiers(at < 0 ? url : url.slice(0, at));
  if (at < 0 || url[at] === '#') return path;
  const names = url
    .slice(at + 1)
    .split('#')[0]!
    .split('&')
    .filter(Boolean)
    .map((pair) => `${maskIdentifiers(safeName(pair.split('=')[0]!))}=*`);
  return names.length ? `${path}?${names.join('&')}` : path;
}

/** A parameter name is the caller's text too; a name is short and plain, anything else is not kept. */
function safeName(name: string): string {
  return /^[A-Za-z0-9_.\-[\]]{1,40}$/.test(name) ? name : '…';
}

/**
 * Field names that carry personal data or secrets wherever they appear in a logged object.
 * pino's redaction matches paths, so each name is listed at the depths where Motlan logs objects.
 */
const SENSITIVE_KEYS = [
  'authorization', 'cookie', 'token', 'password', 'secret', 'privateKey',
  'nationalId', 'national_id', 'citizenId', 'citizen_id', 'taxCode', 'tax_code', 'oldIdCard', 'old_id_card',
  'name', 'fullName', 'full_name', 'familyName', 'givenName', 'middleName', 'birthDate', 'birth_date',
  'dateOfBirth', 'birthPlace', 'hoTen', 'ngaySinh', 'father', 'mother', 'spouse', 'children', 'household', 'snapshot',
  'content', 'contentBase64', 'fields', 'address', 'phone', 'email', 'note', 'notes',
  // A query's parameters and a driver's copy of them: the values of a failed query.
  'params', 'parameters', 'args', 'body',
];
const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** Every string that reaches a log, as a last net under the rules above. */
function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskIdentifiers(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  return value;
}

const errorSerializer = (error: unknown): unknown => maskDeep(loggedError(error));

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: errorSerializer },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Error messages and free text can quote what a caller sent; mask identifiers in them too.
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskIdentifiers(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
