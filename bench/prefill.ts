/**
 * POST /v1/prefill under load: Motlan on PostgreSQL with a full vault, driven by autocannon, next
 * to a bare express + postgres.js floor measured in the same run. See HELP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import postgres from 'postgres';
import { commandLine } from '../src/cli/commandLine';
import type { Citizen } from '../src/connectors';
import { generatePopulation } from '../src/connectors/population/populationGenerator';
import { openPostgres } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { vietnamDate } from '../src/documents/documents.service';
import { summariseProfile } from './cpuProfile';
import { loadVault, MARRIAGE, marriagePairs, REQUESTER, type LoadReport } from './prefillData';
import { cpuSeconds, freePort, loadAverage, machineCpu, rssSampler, startChild, startRegistrySimulator, waitUntilReady, type Child } from './processes';
import { writeFigures, type Figures } from './suite/figures';
import { startProductionMotlan, workersOptionError } from './suite/productionMotlan';

const HELP = `Usage: npm run bench:prefill -- [options]

Measures POST /v1/prefill (marriage registration ${MARRIAGE}: applicant and spouse) on PostgreSQL:
  1. creates a dedicated database and loads it with set-based SQL: agencies, citizens as subjects
     (from the population generator, so the registry simulator serves the same people), documents
     spread over them, consents, and the registry mirror identity verification reads;
  2. starts the population registry simulator, a bare express + postgres.js floor and Motlan
     (NODE_ENV=production, tokens from a bench issuer, rate limits off), each in its own process,
     and drives each with autocannon: the same connections, duration and
     bodies (a different couple and a new dossier code per request);
  3. prints requests/s, p50, p97.5 and p99 latency, non-2xx answers and errors, CPU per request
     of each process, and writes them to --out.

Options:
  --citizens N          citizens, all of them subjects and in the registry (default 100000)
  --documents N         documents in the vault (default 500000; at least ≈ 1.6 per citizen)
  --duration SECONDS    measured run per server (default 30)
  --warmup SECONDS      unmeasured run before it (default 5)
  --connections N       concurrent connections (default 20)
  --database-url URL    the benchmark's own database, dropped and re-created unless --reuse-data
                        (default postgres://postgres@127.0.0.1:5432/motlan_bench; the name must
                        begin with motlan_bench)
  --pooler-url URL      the floor and Motlan reach the database through this URL (a pooler such as
                        PgBouncer in front of --database-url, same database name); loading, the
                        statistics and the CPU accounting still use --database-url
  --prepare on|off      Motlan's DATABASE_PREPARE (default on): off sends every statement unnamed,
                        which a pooler in transaction mode without prepared-statement support needs
  --reuse-data          keep the database a previous run loaded with the same --citizens,
                        --documents and --seed (and Motlan's keys, kept beside it in
                        $TMPDIR/motlan-bench-prefill-<database>)
  --seed N              population and document seed (default 42)
  --consent-percent N   living citizens who consented to reuse of their birth certificate (default 40)
  --registry-latency-ms N  latency the registry simulator adds to each answer (default 0)
  --registry-cache-ttl SECONDS  Motlan's REGISTRY_CACHE_TTL_SECONDS (default: its own, 300): with
                        a warm-up longer than a cycle through the couples, 1 keeps the registry
                        asked on every prefill, as the default warm-up leaves it for most
  --only floor|motlan   run one server only
  --workers N           Motlan's worker processes (WORKERS, node:cluster; default 1)
  --profile DIR         write a CPU profile of Motlan to DIR and print where its time went
  --out FILE            results in Markdown (default bench/results/prefill.md)
  --json FILE           also the figures as JSON (npm run bench reads them)
  -h, --help            this text`;

const { values, fail, wholeNumber } = commandLine(HELP, {
  citizens: { type: 'string' }, documents: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string' },
  connections: { type: 'string' }, 'database-url': { type: 'string' }, 'reuse-data': { type: 'boolean' }, seed: { type: 'string' }, 'pooler-url': { type: 'string' }, prepare: { type: 'string' },
  'consent-percent': { type: 'string' }, 'registry-latency-ms': { type: 'string' }, 'registry-cache-ttl': { type: 'string' }, only: { type: 'string' }, profile: { type: 'string' }, out: { type: 'string' }, json: { type: 'string' },
  workers: { type: 'string' },
});
const options = {
  citizens: wholeNumber('citizens', 100_000),
  documents: wholeNumber('documents', 500_000),
  duration: wholeNumber('duration', 30),
  warmup: wholeNumber('warmup', 5),
  connections: wholeNumber('connections', 20),
  workers: wholeNumber('workers', 1),
  seed: wholeNumber('seed', 42),
  consentPercent: wholeNumber('consent-percent', 40),
  registryLatencyMs: wholeNumber('registry-latency-ms', 0),
  registryCacheTtl: values['registry-cache-ttl'] === undefined ? undefined : wholeNumber('registry-cache-ttl', 300),
  databaseUrl: values['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/motlan_bench',
  reuse: values['reuse-data'] === true,
  poolerUrl: values['pooler-url'],
  prepare: values.prepare ?? 'on',
  out: path.resolve(values.out ?? path.join(__dirname, 'results/prefill.md')),
};
if (values.only !== undefined && !['floor', 'motlan'].includes(values.only)) fail('--only takes floor or motlan');
if (!['on', 'off'].includes(options.prepare)) fail('--prepare takes on or off');
if (options.poolerUrl !== undefined && !/^postgres(ql)?:\/\//.test(options.poolerUrl)) fail('--pooler-url must be a postgres:// URL');
// What the servers under test connect to: the pooler when one is named.
const serverDatabaseUrl = options.poolerUrl ?? options.databaseUrl;
if (options.consentPercent > 100) fail('--consent-percent is at most 100');
if (options.citizens < 100 || options.duration < 1 || options.connections < 1) fail('--citizens ≥ 100, --duration ≥ 1 and --connections ≥ 1');
const workersError = workersOptionError(options.workers, values.profile !== undefined);
if (workersError) fail(workersError);
const dbUrl = new URL(options.databaseUrl);
const dbName = decodeURIComponent(dbUrl.pathname.slice(1));
// The database is dropped and re-created: never one the benchmark does not own.
if (!/^motlan_bench[a-z0-9_]*$/.test(dbName)) fail(`--database-url must name a database whose name begins with motlan_bench, not "${dbName}"`);

interface Measured {
  label: string;
  result: autocannon.Result;
  ok: number;
  /** CPU seconds per process during the measured run. */
  cpu: { server: number; postgres: number; simulator: number; loadGenerator: number; machineBusy: number; machineTotal: number };
  db: { transactions: number; rowsInserted: number; rowsRead: number };
  outcomes: Map<string, number>;
  identity: Map<string, number>;
  failures: string[];
  loadBefore: string;
  loadAfter: string;
  /** The server's resident memory during the measured run, MiB. */
  rss: { peak: number; last: number };
  /** The measured run, in µs of the monotonic clock. */
  window: [number, number];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadAverage();
  console.log(`load average at start: ${loadAtStart} (${os.cpus().length} cores)`);

  const adminUrl = new URL(options.databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => undefined });
  const exists = (await admin`select 1 from pg_database where datname = ${dbName}`).length > 0;
  if (options.reuse && !exists) fail(`--reuse-data: there is no database ${dbName} yet; run once without it`);
  if (!options.reuse) {
    if (exists) await admin.unsafe(`drop database "${dbName}" with (force)`);
    await admin.unsafe(`create database "${dbName}"`);
  }
  const database = await openPostgres(options.databaseUrl, 4);
  const sql = postgres(options.databaseUrl, { max: 2, onnotice: () => undefined });
  await migrate(database.db, 'postgres', path.join(__dirname, '../migrations'));
  await sql`create table if not exists bench_prefill_meta (key text primary key, value jsonb not null)`;
  await sql`create table if not exists bench_floor_log (id bigserial primary key, at timestamptz not null default now(), dossier_code text not null, national_id text not null, documents int not null)`;

  let t = Date.now();
  const population: Citizen[] = [...generatePopulation({ seed: options.seed, count: options.citizens })];
  console.log(`population: ${population.length} citizens generated in ${((Date.now() - t) / 1000).toFixed(1)} s (seed ${options.seed})`);

  const wanted = { citizens: options.citizens, documents: options.documents, seed: options.seed, consentPercent: options.consentPercent };
  let load: (LoadReport & { at: string; reused: boolean }) | undefined;
  if (options.reuse) {
    const [meta] = await sql<Array<{ value: typeof wanted & { loadedAt: string; seconds: Record<string, number> } }>>`select value from bench_prefill_meta where key = 'load'`;
    const same = meta && (Object.keys(wanted) as Array<keyof typeof wanted>).every((k) => meta.value[k] === wanted[k]);
    if (!same) fail(`--reuse-data: ${dbName} holds ${meta ? JSON.stringify(meta.value) : 'no complete load'}, not ${JSON.stringify(wanted)}; run without --reuse-data`);
    console.log(`reusing ${dbName}, loaded ${meta!.value.loadedAt}`);
    load = { seconds: meta!.value.seconds, at: meta!.value.loadedAt, reused: true };
  } else {
    // Bars on a terminal; in a log, the timings printed below say the same.
    const bars = process.stderr.isTTY ? new MultiBar({ format: '{stage} [{bar}] {value}/{total} {percentage}% | {duration}s', hideCursor: true, clearOnComplete: false }, Presets.shades_classic) : undefined;
    const open = new Map<string, SingleBar>();
    t = Date.now();
    const report = await loadVault(sql, database.db, population, { ...wanted, consentShare: options.consentPercent / 100 }, (stage, done, total) => {
      if (!bars) return;
      let bar = open.get(stage);
      if (!bar) open.set(stage, (bar = bars.create(total, 0, { stage: stage.padEnd(16) })));
      bar.update(done);
    });
    bars?.stop();
    const seconds = (Date.now() - t) / 1000;
    console.log(`loaded in ${seconds.toFixed(0)} s: ${Object.entries(report.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
    load = { ...report, at: new Date().toISOString(), reused: false };
    await sql`insert into bench_prefill_meta (key, value) values ('load', ${sql.json({ ...wanted, loadedAt: load.at, seconds: report.seconds })}) on conflict (key) do update set value = excluded.value`;
  }
  const inventory = await describeData(sql);
  console.log(`data: ${inventory.summary}`);

  const today = vietnamDate(new Date());
  const pairs = marriagePairs(population, options.seed, today);
  if (!pairs.length) fail('no unmarried adult couples in this population: raise --citizens');
  const nextDay = await firstFreeDossierDay(sql);
  // A new dossier per request: a day's 9,999 sequence numbers, then the next day.
  const bodies = () => {
    let n = 0;
    return () => {
      const [applicant, spouse] = pairs[n % pairs.length]!;
      const day = new Date(nextDay.getTime() + Math.floor(n / 9999) * 86_400_000).toISOString().slice(2, 10).replace(/-/g, '');
      const dossierCode = `${REQUESTER}-${day}-${String((n % 9999) + 1).padStart(4, '0')}`;
      n++;
      return JSON.stringify({
        procedureCode: MARRIAGE,
        dossierCode,
        applicant: { id: applicant.id, fullName: applicant.fullName, birthDate: applicant.birthDate, sex: applicant.sex },
        subjects: [{ role: 'spouse', id: spouse.id, fullName: spouse.fullName, birthDate: spouse.birthDate }],
      });
    };
  };
  console.log(`${pairs.length} distinct couples; dossier codes from ${REQUESTER}-${nextDay.toISOString().slice(2, 10).replace(/-/g, '')}-0001`);

  // The registry: its own process, serving the people the vault was loaded from.
  const registry = await startRegistrySimulator({ seed: options.seed, count: options.citizens, ...(options.registryLatencyMs ? { faults: { latencyMs: options.registryLatencyMs } } : {}) });
  const simulator = registry.child;

  const measured: Measured[] = [];
  let profile: string | undefined;
  try {
    if (values.only !== 'motlan') {
      const port = await freePort();
      const floor = startChild('floor', 'bench/prefillFloor.ts', [], { DATABASE_URL: serverDatabaseUrl, DATABASE_PREPARE: options.prepare, PORT: String(port) });
      await waitUntilReady(floor, `http://127.0.0.1:${port}/health`, 60_000);
      measured.push(await drive('floor: express 5 + postgres.js', `http://127.0.0.1:${port}`, undefined, floor, simulator, admin, bodies()));
      await floor.stop();
    }
    if (values.only !== 'floor') {
      // Kept with the database: contents encrypted with these keys open in the next --reuse-data run.
      const dataDir = path.join(os.tmpdir(), `motlan-bench-prefill-${dbName}`);
      if (!options.reuse) fs.rmSync(dataDir, { recursive: true, force: true });
      const profileDir = values.profile && path.resolve(values.profile);
      const { child: motlan, port, issuer } = await startProductionMotlan({
        databaseUrl: serverDatabaseUrl,
        keyDir: dataDir,
        workers: options.workers,
        env: { DATABASE_PREPARE: options.prepare, POPULATION_REGISTRY_URL: registry.url, POPULATION_REGISTRY_CLIENT_ID: registry.clientId, POPULATION_REGISTRY_CLIENT_SECRET: registry.clientSecret, ...(options.registryCacheTtl === undefined ? {} : { REGISTRY_CACHE_TTL_SECONDS: String(options.registryCacheTtl) }) },
        nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      });
      const token = await issuer.token({ kind: 'agency', agencyCode: REQUESTER, clientId: `one-stop-${REQUESTER}`, roles: ['prefill'] });
      const run = await drive('Motlan: POST /v1/prefill', `http://127.0.0.1:${port}`, token, motlan, simulator, admin, bodies());
      measured.push(run);
      await motlan.stop();
      if (profileDir) {
        // The main thread's profile: named …<pid>.0.<n>.cpuprofile (tsx's loader thread writes another).
        const file = fs.readdirSync(profileDir).find((f) => f.includes(`.${motlan.pid}.0.`) && f.endsWith('.cpuprofile'));
        if (file) profile = `CPU profile of Motlan's main thread during the measured run (${path.join(profileDir, file)}):\n\n${summariseProfile(path.join(profileDir, file), 20, run.window)}`;
        if (profile) console.log(`\n${profile}\n`);
      }
    }
  } finally {
    await simulator.stop();
  }

  const table = resultsTable(measured);
  console.log(`\n${table}\n`);
  for (const m of measured) if (m.failures.length) console.log(`${m.label}: first non-2xx answers:\n  ${m.failures.join('\n  ')}`);
  const markdown = report({ started, loadAtStart, inventory, load, measured, table, pairs: pairs.length }) + (profile ? `\n## Where Motlan's CPU goes\n\nThe run above was profiled (\`--profile\`), which slows it.\n\n${profile}\n` : '');
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, markdown);
  writeFigures(values.json, measured.map(figures));
  console.log(`results written to ${path.relative(process.cwd(), options.out)}; the database ${dbName} is kept (--reuse-data runs again without loading)`);
  await sql.end();
  await database.close();
  await admin.end();
  if (measured.some((m) => m.result.non2xx || m.result.errors)) process.exitCode = 1;
}

