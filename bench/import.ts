/**
 * Bulk import into PostgreSQL: lines per second through POST /v1/documents/import (HTTP, NDJSON
 * parsing, validation, hashing, sniffing, encryption, batched writes, audit) next to a raw COPY of
 * the rows it stored, and Motlan's memory on a file ten times larger. See HELP.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { agencyService } from '../src/agencies/agencies.service';
import { commandLine } from '../src/cli/commandLine';
import { openPostgres } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { makeCitizenId } from '../src/ids';
import { subjectService } from '../src/subjects/subjects.service';
import { measured, othersCpuPercent } from './httpLoad';
import { rssSampler } from './processes';
import { writeFigures, type Figures } from './suite/figures';
import { startProductionMotlan } from './suite/productionMotlan';

const HELP = `Usage: npm run bench:import -- [options]

Creates a database next to the one --url names (dropped at the end), registers an issuing agency
and --people citizens, starts Motlan (NODE_ENV=production, a token from a bench issuer, rate limits
off) in its own process and streams an NDJSON file of --lines residence confirmations to
POST /v1/documents/import. Then the floor: the rows Motlan stored for them (documents,
document_subjects, document_contents) are copied out and loaded again with COPY … FROM STDIN into
tables of the same shape and indexes, timed. Then a file --larger times larger is imported, to see
whether Motlan's memory stays flat (its resident memory is sampled during each import).

Options:
  --url URL        PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
  --lines N        lines in the measured file (default 5000)
  --content BYTES  content bytes per document (default 2048)
  --people N       distinct citizens the documents name, in turn (default 1000)
  --larger N       the memory run's file is N times larger; 0 skips it (default 10)
  --json FILE      the figures as JSON (npm run bench reads them)
  --content-store S  Motlan's CONTENT_STORE (default database: contents in their rows, as the COPY
                   floor loads them; file: writes and fsyncs one file per content before its row)
  --profile DIR    write a CPU profile of Motlan to DIR
  -h, --help       this text`;

const { values, wholeNumber } = commandLine(HELP, {
  url: { type: 'string' }, lines: { type: 'string' }, content: { type: 'string' }, people: { type: 'string' }, larger: { type: 'string' }, json: { type: 'string' }, profile: { type: 'string' }, 'content-store': { type: 'string' },
});
const URL_ = values.url ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const LINES = wholeNumber('lines', 5000);
const CONTENT_BYTES = wholeNumber('content', 2048);
const PEOPLE = wholeNumber('people', 1000);
const LARGER = wholeNumber('larger', 10);
const AGENCY = '000.17.22.H56';
const ACTOR = { principal: { kind: 'operator' as const, operatorId: 'bench' }, requestId: 'bench' };

/** Lines `from` … `from + n - 1` of an import file: each a residence confirmation with its content. */
function* importLines(people: readonly string[], from: number, n: number): Generator<string> {
  const filler = randomBytes(CONTENT_BYTES).toString('hex').slice(0, Math.max(0, CONTENT_BYTES - 64));
  for (let i = from; i < from + n; i++) {
    const bytes = Buffer.from(`%PDF-1.7\n% ${i} ${filler}`.slice(0, CONTENT_BYTES));
    yield `${JSON.stringify({
      type: 'residence-confirmation', number: `${i + 1}/2025/XNCT`, issuer: AGENCY, procedureCode: '1.004194',
      dossierCode: `${AGENCY}-250601-${String((i % 9999) + 1).padStart(4, '0')}`, issueDate: '2025-06-01',
      subjects: [{ role: 'resident', id: people[i % people.length] }],
      fields: { fullName: 'Nguyễn Thị Thu Hằng', birthDate: '1987-03-14', permanentAddress: `Số ${i}, đường 30/4, phường Mỹ Tho, tỉnh Đồng Tháp` },
      content: { data: bytes.toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') },
    })}\n`;
  }
}

