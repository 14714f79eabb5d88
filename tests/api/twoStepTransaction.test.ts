import { openPostgres, preparedRows, twoStepTransaction, type OpenDatabase, type Statement } from '../../src/db/database';
import { openTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase';

describe('twoStepTransaction', () => {
  let database: TestDatabase;
  const opened: OpenDatabase[] = [];
  beforeAll(async () => {
    database = await openTestDatabase();
    await preparedRows(database.db, 'create table two_step_probe (k text primary key, v integer not null)', []);
  });
  afterAll(async () => {
    for (const o of opened) await o.close();
    await database?.close();
  });

  const insert = (k: string, v: number): Statement => ({ text: 'insert into two_step_probe (k, v) values ($1, $2) returning v', params: [k, v] });
  const stored = async (prefix: string) =>
    (await preparedRows<{ k: string; v: number }>(database.db, 'select k, v from two_step_probe where k like $1 order by k', [`${prefix}%`])).map((r) => `${r.k}=${r.v}`);

  it('when both steps succeed, then the second is made from the first one\'s rows and both commit together', async () => {
    const rows = await twoStepTransaction(database.db, [insert('ok-a', 1), { text: 'select now()::text as at', params: [] }], (first) => {
      const [[a], [at]] = first as [Array<{ v: number }>, Array<{ at: string }>];
      return [insert('ok-b', a!.v + 1), { text: 'select now()::text as at', params: [] }, { text: 'select $1::text as at', params: [at!.at] }];
    });
    expect(await stored('ok-')).toEqual(['ok-a=1', 'ok-b=2']);
    // now() is the transaction's start: the same in both steps, so both ran in one transaction.
    const [, [now], [before]] = rows as [unknown[], Array<{ at: string }>, Array<{ at: string }>];
    expect(now!.at).toBe(before!.at);
  });

  it('when a statement of the second step fails, then nothing of the first step is left and its error is thrown', async () => {
    await preparedRows(database.db, 'insert into two_step_probe (k, v) values ($1, $2)', ['fail2-taken', 0]);
    await expect(twoStepTransaction(database.db, [insert('fail2-a', 1)], () => [insert('fail2-b', 2), insert('fail2-taken', 3)])).rejects.toMatchObject({ code: '23505' });
    expect(await stored('fail2-')).toEqual(['fail2-taken=0']);
  });

  it('when a statement of the first step fails, then the second is never made and nothing is written', async () => {
    const then = jest.fn((): Statement[] => [insert('fail1-b', 2)]);
    await expect(twoStepTransaction(database.db, [insert('fail1-a', 1), { text: 'select 1 / 0', params: [] }], then)).rejects.toMatchObject({ code: '22012' });
    expect(then).not.toHaveBeenCalled();
    expect(await stored('fail1-')).toEqual([]);
  });

  it('when making the second step throws, then the first step is rolled back', async () => {
    await expect(
      twoStepTransaction(database.db, [insert('throw-a', 1)], () => {
        throw new Error('no second step');
      }),
    ).rejects.toThrow('no second step');
    expect(await stored('throw-')).toEqual([]);
  });

  (testEngine() === 'postgres' ? it : it.skip)('when a transaction failed, then its connection goes back to the pool clean: a pool of one keeps working', async () => {
    const one = await openPostgres(database.url!, 1);
    opened.push(one);
    await expect(twoStepTransaction(one.db, [insert('pool-a', 1)], () => [insert('pool-a', 2)])).rejects.toMatchObject({ code: '23505' });
    await expect(twoStepTransaction(one.db, [{ text: 'select 1 / 0', params: [] }], () => [])).rejects.toMatchObject({ code: '22012' });
    await twoStepTransaction(one.db, [insert('pool-b', 1)], () => [insert('pool-c', 2)]);
    expect(await preparedRows<{ state: string }>(one.db, "select current_setting('transaction_isolation') as state", [])).toHaveLength(1);
    expect(await stored('pool-')).toEqual(['pool-b=1', 'pool-c=2']);
  });

  (testEngine() === 'postgres' ? it : it.skip)('when the connection is lost mid-transaction, then it rejects and nothing is written', async () => {
    const one = await openPostgres(database.url!, 1);
    opened.push(one);
    const lost = twoStepTransaction(one.db, [insert('lost-a', 1), { text: 'select pg_terminate_backend(pg_backend_pid())', params: [] }], () => [insert('lost-b', 2)]);
    await expect(lost).rejects.toBeDefined();
    expect(await stored('lost-')).toEqual([]);
  });

  it('inside a transaction, then it refuses: it needs a connection of its own', async () => {
    await expect(database.db.transaction((tx) => twoStepTransaction(tx, [], () => []))).rejects.toThrow(TypeError);
  });
});
