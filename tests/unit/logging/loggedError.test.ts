import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logger';
import { loggedError } from '../../../src/loggedError';

// The shapes below are the drivers' own: drizzle's DrizzleQueryError (message and `params`), PGlite's
// error (`query`, `params`), postgres.js's PostgresError (snake_case fields, `parameters` in debug
// mode). tests/api/logs.test.ts makes the real ones fail on both engines.
const hang = { name: 'Nguyễn Thị Thu Hằng', birthDate: '1987-03-14', id: '082187004521', note: 'Con của ông Nguyễn Văn Bình' };
const statement = 'insert into "subjects" ("kind", "national_id", "name", "birth_date") values ($1, $2, $3, $4)';
const params = ['citizen', hang.id, hang.name, hang.birthDate, hang.note];

function driverError(): Error {
  return Object.assign(new Error('new row for relation "subjects" violates check constraint "subjects_name_check"'), {
    name: 'PostgresError',
    code: '23514',
    severity: 'ERROR',
    detail: `Failing row contains (citizen, ${hang.id}, ${hang.name}, ${hang.birthDate}).`,
    table_name: 'subjects',
    constraint_name: 'subjects_name_check',
    query: statement,
    parameters: params,
    params,
  });
}

class DrizzleQueryError extends Error {
  constructor(
    readonly query: string,
    readonly params: unknown[],
    override readonly cause: Error,
  ) {
    super(`Failed query: ${query}\nparams: ${params}`);
  }
}

function logged(value: unknown): string {
  const lines: string[] = [];
  const logger = createLogger('trace', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  logger.error({ err: value }, 'unhandled error');
  return lines.join('');
}

describe('an error as logged', () => {
  it('when a query fails, then the statement, the SQLSTATE, the table and the constraint are kept, and no parameter', () => {
    const error = new DrizzleQueryError(statement, params, driverError());
    const line = logged(error);
    for (const value of [hang.name, hang.birthDate, hang.id, hang.note]) expect(line).not.toContain(value);
    const { err } = JSON.parse(line);
    expect(err).toMatchObject({ type: 'DrizzleQueryError', query: statement });
    expect(err.message).toMatch(/^Failed query/);
    expect(err.stack).toMatch(/^DrizzleQueryError: Failed query.*\n\s+at /);
    expect(err.cause).toMatchObject({ type: 'PostgresError', code: '23514', table: 'subjects', constraint: 'subjects_name_check', detail: 'Failing row contains ([row]).' });
    expect(err.cause.message).toBe('new row for relation "subjects" violates check constraint "subjects_name_check"');
    expect(err.cause).not.toHaveProperty('params');
    expect(err.cause).not.toHaveProperty('parameters');
  });

  it('when a key already exists, then the detail keeps the columns and drops the values', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "subjects_kind_national_id_key"'), {
      code: '23505',
      detail: `Key (kind, national_id)=(citizen, ${hang.id}) already exists.`,
    });
    expect(loggedError(error).detail).toBe('Key (kind, national_id)=([value]) already exists.');
  });

  it('when a data exception quotes the value, then the message keeps its rule and drops the value', () => {
    const error = Object.assign(new Error(`invalid input syntax for type date: "${hang.name}"`), { code: '22007' });
    expect(loggedError(error).message).toBe('invalid input syntax for type date: "[value]"');
    expect(loggedError(error).stack).not.toContain(hang.name);
  });

  it('when JSON.parse fails on a caller’s text, then the quoted text is dropped', () => {
    let thrown: unknown;
    try {
      JSON.parse(`{"hoTen": "${hang.name}`);
    } catch (error) {
      thrown = error;
    }
    expect(JSON.stringify(loggedError(thrown))).not.toContain('Nguyễn');
  });

  it('keeps numbers and flags, drops strings it does not know, such as a request body', () => {
    const error = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large', body: JSON.stringify(hang) });
    const out = loggedError(error);
    expect(out).toMatchObject({ status: 413, expose: true });
    expect(JSON.stringify(out)).not.toContain(hang.id);
  });

  it('when something other than an error is thrown, then only its kind is logged', () => {
    expect(loggedError(hang.name)).toEqual({ type: 'string', message: '[a thrown non-error value, not logged]' });
  });
});
