/**
 * npm run bench: every scenario of issue 16 with its floor in the same run, Motlan in production
 * mode with tokens from a bench issuer, and bench/RESULTS.md written from what they measured. See HELP.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { commandLine } from '../src/cli/commandLine';
import { loadAverage } from './processes';
import { readFigures } from './suite/figures';
import { resultsMarkdown, type ScenarioResult } from './suite/resultsMarkdown';
import { runScenario } from './suite/runScenario';

const HELP = `Usage: npm run bench -- [options]

Runs, one after the other, each with its floor in the same run and Motlan compiled (npm run build,
started as npm run start:prod starts it) in its own process with NODE_ENV=production (tokens from a bench issuer trusted through AUTH_TRUSTED_ISSUERS; rate limits off):
  prefill   POST /v1/prefill (marriage registration, two persons, registry simulator) vs
            express 5 + postgres.js (bench/prefill.ts)
  read      GET /v1/documents/{id} by an agency with consent vs the floor reading the same rows
            (bench/vaultRead.ts, on the prefill's vault)
  verify    POST /v1/identity/verify, 4 in flight, on a registry mirror of --persons (bench/matching.ts)
  import    POST /v1/documents/import vs COPY of the same rows, then a file --larger times larger
            for memory (bench/import.ts)
and writes bench/RESULTS.md: machine, versions, commit, per scenario requests/s, p50/p99 (p95 for
verify), CPU ms per request of Motlan and of PostgreSQL, Motlan's peak RSS, the ratio to the floor,
the issue's target and whether it is met, and the load average around each scenario (the machine is
shared). Data is kept in motlan_bench_all (the prefill's vault) and motlan_bench_all_mirror_<persons>:
a second run reuses them (no load); --fresh loads them again.

Options:
  --only LIST            some of prefill,read,verify,import (default all)
  --citizens N           prefill vault: citizens (default 20000)
  --documents N          prefill vault: documents (default 100000)
  --duration SECONDS     prefill: measured seconds per server (default 15), after 30 unmeasured,
                         every prefill asking the registry (REGISTRY_CACHE_TTL_SECONDS=1)
  --connections N        prefill and read: connections / requests in flight (default 20)
  --read-requests N      read: measured requests per server, after five times as many unmeasured (default 4000)
  --persons N            verify: persons in the mirror (default 1000000, the target's size; the first
                         run generates and loads them: ≈ 2.5 min idle, 10 min while the machine
                         was busy; --persons 200000 loads in a fifth of that)
  --verify-requests N    verify: measured requests (default 3000), after as many unmeasured
  --import-lines N       import: lines in the measured file (default 2000)
  --larger N             import: the memory run's file is N times larger (default 10)
  --url URL              the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
  --fresh                drop and load the kept databases again
  --out FILE             default bench/RESULTS.md
  -h, --help             this text`;

const SCENARIOS = ['prefill', 'read', 'verify', 'import'] as const;
const { values, fail, wholeNumber } = commandLine(HELP, {
  only: { type: 'string' }, citizens: { type: 'string' }, documents: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' },
  'read-requests': { type: 'string' }, persons: { type: 'string' }, 'verify-requests': { type: 'string' }, 'import-lines': { type: 'string' },
  larger: { type: 'string' }, url: { type: 'string' }, fresh: { type: 'boolean' }, out: { type: 'string' },
});
const options = {
  citizens: wholeNumber('citizens', 20_000),
  documents: wholeNumber('documents', 100_000),
  duration: wholeNumber('duration', 15),
  connections: wholeNumber('connections', 20),
  readRequests: wholeNumber('read-requests', 4000),
  persons: wholeNumber('persons', 1_000_000),
  verifyRequests: wholeNumber('verify-requests', 3000),
  importLines: wholeNumber('import-lines', 2000),
  larger: wholeNumber('larger', 10),
  url: values.url ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  fresh: values.fresh === true,
  out: path.resolve(values.out ?? path.join(__dirname, 'RESULTS.md')),
};
const only = values.only?.split(',').map((s) => s.trim()) ?? [...SCENARIOS];
for (const s of only) if (!(SCENARIOS as readonly string[]).includes(s)) fail(`--only takes ${SCENARIOS.join(', ')}, not "${s}"`);
const ROOT = path.resolve(__dirname, '..');
// Each server reads five times the measured count before it is measured: after a tenth (400) both
// were still compiling and the floor, measured first, met cold pages; warmed, the floor read about
// 60% faster and Motlan 45% (bench/results/read.md, 7 Dec 2026).
const READ_WARM_UP_TIMES = 5;
// Prefill: after 5 s a process was still compiling (Node 8.9–10 ms per prefill against 6.4 after 30 s,
// alternated, bench/results/prefill.md, 7 Dec 2026). A cache of one second keeps the registry asked on
// every prefill through the longer warm-up, as it is for a province's applicants, each new to it.
const PREFILL_WARM_UP_SECONDS = 30;
const VAULT = 'motlan_bench_all';
const MIRROR = `motlan_bench_all_mirror_${options.persons}`;

const urlOf = (database: string) => {
  const url = new URL(options.url);
  url.pathname = `/${database}`;
  return url.toString();
};

async function main(): Promise<void> {
  const started = new Date();
  const admin = postgres(options.url, { max: 1, onnotice: () => undefined });
  const exists = async (name: string) => (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  const version = (await admin<Array<{ version: string }>>`select version()`)[0]!.version;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-bench-all-'));
  const results: ScenarioResult[] = [];
  const run = async (scenario: string, file: string, args: string[]) => {
    const json = path.join(work, `${scenario}.json`);
    const out = path.join(work, `${scenario}.md`);
    const outcome = await runScenario(scenario, file, [...args, '--json', json], loadAverage);
    const figures = fs.existsSync(json) ? readFigures(json) : [];
    results.push({ scenario, command: `tsx ${file} ${args.join(' ').replaceAll(work, '$WORK')}`, ...outcome, figures, details: fs.existsSync(out) ? fs.readFileSync(out, 'utf8').replaceAll(work, '$WORK') : undefined });
    return out;
  };

  try {
    if (only.includes('prefill') || only.includes('read')) {
      // The vault is reused when an earlier run loaded it at this size (bench/prefill.ts checks it too).
      let reuse = !options.fresh && (await exists(VAULT));
      if (reuse) {
        const vault = postgres(urlOf(VAULT), { max: 1, onnotice: () => undefined });
        const [meta] = await vault<Array<{ value: { citizens: number; documents: number } }>>`select value from bench_prefill_meta where key = 'load'`.catch(() => []);
        reuse = meta?.value.citizens === options.citizens && meta.value.documents === options.documents;
        await vault.end();
      }
      const prefillArgs = ['--citizens', String(options.citizens), '--documents', String(options.documents), '--duration', String(options.duration), '--connections', String(options.connections), '--database-url', urlOf(VAULT), ...(reuse ? ['--reuse-data'] : [])];
      if (only.includes('prefill')) {
        const out = path.join(work, 'prefill.md');
        await run('prefill', 'bench/prefill.ts', [...prefillArgs, '--warmup', String(PREFILL_WARM_UP_SECONDS), '--registry-cache-ttl', '1', '--out', out]);
      } else if (!reuse) {
        fail(`--only read needs the vault ${VAULT} at --citizens ${options.citizens} --documents ${options.documents}: run the prefill scenario once`);
      }
      if (only.includes('read')) await run('read', 'bench/vaultRead.ts', ['--database-url', urlOf(VAULT), '--requests', String(options.readRequests), '--warmup', String(READ_WARM_UP_TIMES * options.readRequests), '--concurrency', String(options.connections), '--out', path.join(work, 'read.md')]);
    }
    if (only.includes('verify')) {
      // The queries are sampled from the population file, so it is made again (same seed, same people) when missing.
      const population = path.join(os.tmpdir(), `motlan-bench-population-${options.persons}-seed42.ndjson`);
      if (!fs.existsSync(population)) {
        console.log(`generating ${options.persons} persons into ${population}`);
        execFileSync(process.execPath, ['--import', 'tsx', 'src/connectors/population/populationGenerator.cli.ts', '--count', String(options.persons), '--seed', '42', '--out', population], { cwd: ROOT, stdio: 'inherit' });
      }
      if (options.fresh && (await exists(MIRROR))) await admin.unsafe(`drop database "${MIRROR}" with (force)`);
      const database = (await exists(MIRROR)) ? ['--reuse', MIRROR] : ['--name', MIRROR];
      await run('verify', 'bench/matching.ts', ['--file', population, '--url', options.url, ...database, '--keep', '--only', 'verify', '--concurrency', '4', '--requests', String(options.verifyRequests), '--warmup', String(options.verifyRequests), '--out', path.join(work, 'verify.md')]);
    }
    if (only.includes('import')) await run('import', 'bench/import.ts', ['--url', options.url, '--lines', String(options.importLines), '--larger', String(options.larger)]);
  } finally {
    await admin.end();
  }

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
  const markdown = resultsMarkdown({
    started,
    finished: new Date(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: { cpu: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`, memoryGiB: os.totalmem() / 2 ** 30, kernel: `${os.type()} ${os.release()}` },
    versions: { node: process.version, postgres: version.split(' on ')[0]!, commit: `${commit}${dirty ? ' (with uncommitted changes)' : ''}` },
    sizes: { citizens: options.citizens, documents: options.documents, persons: options.persons, connections: options.connections, importLines: options.importLines, larger: options.larger },
    results,
  });
  fs.writeFileSync(options.out, markdown);
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`\nwritten to ${path.relative(process.cwd(), options.out)}`);
  if (results.some((r) => r.exitCode !== 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