/** A warm-up, then the measured run, with the CPU each process spent during it. */
async function drive(label: string, url: string, token: string | undefined, server: Child, simulator: Child, admin: postgres.Sql, next: () => string): Promise<Measured> {
  const outcomes = new Map<string, number>();
  const identity = new Map<string, number>();
  const failures: string[] = [];
  let counting = false;
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const run = (seconds: number) =>
    autocannon({
      url,
      connections: options.connections,
      duration: seconds,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: '/v1/prefill',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          setupRequest: (req) => ({ ...req, body: next() }),
          onResponse: (status, body) => {
            if (status !== 200) {
              if (failures.length < 5) failures.push(`${status} ${body.slice(0, 300)}`);
              return;
            }
            if (!counting || !token) return;
            const answer = JSON.parse(body) as { requirements: Array<{ outcome: string; reason: { code: string } }>; identity: Array<{ decision: string }> };
            for (const r of answer.requirements) count(outcomes, r.outcome === 'expired' && r.reason.code !== 'expired' ? `expired (${r.reason.code})` : r.outcome);
            for (const i of answer.identity) count(identity, i.decision);
          },
        },
      ],
    });

  console.log(`${label}: warm-up ${options.warmup} s, then ${options.duration} s with ${options.connections} connections`);
  if (options.warmup) await run(options.warmup);
  // Idle backends flush their statistics within a second: let the warm-up's settle first.
  await sleep(2000);
  const backends = async () => (await admin<Array<{ pid: number }>>`select pid from pg_stat_activity where datname = ${dbName} and backend_type = 'client backend'`).map((r) => r.pid);
  const dbStats = async () => {
    const [row] = await admin<Array<{ xacts: string; inserted: string; read: string }>>`
      select xact_commit + xact_rollback as xacts, tup_inserted as inserted, tup_returned + tup_fetched as read from pg_stat_database where datname = ${dbName}`;
    return { transactions: Number(row!.xacts), rowsInserted: Number(row!.inserted), rowsRead: Number(row!.read) };
  };
  const before = { pg: new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)])), server: cpuSeconds(server.pid), simulator: cpuSeconds(simulator.pid), self: process.cpuUsage(), machine: machineCpu(), db: await dbStats(), load: loadAverage() };
  counting = true;
  const memory = rssSampler(server.pid);
  const from = Number(process.hrtime.bigint() / 1000n);
  const result = await run(options.duration);
  const to = Number(process.hrtime.bigint() / 1000n);
  const rss = memory.stop();
  counting = false;
  const after = { server: cpuSeconds(server.pid), simulator: cpuSeconds(simulator.pid), self: process.cpuUsage(before.self), machine: machineCpu(), load: loadAverage() };
  const postgresCpu = (await backends()).reduce((sum, pid) => sum + cpuSeconds(pid) - (before.pg.get(pid) ?? 0), 0);
  await sleep(2000);
  const db = await dbStats();
  const ok = result['2xx'];
  console.log(`  ${Math.round(ok / result.duration)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
  return {
    label,
    result,
    ok,
    cpu: {
      server: after.server - before.server,
      postgres: postgresCpu,
      simulator: after.simulator - before.simulator,
      loadGenerator: (after.self.user + after.self.system) / 1e6,
      machineBusy: after.machine.busy - before.machine.busy,
      machineTotal: after.machine.total - before.machine.total,
    },
    db: { transactions: db.transactions - before.db.transactions, rowsInserted: db.rowsInserted - before.db.rowsInserted, rowsRead: db.rowsRead - before.db.rowsRead },
    outcomes,
    identity,
    failures,
    loadBefore: before.load,
    loadAfter: after.load,
    rss,
    window: [from, to],
  };
}

/** What npm run bench reads of a run (bench/suite/figures.ts). */
function figures(m: Measured): Figures {
  const per = (seconds: number) => (m.ok ? (1000 * seconds) / m.ok : 0);
  return {
    label: m.label,
    requests: m.ok,
    failed: m.result.non2xx + m.result.errors,
    rps: m.ok / m.result.duration,
    p50: m.result.latency.p50,
    p99: m.result.latency.p99,
    cpuMs: { server: per(m.cpu.server), postgres: per(m.cpu.postgres), simulator: per(m.cpu.simulator) },
    rssMiB: m.rss.peak,
    load: [m.loadBefore, m.loadAfter],
    othersCpuPercent: Math.max(0, (100 * (m.cpu.machineBusy - m.cpu.server - m.cpu.postgres - m.cpu.simulator - m.cpu.loadGenerator)) / m.cpu.machineTotal),
  };
}

/** The first day with no benchmark dossier yet, so a run with --reuse-data opens new dossiers too. */
async function firstFreeDossierDay(sql: postgres.Sql): Promise<Date> {
  const [row] = await sql<Array<{ day: string | null }>>`select max(substr(code, 15, 6)) as day from dossiers where code like ${`${REQUESTER}-%`}`;
  if (!row?.day) return new Date(Date.UTC(2001, 0, 1));
  const last = Date.UTC(2000 + Number(row.day.slice(0, 2)), Number(row.day.slice(2, 4)) - 1, Number(row.day.slice(4, 6)));
  return new Date(last + 86_400_000);
}

async function describeData(sql: postgres.Sql) {
  const counts = await sql<Array<{ what: string; n: string; bytes: string }>>`
    select 'subjects' as what, (select count(*) from subjects) as n, pg_total_relation_size('subjects') as bytes
    union all select 'documents', (select count(*) from documents), pg_total_relation_size('documents')
    union all select 'document_subjects', (select count(*) from document_subjects), pg_total_relation_size('document_subjects')
    union all select 'document_contents', (select count(*) from document_contents), pg_total_relation_size('document_contents')
    union all select 'consents', (select count(*) from consents), pg_total_relation_size('consents')
    union all select 'registry_persons', (select count(*) from registry_persons), pg_total_relation_size('registry_persons')
    union all select 'document_events', (select count(*) from document_events), pg_total_relation_size('document_events')
    union all select 'audit_entries', (select count(*) from audit_entries), pg_total_relation_size('audit_entries')
    union all select 'audit_chains', (select count(*) from audit_chains), pg_total_relation_size('audit_chains')`;
  const types = await sql<Array<{ type: string; status: string; n: string }>>`select type, status, count(*) as n from documents group by type, status order by count(*) desc`;
  const mb = (b: string) => `${(Number(b) / 1048576).toFixed(0)} MB`;
  return {
    summary: counts.map((c) => `${c.what} ${Number(c.n).toLocaleString('en')}`).join(', '),
    table: ['| table | rows | size |', '|---|---:|---:|', ...counts.map((c) => `| ${c.what} | ${Number(c.n).toLocaleString('en')} | ${mb(c.bytes)} |`)].join('\n'),
    types: types.map((t) => `${t.type}${t.status === 'active' ? '' : ` (${t.status})`} ${Number(t.n).toLocaleString('en')}`).join(', '),
  };
}

function resultsTable(measured: Measured[]): string {
  const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)}`;
  const per = (m: Measured, seconds: number) => (m.ok ? ms((1000 * seconds) / m.ok) : '–');
  const floor = measured.find((m) => m.label.startsWith('floor'));
  const motlan = measured.find((m) => m.label.startsWith('Motlan'));
  const rows: Array<[string, (m: Measured) => string, ((f: Measured, m: Measured) => string)?]> = [
    ['requests/s (2xx)', (m) => (m.ok / m.result.duration).toFixed(0), (f, m) => `${(m.ok / m.result.duration / (f.ok / f.result.duration)).toFixed(3)} ×`],
    ['latency p50 (ms)', (m) => String(m.result.latency.p50), (f, m) => `${(m.result.latency.p50 / Math.max(f.result.latency.p50, 1)).toFixed(1)} ×`],
    ['latency p97.5 (ms)', (m) => String(m.result.latency.p97_5)],
    ['latency p99 (ms)', (m) => String(m.result.latency.p99), (f, m) => `${(m.result.latency.p99 / Math.max(f.result.latency.p99, 1)).toFixed(1)} ×`],
    ['latency max (ms)', (m) => String(m.result.latency.max)],
    ['2xx / non-2xx / errors / timeouts', (m) => `${m.ok} / ${m.result.non2xx} / ${m.result.errors} / ${m.result.timeouts}`],
    ['CPU ms per request: server process', (m) => per(m, m.cpu.server)],
    ['CPU ms per request: PostgreSQL backends', (m) => per(m, m.cpu.postgres)],
    ['CPU ms per request: registry simulator', (m) => per(m, m.cpu.simulator)],
    ['CPU ms per request: autocannon (this process)', (m) => per(m, m.cpu.loadGenerator)],
    ['machine CPU busy (of 2 cores = 100%)', (m) => `${((100 * m.cpu.machineBusy) / m.cpu.machineTotal).toFixed(0)}%`],
    ['… of which other processes (other sessions, PostgreSQL background workers)', (m) => `${Math.max(0, (100 * (m.cpu.machineBusy - m.cpu.server - m.cpu.postgres - m.cpu.simulator - m.cpu.loadGenerator)) / m.cpu.machineTotal).toFixed(0)}%`],
    ['DB transactions per request (≈ round trips)', (m) => (m.ok ? (m.db.transactions / m.ok).toFixed(1) : '–')],
    ['rows inserted / read per request', (m) => (m.ok ? `${(m.db.rowsInserted / m.ok).toFixed(1)} / ${(m.db.rowsRead / m.ok).toFixed(0)}` : '–')],
    ['server RSS during the run: peak / at the end (MiB)', (m) => `${m.rss.peak.toFixed(0)} / ${m.rss.last.toFixed(0)}`],
    ['load average before → after', (m) => `${m.loadBefore} → ${m.loadAfter}`],
  ];
  const header = `| | ${measured.map((m) => m.label).join(' | ')} |${floor && motlan ? ' Motlan / floor |' : ''}`;
  const line = `|---|${measured.map(() => '---:').join('|')}|${floor && motlan ? '---:|' : ''}`;
  return [header, line, ...rows.map(([name, f, ratio]) => `| ${name} | ${measured.map(f).join(' | ')} |${floor && motlan ? ` ${ratio ? ratio(floor, motlan) : ''} |` : ''}`)].join('\n');
}

