/**
 * Business identity under load: POST /v1/identity/business/search (and /business/verify) against a
 * business mirror in PostgreSQL, Motlan in its own process, over HTTP on 127.0.0.1. See HELP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import postgres from 'postgres';
import { loadDevIssuer, signDevToken } from '../src/auth/devIssuer';
import type { Enterprise } from '../src/connectors';
import { pick, seededRandom, weightedPicker, type Random } from '../src/connectors/shared/seededRandom';
import { openPostgres } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { businessMirrorStore } from '../src/matching/businessMirror.store';
import { abbreviate, oneDigitOff, typo } from '../src/matching/evaluation/businessEvaluation';
import { loadBusinessRegistry } from '../src/matching/loadBusinessRegistry';
import { foldDiacritics } from '../src/names';
import { costRows, driveHttp, markdownTable, measured, profileSummary, quantile, runLine, type LoadRun, type RunCost } from './httpLoad';
import { freePort, startChild, waitUntilReady } from './processes';

/** How the search queries are typed, with their shares (%): fixed before any run. */
const QUERY_MIX: ReadonlyArray<readonly [string, number]> = [
  ['name as registered', 20],
  ['name without diacritics', 20],
  ['name abbreviated (Cty TNHH TM-DV …)', 20],
  ['English name', 10],
  ['one letter of the brand mistyped', 10],
  ['code one digit off + name', 10],
  ['code + name', 5],
  ["a branch's name", 5],
];

const HELP = `Usage: npm run bench:business -- --file BUSINESSES.ndjson [options]

Loads the business register file (npm run gen:businesses writes one) into the business mirror of a
dedicated PostgreSQL database (motlan_bench_business_…, created next to the one --url names),
starts Motlan on it in its own process (no business registry configured, so verify reads the
mirror: the registry's own latency is not Motlan's), and sends business search, then business
verify requests over HTTP with a fixed number in flight. Prints, per route, requests/s, exact
p50/p95/p99 latency, the decisions, how often the business sought came first and within the top 5,
and the CPU per request of Motlan and of the PostgreSQL backends, with the load average (the
machine may be shared). Every request writes its access-log entry, as in production.

Queries are enterprises sampled evenly from the file, typed as applicants type them:
${QUERY_MIX.map(([what, share]) => `  ${String(share).padStart(2)}%  ${what}`).join('\n')}
the province typed 70% of the time (the commune in 30% of those). Verify claims the right code
with the name typed in one of the first three ways.

Options:
  --file FILE          business register NDJSON (one enterprise a line, with its branches)
  --url URL            PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
  --requests N         measured requests per route (default 3000)
  --concurrency N      requests in flight (default 4)
  --only ROUTE         search or verify
  --reuse DATABASE     a database an earlier run kept (motlan_bench_business_…): no load
  --keep               keep the database at the end (default: drop it)
  --profile DIR        write a CPU profile of Motlan to DIR and print where its time went
  --out FILE           also write the results as Markdown
  -h, --help           this text

Example:
  npm run gen:businesses -- --count 100000 --seed 42 --population-count 300000 --out /tmp/motlan-biz100k.ndjson
  npm run bench:business -- --file /tmp/motlan-biz100k.ndjson --keep`;

const ROUTES = ['search', 'verify'] as const;
type Route = (typeof ROUTES)[number];
const AGENCY = '000.00.00.H56';

interface Query {
  body: string;
  /** The unit sought: the enterprise's code, or its branch's. */
  truth: string;
}

interface Run extends LoadRun, RunCost {
  name: Route;
  first: number;
  top5: number;
}

