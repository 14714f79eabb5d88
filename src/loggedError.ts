/**
 * An error as it may be written to a log: its kind, a message without the values it was given, the
 * database's own diagnostics and the stack frames, and nothing else.
 *
 * Errors carry what they were given. drizzle's DrizzleQueryError puts every query parameter in its
 * message ("params: citizen,Nguyễn Thị Thu Hằng,1987-03-14,…") and in `params`; PGlite adds `params`
 * to its errors, postgres.js adds `parameters` in debug mode; PostgreSQL's `detail` quotes the row
 * ("Failing row contains (…)") or the key, and a data exception's message quotes the bad value. So
 * the fields kept are named here, not the ones dropped: a new driver field stays out of the logs.
 */
export interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  /** The SQLSTATE, or a library's own code (ECONNREFUSED, ERR_…). */
  code?: string;
  cause?: LoggedError;
  [field: string]: unknown;
}

/** String fields that name a thing, never a value a caller sent. */
const NAMING_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine', 'reason', 'registry'] as const;
/** The SQL text of a failed query: parameterised, so it holds placeholders ($1, $2), not values. */
const QUERY_FIELDS = ['query'] as const;
/** postgres.js names PostgreSQL's fields its own way; PGlite uses the names above. */
const POSTGRES_JS_FIELDS: Record<string, string> = {
  constraint_name: 'constraint',
  table_name: 'table',
  column_name: 'column',
  schema_name: 'schema',
  data_type_name: 'dataType',
};
const MAX_CAUSES = 5;

export function loggedError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error) && !(error && typeof error === 'object' && 'message' in error)) {
    return { type: typeof error, message: '[a thrown non-error value, not logged]' };
  }
  const e = error as Error & Record<string, unknown>;
  const type = typeof e.name === 'string' && e.name !== 'Error' ? e.name : e.constructor && e.constructor !== Object ? e.constructor.name : 'Error';
  const message = safeMessage(e);
  const logged: LoggedError = { type, message };
  if (typeof e.stack === 'string') logged.stack = [`${type}: ${message}`, ...stackFrames(e.stack)].join('\n');
  for (const field of [...NAMING_FIELDS, ...QUERY_FIELDS]) {
    if (typeof e[field] === 'string') logged[field] = e[field];
  }
  for (const [driverField, field] of Object.entries(POSTGRES_JS_FIELDS)) {
    if (typeof e[driverField] === 'string') logged[field] = e[driverField];
  }
  for (const [field, value] of Object.entries(e)) {
    // Numbers and flags (status, position, retryAfterSeconds, expose) cannot quote a caller.
    if (typeof value === 'number' || typeof value === 'boolean') logged[field] = value;
  }
  if (typeof e.detail === 'string') logged.detail = safeDetail(e.detail);
  if (e.cause !== undefined && depth < MAX_CAUSES) {
    logged.cause = loggedError(e.cause, depth + 1);
    // The driver's error repeats the statement drizzle already gave.
    if (logged.cause.query === logged.query) delete logged.cause.query;
  }
  if (Array.isArray(e.errors) && depth < MAX_CAUSES) logged.errors = e.errors.slice(0, 3).map((inner) => loggedError(inner, depth + 1));
  return logged;
}

function safeMessage(e: Error & Record<string, unknown>): string {
  const message = typeof e.message === 'string' ? e.message : '';
  // DrizzleQueryError: "Failed query: <sql>\nparams: <every value, comma-separated>".
  if (message.startsWith('Failed query: ')) return 'Failed query (the statement is in `query`, the database error in `cause`; parameters are not logged)';
  // PostgreSQL class 22 (data exception) quotes the offending value: invalid input syntax for type date: "14/03/1987".
  if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return message.replace(/"(?:[^"]|"")*"/g, '"[value]"');
  // JSON.parse quotes the start of the text it could not parse.
  if (e instanceof SyntaxError || e.name === 'SyntaxError') return message.replace(/(["'])(?:(?!\1).)*\1/gs, '"[text]"');
  return message;
}

/** `Key (kind, national_id)=(citizen, 0821…) already exists.` keeps the columns; a quoted row goes. */
function safeDetail(detail: string): string {
  return detail
    .replace(/\)=\(.*?\)( already exists| is not present| is still referenced| conflicts)/gs, ')=([value])$1')
    .replace(/Failing row contains \(.*\)\.?/gs, 'Failing row contains ([row]).')
    .replace(/"(?:[^"]|"")*"/g, (quoted) => (/^"[a-z_][a-z0-9_]*"$/.test(quoted) ? quoted : '"[value]"'));
}

/** The frames only: a stack's first lines repeat the message, with whatever it quoted. */
function stackFrames(stack: string): string[] {
  return stack.split('\n').filter((line) => /^\s+at /.test(line));
}
