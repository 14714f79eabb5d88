/**
 * The vault a prefill benchmark runs against, loaded straight into PostgreSQL with set-based
 * statements (one `jsonb_to_recordset` insert per batch): the HTTP ingest has its own benchmark
 * (bench/import.ts), and signing and validating half a million documents one by one would take
 * longer than the measurement. What the prefill reads is as ingest would have stored it: subjects
 * with their registry snapshot and old-ID aliases, documents with their canonical signed payload and
 * its hash, contents stored once per hash, document_subjects rows, consents, and the registry mirror.
 */
import { createHash, randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { agencyService } from '../src/agencies/agencies.service';
import { GENESIS_HASH, link, type ChainHead, type ChainedFields } from '../src/audit/chain';
import type { Citizen } from '../src/connectors';
import { pick, randomInt, seededRandom, type Random } from '../src/connectors/shared/seededRandom';
import type { Database } from '../src/db/database';
import { canonicalJson, sha256Hex } from '../src/documents/canonical';
import { vietnamDate } from '../src/documents/documents.service';
import { addMonths, signedPayloadOf } from '../src/documents/payload';
import { validatorFor } from '../src/http/schemaRegistry';
import { matchingStore } from '../src/matching/matching.store';
import { mirrorRowOf } from '../src/matching/mirrorRow';
import { foldedKey, nameKey } from '../src/names';

/** The commune that receives the marriage dossiers and calls prefill (the development UBND xã). */
export const REQUESTER = '000.31.22.H56';
export const MARRIAGE = '1.000894';

const PROVINCE = '000.00.00.H56';
const JUSTICE = '000.17.22.H56';
const POLICE = '000.23.22.H56';
const CONSTRUCTION = '000.24.22.H56';
const LAND_OFFICE = '000.26.22.H56';
const EDUCATION = '000.27.22.H56';
const COMMUNE_NAMES = ['xã Mỹ Phong', 'xã Tân Thuận Bình', 'phường Mỹ Tho', 'xã Đạo Thạnh', 'xã Bình Trưng', 'xã Long Hưng', 'phường Cao Lãnh', 'xã Tân Hội'];
/** Eight communes issue civil-status papers; the first is the requester, so 1 in 8 of them is its own. */
const COMMUNES = COMMUNE_NAMES.map((name, i) => ({ code: `000.${31 + i}.22.H56`, name }));

// Synthetic agencies: names say so, as the development seed's do.
const AGENCIES = [
  { code: PROVINCE, name: 'Ủy ban nhân dân tỉnh (dữ liệu đo hiệu năng)', level: 'province', parentCode: null },
  { code: JUSTICE, name: 'Sở Tư pháp (dữ liệu đo hiệu năng)', level: 'province', parentCode: PROVINCE },
  { code: POLICE, name: 'Công an tỉnh (dữ liệu đo hiệu năng)', level: 'province', parentCode: PROVINCE },
  { code: CONSTRUCTION, name: 'Sở Xây dựng (dữ liệu đo hiệu năng)', level: 'province', parentCode: PROVINCE },
  { code: LAND_OFFICE, name: 'Văn phòng đăng ký đất đai (dữ liệu đo hiệu năng)', level: 'province', parentCode: PROVINCE },
  { code: EDUCATION, name: 'Sở Giáo dục và Đào tạo (dữ liệu đo hiệu năng)', level: 'province', parentCode: PROVINCE },
  ...COMMUNES.map((c) => ({ code: c.code, name: `Ủy ban nhân dân ${c.name} (dữ liệu đo hiệu năng)`, level: 'commune' as const, parentCode: PROVINCE })),
] as const;

export interface LoadOptions {
  citizens: number;
  documents: number;
  seed: number;
  /** Share of living citizens who let communes reuse their birth certificate for marriage registration. */
  consentShare: number;
}

/** One step of the load, for the progress bar. */
export type Progress = (stage: string, done: number, total: number) => void;

type DocKind =
  | 'birth-certificate' | 'marital-status-confirmation' | 'marriage-certificate' | 'death-certificate' | 'residence-confirmation'
  | 'judicial-record-extract' | 'diploma' | 'driving-licence' | 'land-use-right-certificate' | 'household-business-registration' | 'construction-permit';

interface DocSpec {
  type: DocKind;
  /** Indexes into the population, in the type's role order; the role of each is in `roles`. */
  people: number[];
  roles: string[];
  issuer: string;
  issueDate: string;
  status: 'active' | 'revoked';
}

/** Other types and their share of the documents past the civil-status ones. */
const OTHER_TYPES: ReadonlyArray<readonly [DocKind, number]> = [
  ['residence-confirmation', 30],
  ['driving-licence', 20],
  ['judicial-record-extract', 15],
  ['diploma', 15],
  ['land-use-right-certificate', 10],
  ['household-business-registration', 5],
  ['construction-permit', 5],
];

const ROLE: Record<DocKind, string> = {
  'birth-certificate': 'child', 'marital-status-confirmation': 'holder', 'marriage-certificate': 'spouse', 'death-certificate': 'deceased',
  'residence-confirmation': 'resident', 'judicial-record-extract': 'holder', diploma: 'holder', 'driving-licence': 'holder',
  'land-use-right-certificate': 'holder', 'household-business-registration': 'owner', 'construction-permit': 'holder',
};

const NUMBER_SUFFIX: Record<DocKind, string> = {
  'birth-certificate': 'KS', 'marital-status-confirmation': 'XNHN', 'marriage-certificate': 'KH', 'death-certificate': 'KT',
  'residence-confirmation': 'XNCT', 'judicial-record-extract': 'LLTP', diploma: 'VB', 'driving-licence': 'GPLX',
  'land-use-right-certificate': 'GCN', 'household-business-registration': 'HKD', 'construction-permit': 'GPXD',
};

// Procedure codes the catalogue seed and the tests use; other types are stored without one.
const PROCEDURE: Partial<Record<DocKind, string>> = {
  'birth-certificate': '1.001193', 'marital-status-confirmation': '1.004873', 'marriage-certificate': MARRIAGE, 'death-certificate': '1.000656', 'residence-confirmation': '1.004194',
};

const fullDate = (c: Citizen) => (c.birthDate.length === 10 ? c.birthDate : `${c.birthDate}-01-01`);
const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
const addYears = (date: string, years: number) => addMonths(date, 12 * years);
const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);

