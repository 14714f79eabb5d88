/**
 * Identity matching under load: POST /v1/identity/verify and /v1/identity/search against a registry
 * mirror in PostgreSQL, Motlan in its own process, over HTTP on 127.0.0.1. See HELP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import type { Citizen } from '../src/connectors';
import { seededRandom } from '../src/connectors/shared/seededRandom';
import { openPostgres } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { loadRegistry } from '../src/matching/loadRegistry';
import { matchingStore } from '../src/matching/matching.store';
import { foldDiacritics } from '../src/names';
import { costRows, driveHttp, markdownTable, measured, othersCpuPercent, profileSummary, quantile, runLine, type LoadRun, type RunCost } from './httpLoad';
import { rssSampler } from './processes';
import { writeFigures } from './suite/figures';
import { startProductionMotlan, workersOptionError } from './suite/productionMotlan';

const HELP = `Usage: npm run bench:matching -- --file POPULATION.ndjson [options]

Loads the population file into the registry mirror of a dedicated PostgreSQL database (created next
to the one --url names), starts Motlan on it in its own process (NODE_ENV=production, a token from a
bench issuer, rate limits off; no population registry configured,
so verify reads the record from the mirror: the registry's own latency is not Motlan's), and sends
verify, then search requests over HTTP with a fixed number in flight. Prints, per route, requests/s,
exact p50/p95/p99 latency, the decisions, and the CPU per request of Motlan and of the PostgreSQL
backends. Every request writes its access-log entry, as in production.

Queries are people sampled from the file: half typed without diacritics, 20% with the birth year
only, the birth place 70% of the time, the father's name 50%.

Options:
  --file FILE          population NDJSON (npm run gen:population writes one)
  --url URL            PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
  --requests N         measured requests per route (default 6000)
  --warmup N           unmeasured requests per route before it, of other people (default: as
                       many as --requests): the route's code compiled and the mirror's pages read
  --concurrency N      requests in flight (default 4)
  --only ROUTE         verify or search
  --reuse DATABASE     a database an earlier run kept (motlan_bench_…): no load, and it is kept again
  --name DATABASE      the database to create and load (default motlan_bench_matching_<time>)
  --keep               keep the database it loaded at the end (default: drop it)
  --profile DIR        write a CPU profile of Motlan to DIR and print where its time went
  --workers N          Motlan's worker processes (WORKERS, node:cluster; default 1)
  --out FILE           also write the results as Markdown
  --json FILE          the figures as JSON (npm run bench reads them)
  -h, --help           this text

Example:
  npm run gen:population -- --count 1000000 --seed 42 --out /tmp/motlan-pop1m.ndjson
  npm run bench:matching -- --file /tmp/motlan-pop1m.ndjson --keep`;

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    file: { type: 'string' },
    requests: { type: 'string', default: '6000' },
    warmup: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    only: { type: 'string' },
    reuse: { type: 'string' },
    name: { type: 'string' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'string' },
    workers: { type: 'string', default: '1' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const WORKERS = Number(values.workers);
const AGENCY = '000.00.00.H56';
const WARM_UP = values.warmup === undefined ? REQUESTS : Number(values.warmup);
const decisionOf = (answer: unknown) => (answer as { decision?: string }).decision ?? '?';

/** Every n-th citizen of the file, for the queries. */
async function sample(file: string, every: number, max: number): Promise<Citizen[]> {
  const out: Citizen[] = [];
  let i = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(file) })) {
    if (i++ % every === 0 && line) out.push(JSON.parse(line) as Citizen);
    if (out.length >= max) break;
  }
  return out;
}

function claims(c: Citizen, random: () => number) {
  return {
    // Half the queries without diacritics, as applicants type them.
    fullName: random() < 0.5 ? foldDiacritics(c.fullName) : c.fullName,
    birthDate: random() < 0.2 ? c.birthDate.slice(0, 4) : c.birthDate,
    sex: c.sex,
    ...(random() < 0.7 ? { birthPlace: c.birthPlace.provinceCode } : {}),
    ...(c.father && random() < 0.5 ? { fatherName: c.father.fullName } : {}),
  };
}

type Run = LoadRun & RunCost;

const at = (run: Run, q: number) => quantile(run.latencies, q);

