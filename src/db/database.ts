import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;

/**
 * The one handle every store takes. PGlite, postgres.js and a transaction all satisfy it, so no code
 * past openDatabase() knows which engine runs.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type Engine = 'pglite' | 'postgres';

export interface OpenDatabase {
  db: Database;
  engine: Engine;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** postgres.js pool size; PGlite has a single connection. */
  poolSize?: number;
  /** DATABASE_PREPARE: named statements on PostgreSQL (default on); PGlite ignores it. */
  databasePrepare?: boolean;
  /** DATABASE_GENERIC_PLANS: named statements planned once per connection (default on); PGlite ignores it. */
  databaseGenericPlans?: boolean;
}

export interface PostgresOptions {
  /**
   * postgres.js's own `prepare`. Off, every statement goes out unnamed, preparedRows' included:
   * postgres.js lets the client's setting win over a query's (`options.prepare && query.prepare`).
   */
  prepare?: boolean;
  /**
   * With `prepare`, every session starts with plan_cache_mode=force_generic_plan (default on). Left to
   * itself PostgreSQL plans a named statement anew on every execution whenever its generic plan's
   * estimate looks dearer than the custom plans it tried first: for the identity verify's namesake
   * statement (a union of blocking passes over unnest()ed keys) planning took 1.4 ms and running it
   * 0.18 ms, and about 30% of every other hot statement's time was planning too (bench/results/prefill.md,
   * "Planned once"). The statements are fixed texts with index lookups whose plans do not depend on
   * the values, so once per connection is enough. A startup parameter, so a pooler that refuses ones it
   * does not know needs it off (and the setting on the database role instead, docs/scaling.md).
   */
  genericPlans?: boolean;
  /** Every session starts read-only (default_transaction_read_only): a handle that must never write. */
  readOnly?: boolean;
  /** Shown in pg_stat_activity, so an operator sees which pool a session belongs to. */
  applicationName?: string;
}

/** PostgreSQL when a URL is given, otherwise the embedded PGlite stored under dataDir/pglite. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10, { prepare: options.databasePrepare ?? true, genericPlans: options.databaseGenericPlans })
    : openPglite(path.join(options.dataDir, 'pglite'));
}

export async function openPostgres(url: string, poolSize = 10, options: PostgresOptions = {}): Promise<OpenDatabase> {
  const connection: Record<string, string> = {};
  if (options.applicationName) connection.application_name = options.applicationName;
  if (options.readOnly) connection.default_transaction_read_only = 'on';
  if ((options.prepare ?? true) && (options.genericPlans ?? true)) connection.plan_cache_mode = 'force_generic_plan';
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => undefined,
    connect_timeout: 10,
    prepare: options.prepare ?? true,
    connection,
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => undefined);
    throw new DatabaseUnavailableError(`PostgreSQL at ${redactUrl(url)} is not reachable: ${describe(error)}`);
  }
  return {
    db: drizzlePostgres(client, { schema }) as unknown as Database,
    engine: 'postgres',
    close: () => client.end({ timeout: 5 }),
  };
}

/** dataDir undefined: in memory (tests). loadDataDir: start from a dump, e.g. a migrated template. */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<OpenDatabase> {
  let client: PGlite;
  try {
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  } catch (error) {
    throw new DatabaseUnavailableError(`PGlite could not open ${dataDir ?? 'memory'}: ${describe(error)}`);
  }
  return {
    db: drizzlePglite(client, { schema }) as unknown as Database,
    engine: 'pglite',
    close: () => client.close(),
  };
}

/**
 * Runs a fixed statement text with positional parameters ($1, $2, …) as a prepared statement, and
 * returns the rows as the driver gives them, with no mapping: for statements on hot paths, where
 * building the query and mapping every field through the query builder cost more CPU than the
 * database spends running it (docs/scaling.md). On the top-level handle or inside a transaction.
 * Dates, timestamps and int8 come back differently from the two engines: select them as text.
 * With DATABASE_PREPARE=off the client's `prepare: false` wins and the text goes out unnamed, which
 * a pooler in transaction mode can route to any server connection (docs/scaling.md, "Pooling").
 */
export function preparedRows<T>(db: Database, text: string, params: ReadonlyArray<string | number | boolean | null>): Promise<T[]> {
  return rowsOf<T>(db, text, params, true, 'preparedRows');
}

/**
 * Like preparedRows, but the statement goes out unnamed, so PostgreSQL plans it on every execution
 * for the table as it is then. For a lookup whose best plan changes as its table grows from empty: a
 * named statement keeps the plan its connection made first (force_generic_plan), and a plan made on
 * an empty table scans it whole ever after (the bulk import's lookup of known contents took 0.3 ms on
 * its first batch and 18 ms by its 25th). Planning a lookup costs a fraction of a millisecond; keep it
 * for statements run once per batch, not once per row.
 */
export function freshlyPlannedRows<T>(db: Database, text: string, params: ReadonlyArray<string | number | boolean | null>): Promise<T[]> {
  return rowsOf<T>(db, text, params, false, 'freshlyPlannedRows');
}