/**
 * Which documents exist, decided in one pass over the population: a birth certificate for everyone
 * (with the parents the population knows), a marital-status confirmation for most unmarried adults
 * (issued over the last year, so about half are within the six months marriage registration accepts;
 * 2% revoked) and for some married ones (old), a marriage certificate per couple, a death certificate
 * per deceased person, then other types spread over adults until the count is reached.
 */
function planDocuments(population: Citizen[], count: number, random: Random, today: string): DocSpec[] {
  const index = new Map(population.map((c, i) => [c.id, i]));
  const adultBefore = addYears(today, -18);
  const commune = () => pick(random, COMMUNES).code;
  const specs: DocSpec[] = [];
  const seenCouples = new Set<string>();
  population.forEach((c, i) => {
    const birth = fullDate(c);
    const parents: Array<[number, string]> = [];
    for (const [link, role] of [[c.father, 'father'], [c.mother, 'mother']] as const) {
      const at = link?.id ? index.get(link.id) : undefined;
      if (at !== undefined) parents.push([at, role]);
    }
    specs.push({ type: 'birth-certificate', people: [i, ...parents.map(([p]) => p)], roles: ['child', ...parents.map(([, r]) => r)], issuer: commune(), issueDate: minDate(addDays(birth, randomInt(random, 5, 60)), today), status: 'active' });
    const adult = birth <= adultBefore;
    if (adult && c.status === 'alive') {
      if (c.maritalStatus !== 'married' && random() < 0.7) {
        specs.push({ type: 'marital-status-confirmation', people: [i], roles: ['holder'], issuer: commune(), issueDate: addDays(today, -randomInt(random, 0, 360)), status: random() < 0.02 ? 'revoked' : 'active' });
      } else if (c.maritalStatus === 'married' && random() < 0.3) {
        specs.push({ type: 'marital-status-confirmation', people: [i], roles: ['holder'], issuer: commune(), issueDate: addDays(today, -randomInt(random, 400, 3650)), status: 'active' });
      }
    }
    const spouse = c.spouse?.id ? index.get(c.spouse.id) : undefined;
    if (spouse !== undefined && !seenCouples.has(`${spouse}:${i}`)) {
      seenCouples.add(`${i}:${spouse}`);
      const both = maxDate(fullDate(c), fullDate(population[spouse]!));
      const married = minDate(addDays(addYears(both, 18), randomInt(random, 0, 3650)), today);
      specs.push({ type: 'marriage-certificate', people: [i, spouse], roles: ['spouse', 'spouse'], issuer: commune(), issueDate: married, status: 'active' });
    }
    if (c.status === 'deceased' && c.dateOfDeath) {
      specs.push({ type: 'death-certificate', people: [i], roles: ['deceased'], issuer: commune(), issueDate: minDate(addDays(c.dateOfDeath, randomInt(random, 1, 30)), today), status: 'active' });
    }
  });
  if (specs.length > count) {
    throw new RangeError(`${population.length} citizens already have ${specs.length} civil-status documents: ask for at least that many --documents`);
  }
  const adults = population.map((c, i) => [c, i] as const).filter(([c]) => fullDate(c) <= adultBefore).map(([, i]) => i);
  const total = OTHER_TYPES.reduce((n, [, w]) => n + w, 0);
  const issuerOf: Record<string, () => string> = {
    'residence-confirmation': () => POLICE, 'driving-licence': () => POLICE, 'judicial-record-extract': () => JUSTICE, diploma: () => EDUCATION,
    'land-use-right-certificate': () => LAND_OFFICE, 'household-business-registration': commune, 'construction-permit': () => (random() < 0.5 ? CONSTRUCTION : commune()),
  };
  while (specs.length < count) {
    let target = random() * total;
    const type = OTHER_TYPES.find(([, w]) => (target -= w) < 0)?.[0] ?? 'residence-confirmation';
    const person = adults[Math.floor(random() * adults.length)]!;
    const eighteen = addYears(fullDate(population[person]!), 18);
    const issueDate = maxDate(eighteen, addDays(today, -randomInt(random, 0, 3650)));
    specs.push({ type, people: [person], roles: [ROLE[type]], issuer: issuerOf[type]!(), issueDate: minDate(issueDate, today), status: 'active' });
  }
  return specs;
}

