/**
 * Motlan's reads on a real streaming replica (DATABASE_REPLICA_URL). Runs only when TEST_REPLICA_URL
 * names a hot standby of the server TEST_DATABASE_URL names (any database on it: the test's own is
 * created on the primary and reaches the standby by replication). A replica is a second server, so
 * the suite and CI skip this file; `bench/replica.sh` sets up a primary and a standby on ports of
 * their own with pg_basebackup, runs it, and removes both.
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { auditStore } from '../../src/audit/audit.store';
import { openReplica, type OpenReplica } from '../../src/db/replica';
import { withDatabase } from '../support/templates';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { openTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase';
import { people, rows, setUpVault, SO_TU_PHAP } from './documents.support';

const replicaUrl = process.env.TEST_REPLICA_URL;
const onReplica = testEngine() === 'postgres' && !!replicaUrl;

(onReplica ? describe : describe.skip)('reads on a streaming replica', () => {
  let primary: TestDatabase;
  let replica: OpenReplica;
  /** The standby itself, as its superuser: pausing and resuming replay. */
  let standby: postgres.Sql;
  let app: TestApp;
  let hang: string;

  /** Until the standby has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const [{ lsn }] = (await primary.db.execute(sql`select pg_current_wal_lsn()::text as lsn`)) as unknown as [{ lsn: string }];
    for (let i = 0; i < 200; i += 1) {
      const [row] = await standby<{ done: boolean }[]>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as done`;
      if (row?.done) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the standby did not replay up to ${lsn} within 10 s`);
  }

  beforeAll(async () => {
    primary = await openTestDatabase();
    const name = new URL(primary.url!).pathname.slice(1);
    standby = postgres(withDatabase(replicaUrl!, 'postgres'), { max: 1, onnotice: () => undefined });
    // CREATE DATABASE is replicated like any write: the copy exists on the standby once replayed.
    await caughtUp();
    replica = await openReplica(withDatabase(replicaUrl!, name), { poolSize: 2 });
    app = await startTestApp({ readDb: replica.db }, { database: primary });
    await setUpVault(app);
    [{ id: hang }] = (await rows<{ id: string }>(app, sql`select id from subjects where national_id = ${people.hang.id}`)) as [{ id: string }];
    await auditStore(primary.db).append({ actor: `agency:${SO_TU_PHAP}/one-stop`, action: 'document.read', subjectId: hang, documentType: 'birth-certificate', purpose: '1.000894', decision: 'allow', rule: 'issuer', requestId: 'req-replica-1' });
    await caughtUp();
  });
  afterAll(async () => {
    await standby?.unsafe('select pg_wal_replay_resume()').catch(() => undefined);
    await app?.close();
    await replica?.close();
    await standby?.end();
    await primary?.close();
  });

  const citizen = async () => ({ Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` });
  const operator = async () => ({ Authorization: `Bearer ${await tokens.operator()}` });

  it('when the replica handle opens, then it is a standby and its sessions are read-only', async () => {
    expect(replica.inRecovery).toBe(true);
    const [row] = (await replica.db.execute(sql`select current_setting('default_transaction_read_only') as ro, current_setting('application_name') as app`)) as unknown as Array<{ ro: string; app: string }>;
    expect(row).toEqual({ ro: 'on', app: 'motlan-replica-reads' });
    // drizzle wraps the server's error: its cause carries PostgreSQL's message.
    const refusal = await replica.db.execute(sql`insert into dossiers (code, agency_code) values ('never', 'x')`).then(
      () => 'written',
      (error: { cause?: Error }) => error.cause?.message ?? String(error),
    );
    expect(refusal).toMatch(/read-only transaction/);
  });

  it('when replay is paused, then the citizen\'s access log shows what the standby holds, and the new entry once replay resumes', async () => {
    const before = (await app.http.get('/v1/me/access-log').set(await citizen()).expect(200)).body.items as Array<{ requestId: string }>;
    expect(before.map((e) => e.requestId)).toContain('req-replica-1');

    await standby.unsafe('select pg_wal_replay_pause()');
    await auditStore(primary.db).append({ actor: `agency:${SO_TU_PHAP}/one-stop`, action: 'document.read', subjectId: hang, documentType: 'birth-certificate', purpose: '1.000894', decision: 'allow', rule: 'issuer', requestId: 'req-replica-2' });
    const [{ n }] = (await rows<{ n: number }>(app, sql`select count(*)::int as n from audit_entries where request_id = 'req-replica-2'`)) as [{ n: number }];
    expect(n).toBe(1);
    const paused = (await app.http.get('/v1/me/access-log').set(await citizen()).expect(200)).body.items as Array<{ requestId: string }>;
    expect(paused.map((e) => e.requestId)).not.toContain('req-replica-2');
    expect(paused).toHaveLength(before.length);

    await standby.unsafe('select pg_wal_replay_resume()');
    await caughtUp();
    const resumed = (await app.http.get('/v1/me/access-log').set(await citizen()).expect(200)).body.items as Array<{ requestId: string }>;
    expect(resumed[0]!.requestId).toBe('req-replica-2');
  });

  it('when replay is paused, then the digitisation report counts what the standby holds, and the new dossier once replay resumes', async () => {
    const year = new Date().getUTCFullYear();
    const resolvedOf = async () => (await app.http.get(`/v1/reports/digitisation?year=${year}`).set(await operator()).expect(200)).body.total.resolved as number;
    const before = await resolvedOf();
    await standby.unsafe('select pg_wal_replay_pause()');
    // Closed at noon of 1 July: inside the Vietnamese year whatever the day the test runs.
    await primary.db.execute(sql`insert into dossiers (code, agency_code, status, resolution, opened_at, closed_at)
      values ('REPLICA-TEST-1', ${SO_TU_PHAP}, 'closed', 'resolved', ${`${year}-07-01T05:00:00Z`}::timestamptz, ${`${year}-07-01T05:00:00Z`}::timestamptz)`);
    expect(await resolvedOf()).toBe(before);
    await standby.unsafe('select pg_wal_replay_resume()');
    await caughtUp();
    expect(await resolvedOf()).toBe(before + 1);
  });

  it('when the citizen reads their own log, then nothing is appended: the page is a read alone', async () => {
    const [{ n: entriesBefore }] = (await rows<{ n: number }>(app, sql`select count(*)::int as n from audit_entries where chain_key = ${hang}`)) as [{ n: number }];
    await app.http.get('/v1/me/access-log').set(await citizen()).expect(200);
    const [{ n: entriesAfter }] = (await rows<{ n: number }>(app, sql`select count(*)::int as n from audit_entries where chain_key = ${hang}`)) as [{ n: number }];
    expect(entriesAfter).toBe(entriesBefore);
  });
});

// Jest wants at least one test in a file; this one says why the rest may be skipped.
it('the replica tests run only with TEST_REPLICA_URL on PostgreSQL (a second server; bench/replica.sh)', () => {
  expect(onReplica).toBe(testEngine() === 'postgres' && !!replicaUrl);
});
