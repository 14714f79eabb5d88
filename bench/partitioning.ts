/**
 * The big per-subject tables with and without hash partitioning by subject, side by side in one
 * database: load, lookups by subject, single-row inserts, a lookup without the subject, sizes and
 * plans. See HELP; results in bench/results/partitioning.md.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { commandLine } from '../src/cli/commandLine';
import { loadAverage } from './processes';

const HELP = `Usage: npx tsx bench/partitioning.ts [options]

Builds two copies of Motlan's per-subject tables in a database of its own (dropped and re-created):
schema plain, as in migrations/, and schema part, hash-partitioned by subject (audit_entries by
chain_key, document_subjects by subject_id), with the same rows. Then, on one connection with
prepared statements, the copies taking turns, it times: the bulk load, an access-log page of a random subject
(newest 20 entries), a subject's documents (document_subjects joined to documents), single-row
access-log inserts in autocommit, and a document's subjects looked up by document id (no subject
key). Prints and writes the figures, the sizes and EXPLAIN ANALYZE of each statement.

Options:
  --subjects N        subjects (default 100000)
  --entries N         audit entries, spread over the subjects (default 1000000)
  --documents N       documents, each with one or two subjects (default 300000)
  --partitions N      hash partitions (default 16)
  --lookups N         timed lookups of each kind per copy (default 5000)
  --inserts N         timed single-row inserts per copy (default 3000)
  --database-url URL  default postgres://postgres@127.0.0.1:5432/motlan_bench_partitioning (the name
                      must begin with motlan_bench; it is dropped at the end unless --keep)
  --keep              keep the database
  --out FILE          default bench/results/partitioning.md
  -h, --help          this text`;

const { values, fail, wholeNumber } = commandLine(HELP, {
  subjects: { type: 'string' }, entries: { type: 'string' }, documents: { type: 'string' }, partitions: { type: 'string' },
  lookups: { type: 'string' }, inserts: { type: 'string' }, 'database-url': { type: 'string' }, keep: { type: 'boolean' }, out: { type: 'string' },
});
const o = {
  subjects: wholeNumber('subjects', 100_000),
  entries: wholeNumber('entries', 1_000_000),
  documents: wholeNumber('documents', 300_000),
  partitions: wholeNumber('partitions', 16),
  lookups: wholeNumber('lookups', 5_000),
  inserts: wholeNumber('inserts', 3_000),
  url: values['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/motlan_bench_partitioning',
  out: path.resolve(values.out ?? path.join(__dirname, 'results/partitioning.md')),
};
if (o.subjects < 100 || o.partitions < 2 || o.partitions > 256) fail('--subjects ≥ 100 and 2 ≤ --partitions ≤ 256');
const dbName = decodeURIComponent(new URL(o.url).pathname.slice(1));
if (!/^motlan_bench[a-z0-9_]*$/.test(dbName)) fail(`--database-url must name a database whose name begins with motlan_bench, not "${dbName}"`);

/** The columns of migrations/ for these tables; only the keys and indexes differ between the copies. */
const AUDIT_COLUMNS = `id bigint not null, chain_key text not null, seq bigint not null, at timestamptz not null, actor text not null,
  agency_code text, official_id text, action text not null, subject_id uuid, document_id uuid, document_type text, purpose text,
  dossier_code text, decision text not null check (decision in ('allow', 'deny')), rule text not null, request_id text,
  prev_hash text not null, hash text not null`;
const DOCUMENT_SUBJECT_COLUMNS = 'document_id uuid not null, subject_id uuid not null, role text not null, position integer not null';