function fieldsOf(spec: DocSpec, population: Citizen[], n: number, random: Random): { fields: Record<string, unknown>; validUntil?: string | null } {
  const c = population[spec.people[0]!]!;
  const who = { fullName: c.fullName, birthDate: fullDate(c) };
  const address = `${c.permanentResidence.line}, ${c.permanentResidence.commune}, ${c.permanentResidence.province}`;
  switch (spec.type) {
    case 'birth-certificate':
      return {
        fields: {
          ...who, sex: c.sex, placeOfBirth: `Trạm Y tế ${pick(random, COMMUNE_NAMES)}, ${c.birthPlace.province}`, nationality: 'Việt Nam',
          ...(c.father ? { fatherName: c.father.fullName } : {}), ...(c.mother ? { motherName: c.mother.fullName } : {}), registrationBookNumber: `Quyển ${1 + (n % 20)}`,
        },
      };
    case 'marital-status-confirmation':
      return { fields: { ...who, maritalStatus: c.maritalStatus === 'married' ? 'single' : c.maritalStatus, purpose: pick(random, ['Đăng ký kết hôn', 'Vay vốn ngân hàng', 'Mua bán nhà đất']), residence: address } };
    case 'marriage-certificate': {
      const other = population[spec.people[1]!]!;
      return { fields: { spouses: [c, other].map((p) => ({ fullName: p.fullName, birthDate: fullDate(p), nationality: 'Việt Nam' })), registrationDate: spec.issueDate, placeOfRegistration: `Ủy ban nhân dân ${pick(random, COMMUNE_NAMES)}` } };
    }
    case 'death-certificate':
      return { fields: { ...who, dateOfDeath: c.dateOfDeath!.length === 10 ? c.dateOfDeath! : `${c.dateOfDeath}-01-01`, placeOfDeath: `Tại nhà, ${address}` } };
    case 'residence-confirmation':
      return { fields: { ...who, permanentAddress: address } };
    case 'judicial-record-extract':
      return { fields: { ...who, form: 1, criminalRecord: 'none', banFromPositions: 'not_requested' } };
    case 'diploma':
      return { fields: { level: 'bachelor', fullName: c.fullName, birthDate: who.birthDate, institution: pick(random, ['Trường Đại học Cần Thơ', 'Trường Đại học Đồng Tháp', 'Trường Đại học Kinh tế Thành phố Hồ Chí Minh']), major: pick(random, ['Kế toán', 'Sư phạm Toán học', 'Công nghệ thông tin']), graduationYear: Math.min(Number(spec.issueDate.slice(0, 4)), Number(addYears(who.birthDate, 22).slice(0, 4))), classification: 'good', registryNumber: `VB${String(n).padStart(8, '0')}` } };
    case 'driving-licence': {
      const car = random() < 0.4;
      return { fields: { licenceNumber: String(100_000_000_000 + n), ...who, classes: car ? ['B'] : ['A1'] }, validUntil: car ? addYears(spec.issueDate, 10) : null };
    }
    case 'land-use-right-certificate':
      return { fields: { serial: `D${String.fromCharCode(65 + (n % 26))} ${String(n % 1_000_000).padStart(6, '0')}`, parcelNumber: String(1 + (n % 900)), mapSheetNumber: String(1 + (n % 60)), address, areaM2: 80 + (n % 400), landUse: 'Đất ở tại nông thôn', term: 'Lâu dài' } };
    case 'household-business-registration':
      return { fields: { businessName: `Hộ kinh doanh ${c.fullName}`, businessAddress: address, lines: ['Bán lẻ hàng tạp hóa'], capitalVnd: 50_000_000 } };
    case 'construction-permit':
      return { fields: { permitKind: 'new', works: 'Nhà ở riêng lẻ', address, buildingAreaM2: 60 + (n % 140), floors: 1 + (n % 4) } };
  }
}