/** A fixed text's rows on either engine; `prepare` names the statement on PostgreSQL (PGlite runs it unnamed). */
async function rowsOf<T>(db: Database, text: string, params: ReadonlyArray<string | number | boolean | null>, prepare: boolean, caller: string): Promise<T[]> {
  // drizzle keeps the driver's client (the pool, or the transaction's connection) on its session.
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (typeof client === 'function' && 'unsafe' in client) {
    return (await (client as postgres.Sql).unsafe(text, [...params], { prepare })) as unknown as T[];
  }
  if (client && typeof (client as PGlite).query === 'function') return (await (client as PGlite).query<T>(text, [...params])).rows;
  throw new TypeError(`${caller} needs a handle openDatabase() returned, or one of its transactions`);
}

/** A fixed statement text and its positional parameters, as preparedRows runs it. */
export interface Statement {
  text: string;
  params: ReadonlyArray<string | number | boolean | null>;
}

/**
 * A read as statements and how to make its result from their rows: so that a caller can send it in
 * the same round trip as other statements (twoStepTransaction), or alone (runQuery).
 */
export interface Query<T> {
  statements: readonly Statement[];
  read: (rows: unknown[][]) => T;
}

/** Several queries as one: their statements in order, and each one's result from its own rows. */
export function queryAll<T extends readonly unknown[]>(queries: { readonly [K in keyof T]: Query<T[K]> }): Query<T> {
  const list = queries as ReadonlyArray<Query<unknown>>;
  return {
    statements: list.flatMap((q) => q.statements),
    read: (rows) => {
      let at = 0;
      return list.map((q) => q.read(rows.slice(at, (at += q.statements.length)))) as unknown as T;
    },
  };
}

/** A Query's statements sent together on the handle (in one round trip where the driver pipelines), then read. */
export async function runQuery<T>(db: Database, query: Query<T>): Promise<T> {
  return query.read(await Promise.all(query.statements.map((s) => preparedRows<unknown>(db, s.text, s.params))));
}

/**
 * A transaction of two dependent steps, in two round trips on PostgreSQL: BEGIN goes out with the
 * first step's statements, and the second step's statements, made from the first step's rows, go
 * out with COMMIT. Each step is a list of statements rather than a callback, so no statement can be
 * sent after COMMIT by mistake. A statement that fails aborts the transaction: the COMMIT sent behind
 * it then rolls back, and its error is thrown. PGlite runs the same steps one by one in a transaction.
 * On the top-level handle only (it takes a connection of its own); returns the second step's rows.
 * `then` is synchronous: nothing waits between the steps while the first step's locks are held.
 */
export async function twoStepTransaction(db: Database, first: readonly Statement[], then: SecondStep): Promise<unknown[][]> {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (typeof client === 'function' && 'reserve' in client) return twoStepsOnPostgres(client as postgres.Sql, first, then);
  if (client && typeof (client as PGlite).query === 'function' && typeof (client as PGlite).transaction === 'function') {
    return db.transaction(async (tx) => {
      const rows: unknown[][] = [];
      for (const s of first) rows.push(await preparedRows<unknown>(tx, s.text, s.params));
      const out: unknown[][] = [];
      for (const s of then(rows)) out.push(await preparedRows<unknown>(tx, s.text, s.params));
      return out;
    });
  }
  throw new TypeError('twoStepTransaction needs a handle openDatabase() returned, not a transaction');
}

type SecondStep = (rows: unknown[][]) => readonly Statement[];

async function twoStepsOnPostgres(client: postgres.Sql, first: readonly Statement[], then: SecondStep): Promise<unknown[][]> {
  const connection = await client.reserve();
  // postgres.js (3.4.9) hands the connection to `onexecute`, as its own begin() uses it, and clears
  // its `reserved` when the connection closes. A closed connection must get nothing more: a statement
  // sent to it never settles, and released it would go back to the pool without a socket (the next
  // statement on it throws outside any promise). Closed, the pool has taken it back already.
  let backend: { reserved?: unknown } | undefined;
  const alive = () => backend === undefined || Boolean(backend.reserved);
  const onexecute = (c: { reserved?: unknown }) => ((backend = c), true);
  const send = (s: Statement) => connection.unsafe(s.text, [...s.params] as postgres.ParameterOrJSON<never>[], { prepare: true });
  // Every statement is awaited (allSettled), so none is left with an unhandled rejection.
  const outcome = async (queries: Array<Promise<unknown>>) => {
    const settled = await Promise.allSettled(queries);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value as unknown[]);
  };
  let open = true;
  try {
    const [, ...rows] = await outcome([connection.unsafe('begin', [], { onexecute } as postgres.UnsafeQueryOptions), ...first.map(send)]);
    const second = then(rows);
    open = false;
    const done = await outcome([...second.map(send), connection.unsafe('commit')]);
    // An aborted transaction's COMMIT answers ROLLBACK; the statement that aborted it has thrown above.
    if ((done.at(-1) as unknown as { command?: string }).command !== 'COMMIT') throw new Error('The transaction was rolled back');
    return done.slice(0, -1);
  } catch (error) {
    if (open && alive()) await connection.unsafe('rollback').catch(() => undefined);
    throw error;
  } finally {
    if (alive()) connection.release();
  }
}

/** A timestamp column selected for preparedRows as epoch milliseconds, a number on either engine (revive it with `dateOf`). */
export function epochMs(column: string, alias: string): string {
  return `(extract(epoch from ${column}) * 1000)::float8 as "${alias}"`;
}

export function dateOf(ms: number): Date;
export function dateOf(ms: number | null): Date | null;
export function dateOf(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/** A PostgreSQL array literal, {"a","b"}: an array as one text parameter on either engine (cast it in SQL). */
export function arrayLiteral(values: ReadonlyArray<string | number>): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