function ddl(schema: Schema, partitions: number): string[] {
  const common = [
    `create schema ${schema}`,
    `create table ${schema}.subjects (id uuid primary key, national_id text not null unique)`,
    // documents stay unpartitioned in both copies: a document has one to many subjects (docs/scaling.md).
    `create table ${schema}.documents (id uuid primary key, type text not null, number text not null, issue_date date not null, fields jsonb not null)`,
  ];
  if (schema === 'plain') {
    return [
      ...common,
      `create table plain.audit_entries (${AUDIT_COLUMNS}, primary key (id))`,
      'create unique index on plain.audit_entries (chain_key, seq)',
      'create index on plain.audit_entries (subject_id, id)',
      `create table plain.document_subjects (${DOCUMENT_SUBJECT_COLUMNS}, primary key (document_id, position),
        foreign key (document_id) references plain.documents (id), foreign key (subject_id) references plain.subjects (id))`,
      'create index on plain.document_subjects (subject_id, document_id)',
    ];
  }
  const parts = (table: string) => Array.from({ length: partitions }, (_, i) => `create table part.${table}_p${i} partition of part.${table} for values with (modulus ${partitions}, remainder ${i})`);
  return [
    ...common,
    // A unique key must contain the partition key: (chain_key, seq) is the natural one; id loses its own.
    `create table part.audit_entries (${AUDIT_COLUMNS}, primary key (chain_key, seq)) partition by hash (chain_key)`,
    ...parts('audit_entries'),
    'create index on part.audit_entries (subject_id, id)',
    // (document_id, position) cannot stay the key: it lacks subject_id. The FK to documents still works.
    `create table part.document_subjects (${DOCUMENT_SUBJECT_COLUMNS}, primary key (subject_id, document_id, position),
        foreign key (document_id) references part.documents (id), foreign key (subject_id) references part.subjects (id)) partition by hash (subject_id)`,
    ...parts('document_subjects'),
    // Without it, a lookup by document id reads every partition whole.
    'create index on part.document_subjects (document_id)',
  ];
}

/** Set-based, the same rows in both copies: uuids derived from numbers, so both copies agree. */
const uuidOf = (expr: string, tag: string) => `md5('${tag}' || (${expr})::text)::uuid`;
function loadStatements(schema: string): Array<[string, string]> {
  const s = o.subjects;
  return [
    ['subjects', `insert into ${schema}.subjects select ${uuidOf('g', 's')}, lpad(g::text, 12, '0') from generate_series(1, ${s}) g`],
    ['documents', `insert into ${schema}.documents select ${uuidOf('g', 'd')}, (array['birth-certificate','residence-confirmation','diploma','marriage-certificate'])[1 + g % 4], g::text || '/2026', date '2020-01-01' + (g % 2000), jsonb_build_object('n', g) from generate_series(1, ${o.documents}) g`],
    ['document_subjects', `insert into ${schema}.document_subjects
      select ${uuidOf('g', 'd')}, ${uuidOf('1 + (g::bigint * 7919) % ' + s, 's')}, 'holder', 0 from generate_series(1, ${o.documents}) g
      union all
      select ${uuidOf('g', 'd')}, ${uuidOf('1 + (g::bigint * 7919 + 1) % ' + s, 's')}, 'spouse', 1 from generate_series(1, ${o.documents}) g where g % 4 = 3`],
    // Entries numbered per subject: entry g belongs to subject 1 + g % s, its seq is g / s + 1.
    ['audit_entries', `insert into ${schema}.audit_entries
      select g, ${uuidOf('1 + g % ' + s, 's')}::text, g / ${s} + 1, timestamptz '2026-01-01' + g * interval '1 second', 'agency:000.00.00.H56/one-stop',
        '000.00.00.H56', null, 'document.read', ${uuidOf('1 + g % ' + s, 's')}, ${uuidOf('1 + g % ' + o.documents, 'd')}, 'birth-certificate', '1.000894',
        null, case when g % 5 = 0 then 'deny' else 'allow' end, 'consent:x', 'req-' || g, md5('p' || g) || md5('q' || g), md5('h' || g) || md5('i' || g)
      from generate_series(1, ${o.entries}) g`],
  ];
}

const STATEMENTS = {
  accessLogPage: (schema: string) => `select seq, at, actor, action, document_type, decision, rule, hash from ${schema}.audit_entries where chain_key = $1 order by seq desc limit 20`,
  subjectDocuments: (schema: string) => `select d.id, d.type, d.number, ds.role from ${schema}.document_subjects ds join ${schema}.documents d on d.id = ds.document_id where ds.subject_id = $1::uuid`,
  documentSubjects: (schema: string) => `select subject_id, role from ${schema}.document_subjects where document_id = $1::uuid`,
  insertEntry: (schema: string) => `insert into ${schema}.audit_entries (id, chain_key, seq, at, actor, action, subject_id, decision, rule, prev_hash, hash)
    values ($1, $2::text, $3, now(), 'agency:000.00.00.H56/one-stop', 'document.read', $2::text::uuid, 'allow', 'consent:x', 'p', 'h')`,
};

