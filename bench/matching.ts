/**
 * Identity matching under load, over HTTP on 127.0.0.1: verify and search p50/p95/p99 and
 * throughput with a bounded number of requests in flight, against a registry mirror in PostgreSQL.
 *
 *   npm run gen:population -- --count 1000000 --seed 42 --out /tmp/motlan-pop1m.ndjson
 *   npm run bench:matching -- --file /tmp/motlan-pop1m.ndjson [--url postgres://postgres@127.0.0.1:5432/postgres]
 *        [--requests 3000] [--concurrency 4] [--reuse DATABASE]
 *
 * --reuse: a database an interrupted run left loaded (its name starts motlan_bench_matching_);
 * the load is skipped, and the database is dropped at the end all the same.
 * No population registry is configured, so verify reads the record from the mirror (the
 * registry's own latency is not Motlan's). Creates and drops its own database next to the one the
 * URL names. The load loop runs in the same process as the server: both share the two cores.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { startBenchServer } from './benchServer';
import type { Citizen } from '../src/connectors';
import { seededRandom } from '../src/connectors/shared/seededRandom';
import { openPostgres } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { loadRegistry } from '../src/matching/loadRegistry';
import { matchingStore } from '../src/matching/matching.store';
import { foldDiacritics } from '../src/names';
import fs from 'node:fs';
import readline from 'node:readline';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    file: { type: 'string' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '4' },
    reuse: { type: 'string' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

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

async function load(label: string, bodies: object[], send: (body: object) => Promise<Response>): Promise<void> {
  const latencies: number[] = [];
  const decisions = new Map<string, number>();
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t = process.hrtime.bigint();
        const res = await send(body);
        const json = (await res.json()) as { decision?: string };
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        const key = res.ok ? (json.decision ?? '?') : `HTTP ${res.status}`;
        decisions.set(key, (decisions.get(key) ?? 0) + 1);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(
    `${label}: ${bodies.length} requests, ${CONCURRENCY} in flight: ${(bodies.length / seconds).toFixed(0)} req/s, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms; ${[...decisions].map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
}

async function main(): Promise<void> {
  if (!values.file) throw new Error('--file FILE.ndjson is required (npm run gen:population writes one)');
  if (values.reuse && !/^motlan_bench_matching_[a-z0-9]+$/.test(values.reuse)) throw new Error('--reuse takes a database this benchmark created');
  const name = values.reuse ?? `motlan_bench_matching_${Date.now().toString(36)}`;
  const admin = postgres(values.url!, { max: 1, onnotice: () => undefined });
  if (!values.reuse) await admin.unsafe(`create database ${name}`);
  const url = new URL(values.url!);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 10);
  try {
    await migrate(database.db, 'postgres', path.join(__dirname, '../migrations'));
    let t = Date.now();
    const rows = values.reuse ? await matchingStore(database.db).size() : await loadRegistry(database.db, values.file);
    const loadSeconds = (Date.now() - t) / 1000;
    t = Date.now();
    await database.db.execute('analyze registry_persons' as never);
    if (values.reuse) console.log(`mirror: ${rows} persons already loaded`);
    else console.log(`mirror: ${rows} persons loaded in ${loadSeconds.toFixed(0)} s (${Math.round(rows / loadSeconds)} rows/s), analyze ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const { port, token, close: closeServer } = await startBenchServer(database.db, { code: '000.00.00.H56', roles: ['identity'] });
    const post = (route: string) => (body: object) =>
      fetch(`http://127.0.0.1:${port}/v1/identity/${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

    const random = seededRandom(99);
    const people = await sample(values.file, Math.max(1, Math.floor(rows / REQUESTS)), REQUESTS);
    const verifyBodies = people.map((c) => ({ ...claims(c, random), id: c.id }));
    const searchBodies = people.map((c) => claims(c, random));
    await load('warm-up', searchBodies.slice(0, 200), post('search'));
    await load('verify', verifyBodies, post('verify'));
    await load('search', searchBodies, post('search'));
    await closeServer();
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