async function main(): Promise<void> {
  const name = `motlan_bench_import_${Date.now().toString(36)}`;
  const admin = postgres(URL_, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(URL_);
  url.pathname = `/${name}`;
  const keyDir = path.join(os.tmpdir(), `motlan-bench-${name}`);
  const database = await openPostgres(url.toString(), 2);
  const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined });
  try {
    await migrate(database.db, 'postgres', path.join(__dirname, '../migrations'));
    await agencyService({ db: database.db }).register(AGENCY, { name: 'Sở Tư pháp (dữ liệu đo hiệu năng)', level: 'province', jwks: { keys: [] } }, ACTOR);
    const people = Array.from({ length: PEOPLE }, (_, i) => makeCitizenId({ provinceCode: '082', sex: i % 2 ? 'female' : 'male', birthYear: 1940 + (i % 80), serial: i + 1 }));
    const subjects = subjectService({ db: database.db });
    for (const id of people) await subjects.register({ kind: 'citizen', nationalId: id, name: 'Nguyễn Thị Thu Hằng', aliases: [] }, ACTOR);
    const bytes = [...importLines(people, 0, Math.min(LINES, 100))].reduce((n, l) => n + Buffer.byteLength(l), 0) / Math.min(LINES, 100);

    const motlan = await startProductionMotlan({ databaseUrl: url.toString(), keyDir, env: { IMPORT_MAX_BYTES: String(64 * 1024 * 1_048_576), IMPORT_MAX_SECONDS: '3600', CONTENT_STORE: values['content-store'] ?? 'database' }, nodeArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [] });
    const token = await motlan.issuer.token({ kind: 'agency', agencyCode: AGENCY, clientId: 'bench-import', roles: ['documents:write'] });
    const run = async (from: number, n: number) => {
      const memory = rssSampler(motlan.child.pid, 100);
      const result = await measured(admin, name, motlan.child.pid, async () => {
        const started = process.hrtime.bigint();
        const res = await fetch(`http://127.0.0.1:${motlan.port}/v1/documents/import`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-ndjson', Authorization: `Bearer ${token}` },
          body: Readable.toWeb(Readable.from(importLines(people, from, n))) as ReadableStream,
          duplex: 'half',
        } as RequestInit);
        const summary = (await res.json()) as { ingested: number; alreadyPresent: number; rejected: number };
        if (res.status !== 200 || summary.ingested !== n) throw new Error(`import answered ${res.status}: ${JSON.stringify(summary).slice(0, 500)}`);
        return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
      });
      const rss = memory.stop();
      console.log(`Motlan: ${n} lines (${((n * bytes) / 1048576).toFixed(0)} MiB) in ${result.seconds.toFixed(1)} s = ${Math.round(n / result.seconds)} lines/s, RSS peak ${rss.peak.toFixed(0)} MiB`);
      return { ...result, rss };
    };
    console.log(`PostgreSQL, ${LINES} lines, content ${CONTENT_BYTES} B each (≈ ${((LINES * bytes) / 1048576).toFixed(1)} MiB of NDJSON)`);
    const idle = rssSampler(motlan.child.pid).stop().last;
    const first = await run(0, LINES);

    // The floor: the same rows, as Motlan stored them, loaded again by COPY.
    const tables = ['documents', 'document_subjects', 'document_contents'];
    const dumps = new Map<string, Buffer>();
    for (const table of tables) {
      // Written by the server (it runs on this machine), read here and sent back over the wire.
      const file = path.join(os.tmpdir(), `${name}.${table}.copy`);
      await sql.unsafe(`copy ${table} to '${file}'`);
      dumps.set(table, fs.readFileSync(file));
      fs.rmSync(file);
      await sql.unsafe(`create table bench_copy_${table} (like ${table} including all)`);
    }
    const copy = await measured(admin, name, motlan.child.pid, async () => {
      const started = process.hrtime.bigint();
      for (const table of tables) await pipeline(Readable.from([dumps.get(table)!]), await sql.unsafe(`copy bench_copy_${table} from stdin`).writable());
      return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    });
    const copyMiB = [...dumps.values()].reduce((n, b) => n + b.length, 0) / 1048576;
    console.log(`COPY of the same rows (${tables.join(', ')}; ${copyMiB.toFixed(0)} MiB): ${copy.seconds.toFixed(2)} s = ${Math.round(LINES / copy.seconds)} lines/s`);

    const larger = LARGER ? await run(LINES, LINES * LARGER) : undefined;
    await motlan.child.stop();

    const per = (seconds: number, n: number) => (1000 * seconds) / n;
    const figures: Figures[] = [
      {
        label: 'floor: COPY of the same rows', requests: LINES, failed: 0, rps: LINES / copy.seconds, p50: 0, p99: 0,
        cpuMs: { server: 0, postgres: per(copy.cpu.postgres, LINES) }, rssMiB: 0, load: copy.load, othersCpuPercent: othersCpuPercent(copy), extra: { seconds: copy.seconds, mib: copyMiB },
      },
      {
        label: 'Motlan: POST /v1/documents/import', requests: LINES, failed: 0, rps: LINES / first.seconds, p50: 0, p99: 0,
        cpuMs: { server: per(first.cpu.motlan, LINES), postgres: per(first.cpu.postgres, LINES) }, rssMiB: first.rss.peak, load: first.load, othersCpuPercent: othersCpuPercent(first),
        extra: { seconds: first.seconds, lineBytes: Math.round(bytes), rssIdleMiB: idle, ...(larger ? { largerLines: LINES * LARGER, largerSeconds: larger.seconds, largerRssMiB: larger.rss.peak, largerLoad: `${larger.load[0]} → ${larger.load[1]}` } : {}) },
      },
    ];
    writeFigures(values.json, figures);
    if (larger) console.log(`memory: RSS idle ${idle.toFixed(0)} MiB, peak ${first.rss.peak.toFixed(0)} MiB on ${LINES} lines, ${larger.rss.peak.toFixed(0)} MiB on ${LINES * LARGER} lines`);
  } finally {
    await sql.end();
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(keyDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
