/**
 * GET /v1/documents/{id} under load: an agency reads documents it holds a consent for, on the vault
 * bench/prefill.ts loaded, next to a bare express + postgres.js floor reading the same rows. See HELP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { commandLine } from '../src/cli/commandLine';
import { costRows, driveHttp, markdownTable, measured, othersCpuPercent, quantile, runLine, type LoadRun, type RunCost } from './httpLoad';
import { MARRIAGE, REQUESTER } from './prefillData';
import { freePort, rssSampler, startChild, waitUntilReady, type Child } from './processes';
import { writeFigures, type Figures } from './suite/figures';
import { startProductionMotlan, workersOptionError } from './suite/productionMotlan';

const HELP = `Usage: npm run bench -- --only read   (or: tsx bench/vaultRead.ts [options])

Measures GET /v1/documents/{id}?purpose=${MARRIAGE} by the commune ${REQUESTER} (role documents:read) on
the vault bench/prefill.ts loaded: birth certificates another agency issued, each of a citizen who
consented to their reuse by this commune for marriage registration, so every read is a consent
decision and an access-log entry. Motlan runs with NODE_ENV=production (bench issuer, rate limits
off); the floor (bench/prefillFloor.ts) reads the same rows by primary key. Both in their own
process, one after the other, the same documents in the same order.

Options:
  --database-url URL   a database bench/prefill.ts loaded (default postgres://postgres@127.0.0.1:5432/motlan_bench)
  --requests N         measured requests per server (default 20000)
  --warmup N           unmeasured requests before (default 2000)
  --concurrency N      requests in flight (default 20)
  --out FILE           results in Markdown
  --json FILE          the figures as JSON (npm run bench reads them)
  --profile DIR        write a CPU profile of Motlan to DIR
  --workers N          Motlan's worker processes (WORKERS, node:cluster; default 1)
  -h, --help           this text`;

const { values, fail, wholeNumber } = commandLine(HELP, {
  'database-url': { type: 'string' }, requests: { type: 'string' }, warmup: { type: 'string' }, concurrency: { type: 'string' }, out: { type: 'string' }, json: { type: 'string' }, profile: { type: 'string' }, workers: { type: 'string' },
});
const options = {
  databaseUrl: values['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/motlan_bench',
  requests: wholeNumber('requests', 20_000),
  warmup: wholeNumber('warmup', 2000),
  concurrency: wholeNumber('concurrency', 20),
  workers: wholeNumber('workers', 1),
};
const workersError = workersOptionError(options.workers, values.profile !== undefined);
if (workersError) fail(workersError);
const dbName = decodeURIComponent(new URL(options.databaseUrl).pathname.slice(1));
if (!/^motlan_bench[a-z0-9_]*$/.test(dbName)) fail(`--database-url must name a benchmark database (motlan_bench…), not "${dbName}"`);

type Run = LoadRun & RunCost & { rss: { peak: number; last: number } };

async function main(): Promise<void> {
  const adminUrl = new URL(options.databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => undefined });
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => undefined });
  // Consents without a use limit, so reading a document again is still allowed.
  const ids = (await sql<Array<{ id: string }>>`
    select d.id from documents d
    join document_subjects ds on ds.document_id = d.id and ds.position = 0
    where d.type = 'birth-certificate' and d.status = 'active' and d.issuer_code <> ${REQUESTER}
      and exists (select 1 from consents c where c.subject_id = ds.subject_id and c.revoked_at is null and c.max_uses is null
                  and (c.grantee_agency_code = ${REQUESTER} or c.grantee_level = 'commune') and ${MARRIAGE} = any (c.purposes) and 'birth-certificate' = any (c.document_types))
    order by d.id limit ${options.requests + options.warmup}`).map((r) => r.id);
  await sql.end();
  if (ids.length < 100) fail(`${dbName} holds ${ids.length} documents read with consent: load it with bench/prefill.ts first`);
  const paths = ids.map((id) => `/v1/documents/${id}?purpose=${MARRIAGE}`);
  // Cycled when the vault holds fewer: a document read twice is still a consent decision and a log entry.
  const cycle = (from: number, n: number) => Array.from({ length: n }, (_, i) => paths[(from + i) % paths.length]!);
  const warm = cycle(0, options.warmup);
  const load = cycle(options.warmup, options.requests);
  const label = () => 'ok';

  const runs: Run[] = [];
  const drive = async (name: string, server: Child, port: number, token: string) => {
    const go = (items: string[]) => driveHttp({ port, path: '/v1/documents/{id}', token, concurrency: options.concurrency, label, method: 'GET' }, items);
    await go(warm);
    const memory = rssSampler(server.pid);
    const run = await measured(admin, dbName, server.pid, () => go(load));
    runs.push({ ...run, route: name, rss: memory.stop() });
    console.log(runLine(name, run, options.concurrency));
  };

  const floorPort = await freePort();
  const floor = startChild('floor', 'bench/prefillFloor.ts', [], { DATABASE_URL: options.databaseUrl, PORT: String(floorPort) });
  try {
    await waitUntilReady(floor, `http://127.0.0.1:${floorPort}/health`, 60_000);
    await drive('floor: express 5 + postgres.js', floor, floorPort, 'none');
  } finally {
    await floor.stop();
  }
  const motlan = await startProductionMotlan({ databaseUrl: options.databaseUrl, keyDir: path.join(os.tmpdir(), `motlan-bench-prefill-${dbName}`), workers: options.workers, nodeArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [] });
  try {
    const token = await motlan.issuer.token({ kind: 'agency', agencyCode: REQUESTER, clientId: `one-stop-${REQUESTER}`, roles: ['documents:read'] });
    await drive('Motlan: GET /v1/documents/{id}', motlan.child, motlan.port, token);
  } finally {
    await motlan.child.stop();
    await admin.end();
  }

  const at = (r: Run, q: number) => quantile(r.latencies, q).toFixed(1);
  const table = markdownTable(runs.map((r) => r.route), runs, [
    ['requests/s', (r) => (r.requests / r.seconds).toFixed(0)],
    ['latency p50 / p95 / p99 (ms)', (r) => `${at(r, 0.5)} / ${at(r, 0.95)} / ${at(r, 0.99)}`],
    ['answers', (r) => [...r.labels].map(([k, n]) => `${k} ${n}`).join(', ')],
    ...costRows<Run>(),
    ['server RSS during the run: peak / at the end (MiB)', (r) => `${r.rss.peak.toFixed(0)} / ${r.rss.last.toFixed(0)}`],
  ]);
  console.log(`\n${ids.length} distinct documents, ${options.concurrency} in flight\n\n${table}\n`);
  if (values.out) fs.writeFileSync(values.out, `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`tsx bench/vaultRead.ts ${process.argv.slice(2).join(' ')}\`\n\n${table}\n`);
  writeFigures(values.json, runs.map((r): Figures => ({
    label: r.route,
    requests: r.labels.get('ok') ?? 0,
    failed: r.requests - (r.labels.get('ok') ?? 0),
    rps: r.requests / r.seconds,
    p50: quantile(r.latencies, 0.5),
    p95: quantile(r.latencies, 0.95),
    p99: quantile(r.latencies, 0.99),
    cpuMs: { server: (1000 * r.cpu.motlan) / r.requests, postgres: (1000 * r.cpu.postgres) / r.requests },
    rssMiB: r.rss.peak,
    load: r.load,
    othersCpuPercent: othersCpuPercent(r),
    extra: { documents: ids.length },
  })));
  const failed = runs.filter((r) => r.labels.size !== 1 || !r.labels.has('ok'));
  if (failed.length) {
    console.error(`non-200 answers: ${failed.map((r) => `${r.route}: ${[...r.labels].map(([k, n]) => `${k} ${n}`).join(', ')}`).join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