function table(runs: Run[]): string {
  return markdownTable(
    runs.map((r) => r.route.replace('/v1/identity/', '')),
    runs,
    [
      ['requests/s', (r) => (r.requests / r.seconds).toFixed(0)],
      ['latency p50 / p95 / p99 (ms)', (r) => `${at(r, 0.5).toFixed(1)} / ${at(r, 0.95).toFixed(1)} / ${at(r, 0.99).toFixed(1)}`],
      ['decisions', (r) => [...r.labels].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')],
      ...costRows<Run>(),
    ],
  );
}

async function main(): Promise<void> {
  if (values.help) return void console.log(HELP);
  if (!values.file) throw new Error(`--file FILE.ndjson is required\n\n${HELP}`);
  for (const given of [values.reuse, values.name]) if (given && !/^motlan_bench_[a-z0-9_]+$/.test(given)) throw new Error('--reuse and --name take a benchmark database (motlan_bench_…)');
  if (values.only && !['verify', 'search'].includes(values.only)) throw new Error('--only takes verify or search');
  const workersError = Number.isInteger(WORKERS) ? workersOptionError(WORKERS, values.profile !== undefined) : '--workers takes a whole number';
  if (workersError) throw new Error(workersError);
  if (!Number.isInteger(WARM_UP) || WARM_UP < 0) throw new Error('--warmup takes a whole number');
  const name = values.reuse ?? values.name ?? `motlan_bench_matching_${Date.now().toString(36)}`;
  const admin = postgres(values.url!, { max: 1, onnotice: () => undefined });
  if (!values.reuse) await admin.unsafe(`create database ${name}`);
  const url = new URL(values.url!);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 2);
  // Kept with the database: Motlan's keys and the bench issuer's.
  const dataDir = path.join(os.tmpdir(), `motlan-bench-matching-${name}`);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    await migrate(database.db, 'postgres', path.join(__dirname, '../migrations'));
    const t = Date.now();
    const rows = values.reuse ? await matchingStore(database.db).size() : await loadRegistry(database.db, values.file);
    if (values.reuse) console.log(`mirror: ${rows} persons already loaded in ${name}`);
    else console.log(`mirror: ${rows} persons loaded in ${((Date.now() - t) / 1000).toFixed(0)} s (${Math.round(rows / ((Date.now() - t) / 1000))} rows/s)`);
    await database.db.execute('vacuum analyze registry_persons' as never);

    const profileDir = values.profile && path.resolve(values.profile);
    const { child: motlan, port, issuer } = await startProductionMotlan({ databaseUrl: url.toString(), keyDir: dataDir, workers: WORKERS, nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
    const token = await issuer.token({ kind: 'agency', agencyCode: AGENCY, clientId: 'bench', roles: ['identity'] });

    const random = seededRandom(99);
    // The warm-up's people are not the measured ones: no request is measured on a warm cache.
    const sampled = await sample(values.file, Math.max(1, Math.floor(rows / (REQUESTS + WARM_UP))), REQUESTS + WARM_UP);
    const people = sampled.slice(WARM_UP);
    const bodiesOf = (persons: Citizen[]) => ({
      verify: persons.map((c) => JSON.stringify({ ...claims(c, random), id: c.id })),
      search: persons.map((c) => JSON.stringify(claims(c, random))),
    });
    const bodies = bodiesOf(people);
    const warmUp = bodiesOf(sampled.slice(0, WARM_UP));
    const runs: Array<Run & { rss: { peak: number; last: number } }> = [];
    const drive = (route: string, bodies: readonly string[]) => driveHttp({ port, path: `/v1/identity/${route}`, token, concurrency: CONCURRENCY, label: decisionOf }, bodies);
    for (const route of ['verify', 'search'] as const) {
      if (values.only && values.only !== route) continue;
      // A server that has been running: the route's own code compiled, connections open, the mirror's pages read.
      if (WARM_UP) await drive(route, warmUp[route]);
      const memory = rssSampler(motlan.pid);
      const run = await measured(admin, name, motlan.pid, () => drive(route, bodies[route]));
      runs.push({ ...run, rss: memory.stop() });
      console.log(runLine(route, run, CONCURRENCY));
    }
    await motlan.stop();
    writeFigures(values.json, runs.map((r) => ({
      label: `Motlan: POST ${r.route}`,
      requests: r.labels.size ? [...r.labels].filter(([k]) => !k.startsWith('HTTP')).reduce((n, [, v]) => n + v, 0) : 0,
      failed: [...r.labels].filter(([k]) => k.startsWith('HTTP')).reduce((n, [, v]) => n + v, 0),
      rps: r.requests / r.seconds,
      p50: at(r, 0.5),
      p95: at(r, 0.95),
      p99: at(r, 0.99),
      cpuMs: { server: (1000 * r.cpu.motlan) / r.requests, postgres: (1000 * r.cpu.postgres) / r.requests },
      rssMiB: r.rss.peak,
      load: r.load,
      othersCpuPercent: othersCpuPercent(r),
      extra: { persons: rows, concurrency: CONCURRENCY },
    })));
    const result = `${rows.toLocaleString('en')} persons in the mirror, ${CONCURRENCY} requests in flight after ${WARM_UP.toLocaleString('en')} unmeasured of other people per route, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}\n\n${table(runs)}\n`;
    console.log(`\n${result}`);
    const profile = profileDir && profileSummary(profileDir, motlan.pid, runs);
    if (profile) console.log(profile);
    // A run that answered errors measured the errors: say so, and fail.
    const failed = runs.flatMap((r) => [...r.labels].filter(([k]) => k.startsWith('HTTP')).map(([k, n]) => `${r.route}: ${n} × ${k}`));
    if (failed.length) {
      console.error(`non-200 answers: ${failed.join(', ')}`);
      process.exitCode = 1;
    }
    if (values.out) fs.writeFileSync(values.out, `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:matching -- ${process.argv.slice(2).join(' ')}\`\n\n${result}`);
  } finally {
    await database.close();
    // A reused mirror took minutes to load: a run that reads it never drops it.
    if (values.keep || values.reuse) console.log(`kept: --reuse ${name}`);
    else {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