type Schema = 'plain' | 'part';
const SCHEMAS: Schema[] = ['plain', 'part'];
type Variant = Schema | 'partCustom';
const VARIANTS: Variant[] = ['plain', 'part', 'partCustom'];
const ROUNDS = 10;

interface Timing {
  n: number;
  perSecond: number;
  p50: number;
  p99: number;
}

interface Sample {
  micros: number[];
  seconds: number;
}

async function timeInto(sample: Sample, n: number, run: (i: number) => Promise<unknown>): Promise<void> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) {
    const t = process.hrtime.bigint();
    await run(i);
    sample.micros.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  sample.seconds += Number(process.hrtime.bigint() - start) / 1e9;
}

function summarise({ micros, seconds }: Sample): Timing {
  const n = micros.length;
  const sorted = [...micros].sort((a, b) => a - b);
  return { n, perSecond: n / seconds, p50: sorted[Math.floor(n * 0.5)]!, p99: sorted[Math.min(n - 1, Math.floor(n * 0.99))]! };
}

/** Deterministic pseudo-random subjects and documents, the same sequence for both copies. */
const pick = (i: number, of: number) => 1 + ((i * 2_654_435_761) % of);
const md5uuid = (tag: string, n: number) => {
  // The same value as md5(tag || n)::uuid in SQL.
  const h = createHash('md5').update(`${tag}${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadAverage();
  const admin = postgres({ ...parseUrl(o.url), database: 'postgres', max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
  const sql = postgres(o.url, { max: 1, onnotice: () => undefined, prepare: true });
  const version = (await sql.unsafe<{ v: string }[]>('select version() as v'))[0]!.v;
  const results: Record<string, Record<string, unknown>> = {};
  const plans: Record<string, Record<string, string>> = {};
  const sizes: Record<string, Array<{ table: string; rows: number; tableBytes: number; indexBytes: number }>> = {};
  try {
    const loads: Record<string, Record<string, number>> = {};
    for (const schema of SCHEMAS) {
      for (const stmt of ddl(schema, o.partitions)) await sql.unsafe(stmt);
      const load: Record<string, number> = {};
      for (const [table, stmt] of loadStatements(schema)) {
        const t = Date.now();
        await sql.unsafe(stmt);
        load[table] = (Date.now() - t) / 1000;
        console.log(`${schema}: loaded ${table} in ${load[table]!.toFixed(1)} s`);
      }
      const t = Date.now();
      await sql.unsafe(`vacuum analyze ${schema}.subjects, ${schema}.documents, ${schema}.document_subjects, ${schema}.audit_entries`);
      load['vacuum analyze'] = (Date.now() - t) / 1000;
      loads[schema] = load;
    }

    const subjectKey = (i: number) => md5uuid('s', pick(i, o.subjects));
    // A pass first, unmeasured, so both copies are measured with warm caches.
    for (const schema of SCHEMAS) {
      for (let i = 0; i < 500; i += 1) {
        await sql.unsafe(STATEMENTS.accessLogPage(schema), [subjectKey(i)], { prepare: true });
        await sql.unsafe(STATEMENTS.subjectDocuments(schema), [subjectKey(i)], { prepare: true });
      }
    }
    // The machine is shared: the copies take turns, ROUNDS blocks each, so a burst of someone
    // else's load falls on all alike. The partitioned copy runs twice: with PostgreSQL's default plan
    // choice (a prepared statement gets a generic plan after five runs, pruned at run time) and with
    // a plan made for each value (pruned when planned), to tell the two costs apart.
    const alternate = async (n: number, run: (schema: Schema, i: number) => Promise<unknown>) => {
      const samples: Record<Variant, Sample> = { plain: { micros: [], seconds: 0 }, part: { micros: [], seconds: 0 }, partCustom: { micros: [], seconds: 0 } };
      const block = Math.ceil(n / ROUNDS);
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const variant of round % 2 ? [...VARIANTS].reverse() : VARIANTS) {
          await sql.unsafe(`set plan_cache_mode = ${variant === 'partCustom' ? 'force_custom_plan' : 'auto'}`);
          await timeInto(samples[variant], block, (i) => run(variant === 'plain' ? 'plain' : 'part', round * block + i));
        }
      }
      await sql.unsafe('set plan_cache_mode = auto');
      return { plain: summarise(samples.plain), part: summarise(samples.part), partCustom: summarise(samples.partCustom) };
    };
    // Each variant inserts its own keys (seq above what the load wrote), so none collides.
    const insertSeq: Record<Schema, number> = { plain: 1_000_000, part: 1_000_000 };
    const timings = {
      accessLogPage: await alternate(o.lookups, (schema, i) => sql.unsafe(STATEMENTS.accessLogPage(schema), [subjectKey(i + 1000)], { prepare: true })),
      subjectDocuments: await alternate(o.lookups, (schema, i) => sql.unsafe(STATEMENTS.subjectDocuments(schema), [subjectKey(i + 1000)], { prepare: true })),
      documentSubjects: await alternate(o.lookups, (schema, i) => sql.unsafe(STATEMENTS.documentSubjects(schema), [md5uuid('d', pick(i, o.documents))], { prepare: true })),
      inserts: await alternate(o.inserts, (schema, i) => {
        const seq = (insertSeq[schema] += 1);
        return sql.unsafe(STATEMENTS.insertEntry(schema), [o.entries + seq, subjectKey(i), seq], { prepare: true });
      }),
    };
    results.partCustom = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, v.partCustom]));
    for (const schema of SCHEMAS) {
      results[schema] = { load: loads[schema], ...Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, v[schema]])) };
      console.log(schema, JSON.stringify(results[schema]));

      const explain = async (text: string) =>
        (await sql.unsafe<{ 'QUERY PLAN': string }[]>(`explain (analyze, costs off, timing off, summary off) ${text}`)).map((r) => r['QUERY PLAN']).join('\n');
      plans[schema] = {
        'access-log page': await explain(STATEMENTS.accessLogPage(schema).replace('$1', `'${subjectKey(7)}'`)),
        "a subject's documents": await explain(STATEMENTS.subjectDocuments(schema).replace('$1', `'${subjectKey(7)}'`)),
        "a document's subjects (no subject key)": await explain(STATEMENTS.documentSubjects(schema).replace('$1', `'${md5uuid('d', 11)}'`)),
      };
      if (schema === 'part') {
        // The plan a prepared statement ends up with: generic, its partitions chosen at run time.
        await sql.unsafe('set plan_cache_mode = force_generic_plan');
        await sql.unsafe(`prepare page_generic(text) as ${STATEMENTS.accessLogPage(schema)}`);
        plans[schema]!['access-log page, generic plan (a prepared statement after five runs)'] = await explain(`execute page_generic('${subjectKey(7)}')`);
        await sql.unsafe('deallocate page_generic');
        await sql.unsafe('set plan_cache_mode = auto');
      }
      sizes[schema] = await sql.unsafe(`select c.relname as table, c.reltuples::bigint as rows,
          coalesce((select sum(pg_table_size(i.inhrelid)) from pg_inherits i where i.inhparent = c.oid), 0) + pg_table_size(c.oid) as "tableBytes",
          coalesce((select sum(pg_indexes_size(i.inhrelid)) from pg_inherits i where i.inhparent = c.oid), 0) + pg_indexes_size(c.oid) as "indexBytes"
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = '${schema}' and c.relname in ('audit_entries', 'document_subjects') order by c.relname`);
      for (const s of sizes[schema]!) s.rows = Number((await sql.unsafe<{ n: string }[]>(`select count(*) as n from ${schema}.${s.table}`))[0]!.n);
    }
  } finally {
    await sql.end();
    if (values.keep !== true) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  const md = report({ started, loadAtStart, loadAtEnd: loadAverage(), version, results, plans, sizes });
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, md);
  console.log(`written to ${path.relative(process.cwd(), o.out)}`);
}

function parseUrl(url: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), username: decodeURIComponent(u.username || 'postgres'), password: decodeURIComponent(u.password) || undefined };
}

function report(r: {
  started: Date; loadAtStart: string; loadAtEnd: string; version: string;
  results: Record<string, Record<string, unknown>>; plans: Record<string, Record<string, string>>;
  sizes: Record<string, Array<{ table: string; rows: number; tableBytes: number; indexBytes: number }>>;
}): string {
  const plain = r.results.plain as Record<string, Timing & Record<string, number>>;
  const part = r.results.part as Record<string, Timing & Record<string, number>>;
  const custom = r.results.partCustom as Record<string, Timing>;
  const cell = (t: Timing) => `${t.perSecond.toFixed(0)} / ${t.p50.toFixed(0)} / ${t.p99.toFixed(0)}`;
  const row = (label: string, key: string) => {
    const a = plain[key] as Timing;
    const b = part[key] as Timing;
    const c = custom[key]!;
    return `| ${label} | ${cell(a)} | ${cell(b)} | ${(b.perSecond / a.perSecond).toFixed(2)} × | ${cell(c)} | ${(c.perSecond / a.perSecond).toFixed(2)} × |`;
  };
  const loads = Object.keys(plain.load as unknown as Record<string, number>);
  const mb = (n: number) => `${(Number(n) / 1_048_576).toFixed(0)} MB`;
  const args = process.argv.slice(2).join(' ');
  return `# Hash partitioning by subject

Measured ${r.started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npx tsx bench/partitioning.ts${args ? ` ${args}` : ''}\`.

Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${r.version.split(',')[0]} on 127.0.0.1
(shared with other sessions: load average ${r.loadAtStart} at the start, ${r.loadAtEnd} at the end).

Two copies of the same rows in one database: **plain** (keys and indexes as in migrations/) and **part**
(hash-partitioned by subject into ${o.partitions} partitions: \`audit_entries\` by \`chain_key\`, \`document_subjects\` by
\`subject_id\`; \`subjects\` and \`documents\` unpartitioned in both). ${o.subjects.toLocaleString('en')} subjects, ${o.documents.toLocaleString('en')} documents
(a quarter with a second subject), ${o.entries.toLocaleString('en')} access-log entries. One connection, prepared statements,
one statement at a time; a warm-up pass over both copies first, then the copies take turns in ${ROUNDS} blocks per
statement kind, so load from other sessions falls on all alike. The partitioned copy is timed twice: with
PostgreSQL's default plan choice, under which a prepared statement switches to a generic plan after five runs
and chooses its partition at run time, and with \`plan_cache_mode = force_custom_plan\`, which plans each
execution for its value and prunes while planning.

## Timings

Each cell: statements/s on one connection / p50 µs / p99 µs.

| statement | plain | partitioned | partitioned / plain | partitioned, a plan per value (\`plan_cache_mode = force_custom_plan\`) | that / plain |
|---|---:|---:|---:|---:|---:|
${row(`access-log page: a subject's newest 20 entries (${o.lookups.toLocaleString('en')} subjects)`, 'accessLogPage')}
${row(`a subject's documents: document_subjects ⋈ documents (${o.lookups.toLocaleString('en')})`, 'subjectDocuments')}
${row(`a document's subjects, by document id: no subject key (${o.lookups.toLocaleString('en')})`, 'documentSubjects')}
${row(`one access-log entry inserted, autocommit (${o.inserts.toLocaleString('en')})`, 'inserts')}

Bulk load (INSERT … SELECT, seconds):

| table | plain | partitioned |
|---|---:|---:|
${loads.map((k) => `| ${k} | ${(plain.load as unknown as Record<string, number>)[k]!.toFixed(1)} | ${(part.load as unknown as Record<string, number>)[k]!.toFixed(1)} |`).join('\n')}

## Sizes

| table | copy | rows | table | indexes |
|---|---|---:|---:|---:|
${['plain', 'part'].flatMap((s) => r.sizes[s]!.map((x) => `| ${x.table} | ${s} | ${Number(x.rows).toLocaleString('en')} | ${mb(x.tableBytes)} | ${mb(x.indexBytes)} |`)).join('\n')}

## Plans (EXPLAIN ANALYZE, costs and timing off)

${['plain', 'part'].map((s) => Object.entries(r.plans[s]!).map(([k, v]) => `**${s}: ${k}**\n\n\`\`\`\n${v}\n\`\`\``).join('\n\n')).join('\n\n')}
`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