function options() {
  try {
    return parseArgs({
      options: {
        url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
        file: { type: 'string' },
        requests: { type: 'string', default: '3000' },
        concurrency: { type: 'string', default: '4' },
        only: { type: 'string' },
        reuse: { type: 'string' },
        keep: { type: 'boolean', default: false },
        profile: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
}

async function* enterprisesOf(file: string): AsyncGenerator<string> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.trim()) yield line;
  } finally {
    lines.close();
  }
}

/** `count` enterprises spread evenly over the file. */
async function sample(file: string, count: number): Promise<Enterprise[]> {
  let total = 0;
  for await (const _ of enterprisesOf(file)) total++;
  const every = Math.max(1, Math.floor(total / count));
  const out: Enterprise[] = [];
  let i = 0;
  for await (const line of enterprisesOf(file)) {
    if (i++ % every === 0) out.push(JSON.parse(line) as Enterprise);
    if (out.length >= count) break;
  }
  return out;
}

function searchQuery(e: Enterprise, how: string, random: Random): Query {
  const branch = how === "a branch's name" && e.branches.length ? pick(random, e.branches) : null;
  const where = branch?.address ?? e.address;
  const address = random() < 0.7 ? { province: where.province, ...(random() < 0.3 ? { commune: where.commune } : {}) } : undefined;
  const typed: Record<string, unknown> = address ? { address } : {};
  switch (how) {
    case 'name as registered':
      typed.name = e.names.vi;
      break;
    case 'name without diacritics':
      typed.name = foldDiacritics(e.names.vi).toLowerCase();
      break;
    case 'name abbreviated (Cty TNHH TM-DV …)':
      typed.name = abbreviate(e.names.vi);
      break;
    case 'English name':
      if (e.names.en) typed.englishName = e.names.en;
      else typed.name = foldDiacritics(e.names.vi);
      break;
    case 'one letter of the brand mistyped':
      typed.name = typo(e.names.vi, random);
      break;
    case 'code one digit off + name':
      typed.code = oneDigitOff(e.code, random);
      typed.name = foldDiacritics(e.names.vi);
      break;
    case 'code + name':
      typed.code = e.code;
      typed.name = e.names.vi;
      break;
    default:
      typed.name = branch ? foldDiacritics(branch.name) : e.names.vi;
  }
  return { body: JSON.stringify(typed), truth: branch?.code ?? e.code };
}

function verifyQuery(e: Enterprise, random: Random): Query {
  const r = random();
  const name = r < 1 / 3 ? e.names.vi : r < 2 / 3 ? foldDiacritics(e.names.vi).toLowerCase() : abbreviate(e.names.vi);
  return { body: JSON.stringify({ code: e.code, name, ...(random() < 0.7 ? { address: { province: e.address.province } } : {}) }), truth: e.code };
}

/** Whether the unit sought came first, and within the first five (search); verify: whether it matched. */
function found(route: Route, answer: unknown, truth: string): { first: boolean; top5: boolean } {
  if (!answer) return { first: false, top5: false };
  if (route === 'verify') {
    const ok = (answer as { decision: string }).decision === 'match';
    return { first: ok, top5: ok };
  }
  const codes = (answer as { candidates: Array<{ code: string; decision: string }> }).candidates.filter((c) => c.decision !== 'non_match').map((c) => c.code);
  return { first: codes[0] === truth, top5: codes.slice(0, 5).includes(truth) };
}

async function loadMirror(db: Parameters<typeof loadBusinessRegistry>[0], file: string): Promise<number> {
  const bar = new SingleBar({ stream: process.stderr, format: 'business mirror [{bar}] {percentage}% | {enterprises} enterprises, {rows} rows | {duration}s, eta {eta}s' }, Presets.shades_classic);
  bar.start(fs.statSync(file).size, 0, { enterprises: 0, rows: 0 });
  const started = Date.now();
  const loaded = await loadBusinessRegistry(db, file, (bytes, enterprises, rows) => bar.update(bytes, { enterprises, rows }));
  bar.stop();
  const seconds = (Date.now() - started) / 1000;
  console.log(`mirror: ${loaded.enterprises} enterprises (${loaded.rows} rows) loaded in ${seconds.toFixed(0)} s (${Math.round(loaded.rows / seconds)} rows/s)`);
  return loaded.rows;
}

async function main(): Promise<void> {
  const values = options();
  if (values.help) return void console.log(HELP);
  if (!values.file) throw new Error(`--file BUSINESSES.ndjson is required\n\n${HELP}`);
  if (!fs.existsSync(values.file)) throw new Error(`No such file: ${values.file}`);
  if (values.reuse && !/^motlan_bench_business_[a-z0-9]+$/.test(values.reuse)) throw new Error('--reuse takes a database this benchmark created (motlan_bench_business_…)');
  if (values.only && !ROUTES.includes(values.only as Route)) throw new Error('--only takes search or verify');
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(concurrency) || concurrency < 1) throw new Error('--requests and --concurrency take positive whole numbers');

  const name = values.reuse ?? `motlan_bench_business_${Date.now().toString(36)}`;
  const admin = postgres(values.url, { max: 1, onnotice: () => undefined });
  if (!values.reuse) await admin.unsafe(`create database ${name}`);
  const url = new URL(values.url);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 2);
  // Kept with the database: Motlan's development seed registers agency keys from here, and refuses
  // a second, different key under the same kid when the database is reused.
  const dataDir = path.join(os.tmpdir(), `motlan-bench-business-${name}`);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    await migrate(database.db, 'postgres', path.join(__dirname, '../migrations'));
    const rows = values.reuse ? await businessMirrorStore(database.db).size() : await loadMirror(database.db, values.file);
    if (values.reuse) console.log(`mirror: ${rows} rows already loaded in ${name}`);
    const [counted] = (await database.db.execute('select count(*)::int as keys from registry_business_keys' as never)) as unknown as Array<{ keys: number }>;
    const keys = counted?.keys ?? 0;
    await database.db.execute('vacuum analyze registry_businesses' as never);
    await database.db.execute('vacuum analyze registry_business_keys' as never);

    const port = await freePort();
    const profileDir = values.profile && path.resolve(values.profile);
    const motlan = startChild('Motlan', 'src/main.ts', [], {
      NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: url.toString(), DATA_DIR: dataDir, LOG_LEVEL: 'warn',
      AUTH_AUDIENCE: 'motlan', DEV_ISSUER: 'on', REGISTRY_SIMULATORS: 'off',
    }, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    await waitUntilReady(motlan, `http://127.0.0.1:${port}/health/ready`, 120_000);
    const token = await signDevToken(await loadDevIssuer(dataDir), { kind: 'agency', agencyCode: AGENCY, clientId: 'bench', roles: ['identity'] }, 'motlan', 3600);

    const random = seededRandom(99);
    const how = weightedPicker(QUERY_MIX);
    const enterprises = await sample(values.file, requests);
    const queries: Record<Route, Query[]> = {
      search: enterprises.map((e) => searchQuery(e, how(random), random)),
      verify: enterprises.map((e) => verifyQuery(e, random)),
    };
    const drive = (route: Route, list: readonly Query[]) =>
      driveHttp({ port, token, concurrency, path: `/v1/identity/business/${route}`, label: (b) => (b as { decision?: string }).decision ?? '?' }, list.map((q) => q.body));

    await drive('search', queries.search.slice(0, 300).reverse()); // warm-up: JIT, caches, connections
    const runs: Run[] = [];
    for (const route of ROUTES) {
      if (values.only && values.only !== route) continue;
      const run = await measured(admin, name, motlan.pid, () => drive(route, queries[route]));
      const outcomes = run.answers.map((a, i) => found(route, a, queries[route][i]!.truth));
      runs.push({
        ...run,
        name: route,
        first: outcomes.filter((o) => o.first).length,
        top5: outcomes.filter((o) => o.top5).length,
      });
      console.log(runLine(route, run, concurrency));
    }
    await motlan.stop();

    const share = (r: Run, n: number) => `${((100 * n) / r.requests).toFixed(1)}%`;
    const table = markdownTable(runs.map((r) => r.name), runs, [
      ['requests/s', (r) => (r.requests / r.seconds).toFixed(0)],
      ['latency p50 / p95 / p99 (ms)', (r) => `${quantile(r.latencies, 0.5).toFixed(1)} / ${quantile(r.latencies, 0.95).toFixed(1)} / ${quantile(r.latencies, 0.99).toFixed(1)}`],
      ['decisions (first candidate)', (r) => [...r.labels].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')],
      ['business sought first (match or possible) / in the top 5', (r) => `${share(r, r.first)} / ${share(r, r.top5)}`],
      ...costRows<Run>(),
    ]);
    const result = `${rows.toLocaleString('en')} business mirror rows (enterprises and branches) with ${keys.toLocaleString('en')} blocking keys, ${concurrency} requests in flight, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}\n\n${table}\n`;
    console.log(`\n${result}`);
    const profile = profileDir && profileSummary(profileDir, motlan.pid, runs);
    if (profile) console.log(profile);
    if (values.out) fs.writeFileSync(values.out, `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:business -- ${process.argv.slice(2).join(' ')}\`\n\n${result}`);
  } finally {
    await database.close();
    if (values.keep) console.log(`kept: --reuse ${name}`);
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