function report(r: { started: Date; loadAtStart: string; inventory: Awaited<ReturnType<typeof describeData>>; load: (LoadReport & { at: string; reused: boolean }) | undefined; measured: Measured[]; table: string; pairs: number }): string {
  const motlan = r.measured.find((m) => m.label.startsWith('Motlan'));
  // jsonb keeps keys in its own order: the stages are listed in the order they ran.
  const stages = ['agencies', 'subjects', 'contents', 'documents', 'audit chain heads', 'consents', 'registry mirror', 'vacuum analyze'];
  const loadSteps = Object.entries(r.load?.seconds ?? {}).sort(([a], [b]) => stages.indexOf(a) - stages.indexOf(b));
  const mix = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ');
  const args = process.argv.slice(2).join(' ');
  return `# Prefill benchmark

Measured ${r.started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:prefill${args ? ` -- ${args}` : ''}\`.

Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL on 127.0.0.1.
It is shared with other sessions: the **load average was ${r.loadAtStart}** (1, 5, 15 min) when the run started; the table
says how much CPU other processes took during each measured run.

## Data

${r.inventory.table}

Documents: ${r.inventory.types}.
${r.load ? `${r.load.reused ? `Loaded by an earlier run (${r.load.at.slice(0, 16).replace('T', ' ')} UTC; this one passed --reuse-data, so the tables also hold what earlier runs wrote) in` : 'Loaded in'} ${loadSteps.reduce((a, [, v]) => a + v, 0).toFixed(0)} s (${loadSteps.map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(', ')}).` : ''}

## Results

${options.connections} connections, ${options.warmup} s warm-up then ${options.duration} s measured per server, one after the
other (floor first); autocannon runs in the benchmark's process, each server and the registry simulator in
their own. Every request is a marriage registration (${MARRIAGE}) for a different couple (${r.pairs.toLocaleString('en')} couples,
cycled) and a new dossier code.

${r.table}
${motlan ? `
What Motlan answered during the measured run: identity ${mix(motlan.identity)}; requirements ${mix(motlan.outcomes)}.
` : ''}
## What each request does

- **Motlan**: token check (cached after the first), body validation, the catalogue, for each of the two
  people a population-registry read over HTTP (cached for ${'`REGISTRY_CACHE_TTL_SECONDS`'}, 300 s), identity
  verification against the registry record and its namesakes in the mirror (with its audit entry), the subject
  lookups, the prefill and dossier rows, then for each of the four requirements the documents held, the
  document itself, and the release decision (consent or legal basis) with its release row, signed
  attestation and audit entries in one transaction, or a consent request; the form fields; the outcome rows and
  the registry-read audit entries in one transaction; the changes since earlier releases.
- **Floor**: the same body parsed by express 5; one SELECT of the applicant's documents (subject by national
  ID, document_subjects, documents, by index); one INSERT of a log row; the rows as JSON. No token, no
  validation, no registry, no decision, no signing, no audit chain.

CPU per request is each process's user + system time during the measured run divided by the 2xx answers;
PostgreSQL is the sum over the backends connected to the benchmark database. Transactions per request come from
\`pg_stat_database\` (each autocommit statement is one).
`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