/** A few small PDFs shared by every document: contents are stored once per hash, as the vault does. */
function contentBlobs(): Array<{ sha256: string; bytes: Buffer }> {
  return Array.from({ length: 16 }, (_, k) => {
    const bytes = Buffer.from(`%PDF-1.7\n% Motlan prefill benchmark, blob ${k}\n${'0'.repeat(2000 + 97 * k)}\n%%EOF\n`);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
  });
}

async function inBatches<T>(items: readonly T[], size: number, stage: string, progress: Progress, write: (batch: readonly T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await write(items.slice(i, i + size));
    progress(stage, Math.min(items.length, i + size), items.length);
  }
}

export interface LoadReport {
  seconds: Record<string, number>;
}

/**
 * Loads everything in dependency order. `sql` is a plain postgres.js client on the benchmark
 * database (bulk statements), `db` the drizzle handle Motlan's stores take (agencies, mirror).
 */
export async function loadVault(sql: postgres.Sql, db: Database, population: Citizen[], options: LoadOptions, progress: Progress): Promise<LoadReport> {
  const random = seededRandom(options.seed ^ 0x5eed);
  const now = new Date();
  const today = vietnamDate(now);
  const seconds: Record<string, number> = {};
  // One jsonb parameter per batch: postgres.js serialises it, PostgreSQL unpacks it with jsonb_to_recordset.
  const asJson = (rows: unknown) => sql.json(rows as postgres.JSONValue);
  const timed = async (stage: string, step: () => Promise<void>) => {
    const t = Date.now();
    await step();
    seconds[stage] = (Date.now() - t) / 1000;
  };

  await timed('agencies', async () => {
    const agencies = agencyService({ db });
    for (const a of AGENCIES) await agencies.register(a.code, { name: a.name, level: a.level, parentCode: a.parentCode, jwks: { keys: [] } }, { principal: { kind: 'operator', operatorId: 'bench' }, requestId: 'bench' });
  });

  const subjectIds = population.map(() => randomUUID());
  await timed('subjects', () =>
    inBatches(population.map((c, i) => [c, i] as const), 2000, 'subjects', progress, async (batch) => {
      const rows = batch.map(([c, i]) => {
        // As a registry refresh stores it: the record without the sensitive attributes.
        const { sensitive: _sensitive, ...snapshot } = c;
        return { id: subjectIds[i], national_id: c.id, name: c.fullName, name_key: nameKey(c.fullName), folded_name: foldedKey(c.fullName), birth_date: c.birthDate.length === 10 ? c.birthDate : null, sex: c.sex, registry_snapshot: snapshot };
      });
      await sql.unsafe(
        `insert into subjects (id, kind, national_id, name, name_key, folded_name, birth_date, sex, registry_snapshot, snapshot_source, snapshot_at)
         select id, 'citizen', national_id, name, name_key, folded_name, birth_date, sex, registry_snapshot, 'population', now()
         from jsonb_to_recordset($1::jsonb) as r(id uuid, national_id text, name text, name_key text, folded_name text, birth_date date, sex text, registry_snapshot jsonb)`,
        [asJson(rows)],
      );
      const aliases = batch.filter(([c]) => c.oldIdCard).map(([c, i]) => ({ subject_id: subjectIds[i], value: c.oldIdCard }));
      if (aliases.length) {
        await sql.unsafe(`insert into subject_aliases (subject_id, kind, value) select subject_id, 'old_id_card', value from jsonb_to_recordset($1::jsonb) as r(subject_id uuid, value text)`, [asJson(aliases)]);
      }
    }),
  );

  const blobs = contentBlobs();
  await timed('contents', async () => {
    for (const b of blobs) {
      await sql`insert into document_contents (sha256, media_type, size, bytes) values (${b.sha256}, 'application/pdf', ${b.bytes.length}, ${b.bytes}) on conflict do nothing`;
    }
  });

  const specs = planDocuments(population, options.documents, random, today);
  // The access log as a backlog import through POST /v1/documents would have left it: one
  // `document.ingest` entry per document and subject, chained per subject, and one chain head each.
  const heads = new Map<number, ChainHead>();
  const ingestStart = now.getTime() - specs.length;
  const validators = new Map<string, ReturnType<typeof validatorFor>>();
  const checked = new Map<string, number>();
  await timed('documents', () =>
    inBatches(specs.map((s, n) => [s, n] as const), 5000, 'documents', progress, async (batch) => {
      const docs: Array<Record<string, unknown>> = [];
      const links: Array<Record<string, unknown>> = [];
      const events: Array<Record<string, unknown>> = [];
      const audit: Array<Record<string, unknown>> = [];
      for (const [spec, n] of batch) {
        const id = randomUUID();
        const { fields, validUntil } = fieldsOf(spec, population, n, random);
        // The first documents of each type are checked against the type's schema, as ingest would.
        if ((checked.get(spec.type) ?? 0) < 20) {
          checked.set(spec.type, (checked.get(spec.type) ?? 0) + 1);
          const validate = validators.get(spec.type) ?? validatorFor(`document-types/${spec.type}`);
          validators.set(spec.type, validate);
          if (!validate(fields)) throw new Error(`bench data: ${spec.type} fields break their schema: ${JSON.stringify(validate.errors)}`);
        }
        const blob = blobs[n % blobs.length]!;
        const number = `${n + 1}/${spec.issueDate.slice(0, 4)}/${NUMBER_SUFFIX[spec.type]}`;
        const payload = signedPayloadOf(
          { type: spec.type, number, issuer: spec.issuer, procedureCode: PROCEDURE[spec.type], issueDate: spec.issueDate, ...(validUntil !== undefined ? { validUntil } : {}), subjects: spec.people.map((p, k) => ({ role: spec.roles[k]!, id: population[p]!.id })), fields },
          blob.sha256,
        );
        const signed = canonicalJson(payload);
        docs.push({
          id, type: spec.type, issuer_code: spec.issuer, number, procedure_code: payload.procedureCode, issue_date: payload.issueDate, valid_from: payload.validFrom, valid_until: payload.validUntil,
          fields, content_sha256: blob.sha256, signed_payload: signed, payload_hash: sha256Hex(signed), status: spec.status,
          ...(spec.status === 'revoked' ? { revocation_reason: 'Cấp nhầm người', revoked_at: now.toISOString() } : {}),
        });
        spec.people.forEach((p, position) => links.push({ document_id: id, subject_id: subjectIds[p], role: spec.roles[position], position }));
        const at = new Date(ingestStart + n);
        const actor = `agency:${spec.issuer}/issuer-${spec.issuer}`;
        const requestId = `bench-ingest-${Math.floor(n / 500)}`;
        events.push({ document_id: id, kind: 'ingested', actor, at: at.toISOString(), request_id: requestId });
        for (const p of new Set(spec.people)) {
          const entry: Omit<ChainedFields, 'seq'> = {
            chainKey: subjectIds[p]!, at, actor, agencyCode: spec.issuer, officialId: null, action: 'document.ingest', subjectId: subjectIds[p]!,
            documentId: id, documentType: spec.type, purpose: payload.procedureCode ?? 'ingest', dossierCode: null, decision: 'allow', rule: 'issuer-only', requestId,
          };
          const linked = link(heads.get(p) ?? { seq: 0, lastHash: GENESIS_HASH }, [entry]);
          heads.set(p, linked.head);
          const e = linked.entries[0]!;
          audit.push({
            chain_key: e.chainKey, seq: e.seq, at: e.at.toISOString(), actor: e.actor, agency_code: e.agencyCode, action: e.action, subject_id: e.subjectId, document_id: e.documentId,
            document_type: e.documentType, purpose: e.purpose, decision: e.decision, rule: e.rule, request_id: e.requestId, prev_hash: e.prevHash, hash: e.hash,
          });
        }
      }
      await sql.unsafe(
        `insert into documents (id, lineage_id, version, type, issuer_code, number, procedure_code, issue_date, valid_from, valid_until, fields, content_sha256, signed_payload, payload_hash, signature_status, status, revocation_reason, revoked_at, created_by)
         select id, id, 1, type, issuer_code, number, procedure_code, issue_date, valid_from, valid_until, fields, content_sha256, signed_payload, payload_hash, 'unsigned', status, revocation_reason, revoked_at, 'bench:prefill'
         from jsonb_to_recordset($1::jsonb) as r(id uuid, type text, issuer_code text, number text, procedure_code text, issue_date date, valid_from date, valid_until date, fields jsonb, content_sha256 text, signed_payload text, payload_hash text, status text, revocation_reason text, revoked_at timestamptz)`,
        [asJson(docs)],
      );
      await sql.unsafe(
        `insert into document_subjects (document_id, subject_id, role, position) select document_id, subject_id, role, position from jsonb_to_recordset($1::jsonb) as r(document_id uuid, subject_id uuid, role text, position int)`,
        [asJson(links)],
      );
      await sql.unsafe(
        `insert into document_events (document_id, lineage_id, kind, actor, at, request_id) select document_id, document_id, kind, actor, at, request_id from jsonb_to_recordset($1::jsonb) as r(document_id uuid, kind text, actor text, at timestamptz, request_id text)`,
        [asJson(events)],
      );
      await sql.unsafe(
        `insert into audit_entries (chain_key, seq, at, actor, agency_code, action, subject_id, document_id, document_type, purpose, decision, rule, request_id, prev_hash, hash)
         select chain_key, seq, at, actor, agency_code, action, subject_id, document_id, document_type, purpose, decision, rule, request_id, prev_hash, hash
         from jsonb_to_recordset($1::jsonb) as r(chain_key text, seq bigint, at timestamptz, actor text, agency_code text, action text, subject_id uuid, document_id uuid, document_type text, purpose text, decision text, rule text, request_id text, prev_hash text, hash text)
         order by chain_key, seq`,
        [asJson(audit)],
      );
    }),
  );
  await timed('audit chain heads', () =>
    inBatches([...heads], 10_000, 'audit chain heads', progress, async (batch) => {
      await sql.unsafe(`insert into audit_chains (chain_key, seq, last_hash) select chain_key, seq, last_hash from jsonb_to_recordset($1::jsonb) as r(chain_key text, seq bigint, last_hash text)`, [
        asJson(batch.map(([p, h]) => ({ chain_key: subjectIds[p], seq: h.seq, last_hash: h.lastHash }))),
      ]);
    }),
  );

  await timed('consents', () =>
    inBatches(population.map((c, i) => [c, i] as const).filter(([c]) => c.status === 'alive'), 5000, 'consents', progress, async (batch) => {
      const rows: Array<Record<string, unknown>> = [];
      for (const [c, i] of batch) {
        const base = { subject_id: subjectIds[i], acting_citizen_id: c.id, valid_from: addDays(today, -randomInt(random, 1, 700)) };
        if (random() < options.consentShare) {
          // Half to this commune, half to every commune (a level grant); one in ten once-only.
          const toLevel = random() < 0.5;
          rows.push({ ...base, grantee_agency_code: toLevel ? null : REQUESTER, grantee_level: toLevel ? 'commune' : null, purposes: [MARRIAGE], document_types: random() < 0.3 ? ['birth-certificate', 'marital-status-confirmation'] : ['birth-certificate'], max_uses: random() < 0.1 ? 1 : null });
        }
        // Consents for other purposes, which the decision reads and sets aside.
        if (random() < 0.2) rows.push({ ...base, grantee_agency_code: JUSTICE, grantee_level: null, purposes: ['1.004194'], document_types: ['residence-confirmation'], max_uses: null });
      }
      if (!rows.length) return;
      // The receipt is a placeholder: a prefill never reads it, and signing 50,000 of them would only slow the load.
      await sql.unsafe(
        `insert into consents (subject_id, grantee_agency_code, grantee_level, purposes, document_types, valid_from, max_uses, channel, acting_as, acting_citizen_id, receipt)
         select subject_id, grantee_agency_code, grantee_level, purposes, document_types, valid_from, max_uses, 'portal', 'self', acting_citizen_id, 'bench:prefill (unsigned placeholder)'
         from jsonb_to_recordset($1::jsonb) as r(subject_id uuid, grantee_agency_code text, grantee_level text, purposes text[], document_types text[], valid_from timestamptz, max_uses int, acting_citizen_id text)`,
        [asJson(rows)],
      );
    }),
  );

  // The registry mirror: identity verification compares each person with their namesakes in it.
  const mirror = matchingStore(db);
  await timed('registry mirror', () => inBatches(population, 1000, 'registry mirror', progress, (batch) => mirror.upsert(batch.map(mirrorRowOf))));

  await timed('vacuum analyze', async () => {
    progress('vacuum analyze', 0, 1);
    for (const table of ['subjects', 'subject_aliases', 'documents', 'document_subjects', 'document_contents', 'document_events', 'audit_entries', 'audit_chains', 'consents', 'registry_persons']) await sql.unsafe(`vacuum (analyze) ${table}`);
    progress('vacuum analyze', 1, 1);
  });
  return { seconds };
}

/** Couples who could marry: living adults with a full birth date, neither married, each in one pair only. */
export function marriagePairs(population: Citizen[], seed: number, asOf: string): Array<[Citizen, Citizen]> {
  const random = seededRandom(seed ^ 0xb1de);
  const adultBefore = addYears(asOf, -18);
  const free = population.filter((c) => c.status === 'alive' && c.birthDate.length === 10 && c.birthDate <= adultBefore && c.maritalStatus !== 'married');
  const shuffle = (list: Citizen[]) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  const women = shuffle(free.filter((c) => c.sex === 'female'));
  const men = shuffle(free.filter((c) => c.sex === 'male'));
  return women.slice(0, men.length).map((w, i) => [w, men[i]!]);
}
