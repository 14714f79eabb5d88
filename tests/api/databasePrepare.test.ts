import { openPostgres, preparedRows, type OpenDatabase } from '../../src/db/database';
import { openTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase';

// Named statements are a PostgreSQL connection's state; PGlite has no DATABASE_PREPARE to honour.
(testEngine() === 'postgres' ? describe : describe.skip)('DATABASE_PREPARE and preparedRows', () => {
  let database: TestDatabase;
  const opened: OpenDatabase[] = [];
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    for (const o of opened) await o.close();
    await database?.close();
  });

  /** One connection, so the statement and the look at pg_prepared_statements share a session. */
  async function namedAfterTwoRuns(prepare: boolean): Promise<{ named: number; inTransaction: number }> {
    const handle = await openPostgres(database.url!, 1, { prepare });
    opened.push(handle);
    const text = 'select count(*)::int as n from subjects where kind = $1';
    await preparedRows(handle.db, text, ['citizen']);
    await preparedRows(handle.db, text, ['business']);
    await handle.db.transaction((tx) => preparedRows(tx, `${text} and national_id <> $2`, ['citizen', 'x']));
    const rows = await preparedRows<{ statement: string }>(handle.db, "select statement from pg_prepared_statements where statement like '%from subjects where kind%'", []);
    return { named: rows.filter((r) => !r.statement.includes('national_id')).length, inTransaction: rows.filter((r) => r.statement.includes('national_id')).length };
  }

  it('when on (the default), then each text is prepared once per connection, inside transactions too', async () => {
    expect(await namedAfterTwoRuns(true)).toEqual({ named: 1, inTransaction: 1 });
  });

  it('when off, then nothing is left prepared on the connection: a pooler may hand the next statement to another server connection', async () => {
    expect(await namedAfterTwoRuns(false)).toEqual({ named: 0, inTransaction: 0 });
  });

  const planCacheMode = async (options: { prepare?: boolean; genericPlans?: boolean }) => {
    const handle = await openPostgres(database.url!, 1, options);
    opened.push(handle);
    return (await preparedRows<{ plan_cache_mode: string }>(handle.db, 'show plan_cache_mode', []))[0]!.plan_cache_mode;
  };

  it('when statements are named, then each session plans them once (generic plans), unless DATABASE_GENERIC_PLANS is off', async () => {
    expect(await planCacheMode({})).toBe('force_generic_plan');
    expect(await planCacheMode({ genericPlans: false })).toBe('auto');
  });

  it('when DATABASE_PREPARE is off, then no plan_cache_mode is sent: a pooler that refuses unknown startup parameters still connects', async () => {
    expect(await planCacheMode({ prepare: false })).toBe('auto');
  });
});

it('DATABASE_PREPARE is checked on PostgreSQL only', () => {
  expect(['pglite', 'postgres']).toContain(testEngine());
});
