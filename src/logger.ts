import pino, { type Logger } from 'pino';

export type { Logger };

// A run of 9+ digits is an ID card number, a personal ID or a tax code: never write one to a log.
const IDENTIFIER = /\d{9,13}(?:-\d{3})?/g;

/** Keeps the first three digits (the birth province or tax region), enough to debug, not to identify. */
export function maskIdentifiers(text: string): string {
  return text.replace(IDENTIFIER, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 3)}`);
}

/** A request URL as logged: identifiers masked, and the one-time OpenID Connect code and state (the portal's callback) dropped. */
export function maskUrl(url: string): string {
  return maskIdentifiers(url).replace(/([?&](?:code|state|session_state)=)[^&#]*/g, '$1***');
}

/**
 * Field names that carry personal data or secrets wherever they appear in a logged object.
 * pino's redaction matches paths, so each name is listed at the depths where Motlan logs objects.
 */
const SENSITIVE_KEYS = [
  'authorization', 'cookie', 'token', 'password', 'secret', 'privateKey',
  'nationalId', 'national_id', 'citizenId', 'citizen_id', 'taxCode', 'tax_code', 'oldIdCard', 'old_id_card',
  'name', 'fullName', 'full_name', 'familyName', 'givenName', 'middleName', 'birthDate', 'birth_date',
  'content', 'contentBase64', 'fields', 'address', 'phone', 'email',
];
const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** Every string inside a serialized error: a database error quotes the offending row's key. */
function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskIdentifiers(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  return value;
}

export const errorSerializer = (error: Error): unknown => maskDeep(pino.stdSerializers.err(error));

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
