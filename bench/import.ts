/**
 * Bulk-import throughput into PostgreSQL: lines per second through POST /v1/documents/import,
 * the whole path (HTTP, NDJSON parsing, validation, hashing, sniffing, batched writes, audit).
 *
 *   npm run bench:import -- [--url postgres://postgres@127.0.0.1:5432/postgres] [--lines 20000] [--content 2048] [--people 1000]
 *
 * --people: how many distinct citizens the documents name (each line names one, in turn).
 *
 * Creates and drops its own database next to the one the URL names.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { startBenchServer } from './benchServer';
import { agencyService } from '../src/agencies/agencies.service';
import { openPostgres } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { makeCitizenId } from '../src/ids';
import { subjectService } from '../src/subjects/subjects.service';

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' }, lines: { type: 'string', default: '20000' }, content: { type: 'string', default: '2048' }, people: { type: 'string', default: '1000' } },
});
const LINES = Number(values.lines);
const CONTENT_BYTES = Number(values.content);
const AGENCY = '000.17.22.H56';

async function main(): Promise<void> {
  const name = `motlan_bench_${Date.now().toString(36)}`;
  const admin = postgres(values.url!, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(values.url!);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 10);
  try {
    await migrate(database.db, 'postgres', path.join(__dirname, '../migrations'));
    const { port, token, close: closeServer } = await startBenchServer(database.db, { code: AGENCY, roles: ['documents:write'] });

    await agencyService({ db: database.db }).register(AGENCY, { name: 'Sở Tư pháp (benchmark)', level: 'province', jwks: { keys: [] } }, { principal: { kind: 'operator', operatorId: 'bench' }, requestId: 'bench' });
    const people = Array.from({ length: Number(values.people) }, (_, i) => makeCitizenId({ provinceCode: '082', sex: i % 2 ? 'female' : 'male', birthYear: 1940 + (i % 80), serial: i + 1 }));
    const subjects = subjectService({ db: database.db });
    for (const id of people) await subjects.register({ kind: 'citizen', nationalId: id, name: 'Nguyễn Thị Thu Hằng', aliases: [] }, { principal: { kind: 'operator', operatorId: 'bench' }, requestId: 'bench' });

    const filler = randomBytes(Math.max(0, CONTENT_BYTES - 64)).toString('hex').slice(0, Math.max(0, CONTENT_BYTES - 64));
    const lines = Array.from({ length: LINES }, (_, i) => {
      const bytes = Buffer.from(`%PDF-1.7\n% ${i} ${filler}`.slice(0, CONTENT_BYTES));
      return `${JSON.stringify({
        type: 'residence-confirmation', number: `${i + 1}/2025/XNCT`, issuer: AGENCY, procedureCode: '1.004194',
        dossierCode: `${AGENCY}-250601-${String((i % 9999) + 1).padStart(4, '0')}`, issueDate: '2025-06-01',
        subjects: [{ role: 'resident', id: people[i % people.length] }],
        fields: { fullName: 'Nguyễn Thị Thu Hằng', birthDate: '1987-03-14', permanentAddress: `Số ${i}, đường 30/4, phường Mỹ Tho, tỉnh Đồng Tháp` },
        content: { data: bytes.toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') },
      })}\n`;
    });
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);

    const run = async (label: string) => {
      const started = process.hrtime.bigint();
      const res = await fetch(`http://127.0.0.1:${port}/v1/documents/import`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson', Authorization: `Bearer ${token}` },
        body: Readable.toWeb(Readable.from(lines)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      const summary = (await res.json()) as { ingested: number; alreadyPresent: number; rejected: number };
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`${label}: ${LINES} lines in ${seconds.toFixed(1)} s = ${Math.round(LINES / seconds)} lines/s (ingested ${summary.ingested}, already present ${summary.alreadyPresent}, rejected ${summary.rejected})`);
    };
    console.log(`PostgreSQL, ${LINES} lines, content ${CONTENT_BYTES} B each (${(bytes / 1048576).toFixed(1)} MiB of NDJSON), batches of 500`);
    await run('first import ');
    await run('same file again');
    await closeServer();
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

void main();
