import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { arrayLiteral, dateOf, epochMs, freshlyPlannedRows, preparedRows, type Database } from '../db/database';
import { jsonParts, jsonRecords } from '../db/jsonParts';
import { subjects } from '../subjects/subjects.tables';
import { documentContents, documentEvents, documents, documentSubjects, idempotencyKeys } from './documents.tables';
import type { ContentRow, ContentVault } from '../contents/contentVault';
import { holdOffContentGc } from '../contents/contents.store';
import type { DocumentEvent, DocumentSubject, ListFilter, PreparedDocument, StoredStatus, VaultDocument } from './documents.types';

/** An event as written: its time is the writer's clock, so a batch's events and audit entries agree. */
type EventRow = Omit<typeof documentEvents.$inferInsert, 'at'> & { at: Date };

// The batch writes: one prepared statement per table, rows as JSON parameters. Building a
// multi-row insert with drizzle costs more CPU than PostgreSQL spends running it (a third of a bulk
// import's CPU went there), and a JSON parameter works on both engines where long VALUES lists do not.
// Contents and documents are inserted in key order: two batches writing at once (the bulk import)
// then take their row locks in one order and queue on a shared key instead of deadlocking.
// The two lookups of a batch are planned on every execution (freshlyPlannedRows): a bulk import starts
// on empty tables and fills them.
const KNOWN_CONTENTS = 'select sha256 from document_contents where sha256 = any($1::text[])';
// One JSON parameter rather than a row-constructor list: PGlite fails on long lists of those.
const DOCUMENTS_BY_IDENTITY = `select d.id, d.payload_hash as "payloadHash", d.issuer_code as "issuerCode", d.type, d.number, d.version
  from jsonb_to_recordset($1::jsonb) as k(i text, t text, n text, v int)
  join documents d on d.issuer_code = k.i and d.type = k.t and d.number = k.n and d.version = k.v`;
// A batch's contents and documents are the two large parameters (a hundred 2 KB contents are 300,000
// characters of base64): split in JSON_PARTS parts (jsonParts).
const JSON_PARTS = 16;
const INSERT_CONTENTS = `insert into document_contents (sha256, media_type, size, bytes, key_id, data_key)
  select sha256, media_type, size, decode(bytes, 'base64'), key_id, decode(data_key, 'base64')
  from ${jsonRecords(1, JSON_PARTS, 'r(sha256 text, media_type text, size int, bytes text, key_id text, data_key text)')}
  order by sha256
  on conflict (sha256) do nothing`;
const INSERT_DOCUMENTS = `insert into documents (id, lineage_id, version, type, issuer_code, number, procedure_code, dossier_code, issue_date, valid_from, valid_until, fields,
    content_sha256, signed_payload, payload_hash, signature, signature_status, signature_kid, previous_id, created_by)
  select id, lineage_id, version, type, issuer_code, number, procedure_code, dossier_code, issue_date, valid_from, valid_until, fields,
    content_sha256, signed_payload, payload_hash, signature, signature_status, signature_kid, previous_id, created_by
  from ${jsonRecords(1, JSON_PARTS, `r(id uuid, lineage_id uuid, version int, type text, issuer_code text, number text, procedure_code text, dossier_code text,
    issue_date date, valid_from date, valid_until date, fields jsonb, content_sha256 text, signed_payload text, payload_hash text, signature text, signature_status text,
    signature_kid text, previous_id uuid, created_by text)`)}
  order by issuer_code, type, number, version
  on conflict (issuer_code, type, number, version) do nothing
  returning id`;
const INSERT_SUBJECTS = `insert into document_subjects (document_id, subject_id, role, position)
  select document_id, subject_id, role, position from jsonb_to_recordset($1::jsonb) as r(document_id uuid, subject_id uuid, role text, position int)`;
const INSERT_EVENTS = `insert into document_events (document_id, lineage_id, kind, actor, official_id, at, reason, related_id, request_id)
  select document_id, lineage_id, kind, actor, official_id, at, reason, related_id, request_id
  from jsonb_to_recordset($1::jsonb) as r(document_id uuid, lineage_id uuid, kind text, actor text, official_id text, at timestamptz, reason text, related_id uuid, request_id text)`;

const documentColumns = {
  doc: documents,
  mediaType: documentContents.mediaType,
  size: documentContents.size,
};

/**
 * A document with its content's type and size, and its subjects in position order as a column of
 * its own row: a read is one statement, not two. A fixed text prepared once per connection: every
 * vault read and prefill starts here, and the query builder's mapping of each column cost about as
 * much CPU as PostgreSQL spends answering (bench/results/read.md).
 */
const DOCUMENT_READ = `select d.id, d.lineage_id as "lineageId", d.version, d.previous_id as "previousId", d.type, d.issuer_code as "issuerCode", d.number,
    d.procedure_code as "procedureCode", d.dossier_code as "dossierCode", d.issue_date::text as "issueDate", d.valid_from::text as "validFrom",
    d.valid_until::text as "validUntil", d.fields, d.signed_payload as "signedPayload", d.content_sha256 as "contentSha256", c.media_type as "mediaType", c.size,
    d.signature, d.signature_status as "signatureStatus", d.signature_kid as "signatureKid", d.status, d.replaced_by_id as "replacedById",
    d.revocation_reason as "revocationReason", ${epochMs('d.revoked_at', 'revokedAt')}, ${epochMs('d.created_at', 'createdAt')},
    (select coalesce(json_agg(json_build_object('role', ds.role, 'subjectId', s.id, 'kind', s.kind, 'nationalId', s.national_id) order by ds.position), '[]')
      from document_subjects ds join subjects s on s.id = ds.subject_id where ds.document_id = d.id) as subjects
  from documents d join document_contents c on c.sha256 = d.content_sha256`;
const DOCUMENT_BY_ID = `${DOCUMENT_READ} where d.id = $1`;
const DOCUMENTS_BY_IDS = `${DOCUMENT_READ} where d.id = any($1::uuid[])`;

type DocumentRead = Omit<VaultDocument, 'content' | 'signature' | 'storedStatus' | 'revocation' | 'createdAt'> & {
  contentSha256: string;
  mediaType: string;
  size: number;
  signature: string | null;
  signatureStatus: 'verified' | 'unsigned';
  signatureKid: string | null;
  status: StoredStatus;
  revocationReason: string | null;
  revokedAt: number | null;
  createdAt: number;
};

// Field by field: an object rest (`{ a, b, ...rest } = r`) took about 7 µs a row in a microbenchmark,
// fifty times this, and every document a read, a prefill or a listing returns passes here.
function readDocument(r: DocumentRead): VaultDocument {
  return {
    id: r.id,
    lineageId: r.lineageId,
    version: r.version,
    previousId: r.previousId,
    type: r.type,
    issuerCode: r.issuerCode,
    number: r.number,
    procedureCode: r.procedureCode,
    dossierCode: r.dossierCode,
    issueDate: r.issueDate,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    fields: r.fields,
    signedPayload: r.signedPayload,
    content: { sha256: r.contentSha256, mediaType: r.mediaType, size: r.size },
    signature: { status: r.signatureStatus, kid: r.signatureKid, jws: r.signature },
    storedStatus: r.status,
    replacedById: r.replacedById,
    revocation: r.status === 'revoked' && r.revokedAt !== null ? { reason: r.revocationReason ?? '', at: dateOf(r.revokedAt) } : null,
    subjects: r.subjects,
    createdAt: dateOf(r.createdAt),
  };
}

export function documentStore(db: Database) {
  const subjectsOf = async (ids: string[]): Promise<Map<string, DocumentSubject[]>> => {
    const bySubject = new Map<string, DocumentSubject[]>(ids.map((id) => [id, []]));
    if (!ids.length) return bySubject;
    const rows = await db
      .select({ documentId: documentSubjects.documentId, role: documentSubjects.role, subjectId: subjects.id, kind: subjects.kind, nationalId: subjects.nationalId })
      .from(documentSubjects)
      .innerJoin(subjects, eq(subjects.id, documentSubjects.subjectId))
      .where(inArray(documentSubjects.documentId, ids))
      .orderBy(asc(documentSubjects.documentId), asc(documentSubjects.position));
    for (const { documentId, ...s } of rows) bySubject.get(documentId)!.push(s);
    return bySubject;
  };

  const withSubjects = async (rows: Array<{ doc: typeof documents.$inferSelect; mediaType: string; size: number }>): Promise<VaultDocument[]> => {
    const bySubject = await subjectsOf(rows.map((r) => r.doc.id));
    return rows.map((r) => toDocument(r, bySubject.get(r.doc.id) ?? []));
  };

  return {
    async findById(id: string): Promise<VaultDocument | undefined> {
      const [row] = await preparedRows<DocumentRead>(db, DOCUMENT_BY_ID, [id]);
      return row ? readDocument(row) : undefined;
    },

    /** Several documents in one statement, whatever their number: a prefill's candidates. */
    async findByIds(ids: string[]): Promise<Map<string, VaultDocument>> {
      if (!ids.length) return new Map();
      const rows = await preparedRows<DocumentRead>(db, DOCUMENTS_BY_IDS, [arrayLiteral(ids)]);
      return new Map(rows.map((r) => [r.id, readDocument(r)]));
    },

    async storedContent(sha256: string): Promise<ContentRow | undefined> {
      const [row] = await db
        .select({ bytes: documentContents.bytes, keyId: documentContents.keyId, dataKey: documentContents.dataKey })
        .from(documentContents)
        .where(eq(documentContents.sha256, sha256));
      return row as ContentRow | undefined;
    },

    /**
     * One statement per table for a whole batch; content already stored under a hash is neither
     * sealed nor sent again. `place` seals each new content (and writes its object to the content
     * store) before the rows are inserted, so a committed row always has its object. In a transaction.
     */
    async insertContents(items: PreparedDocument['content'][], vault: Pick<ContentVault, 'place' | 'store'>): Promise<void> {
      const unique = [...new Map(items.filter((c) => c.bytes).map((c) => [c.sha256, { ...c, bytes: c.bytes! }])).values()];
      if (!unique.length) return;
      const known = new Set((await freshlyPlannedRows<{ sha256: string }>(db, KNOWN_CONTENTS, [arrayLiteral(unique.map((c) => c.sha256))])).map((r) => r.sha256));
      const missing = unique.filter((c) => !known.has(c.sha256));
      if (!missing.length) return;
      // Until this transaction ends, gc deletes nothing: an object written here has no row until it commits.
      if (vault.store) await holdOffContentGc(db);
      const placed = await mapLimited(missing, PLACE_CONCURRENCY, async (c) => {
        const sealed = await vault.place(c.sha256, c.bytes);
        return { sha256: c.sha256, media_type: c.mediaType, size: c.bytes.length, bytes: sealed.bytes?.toString('base64') ?? null, key_id: sealed.keyId, data_key: sealed.dataKey?.toString('base64') ?? null };
      });
      await preparedRows(db, INSERT_CONTENTS, jsonParts(placed, JSON_PARTS));
    },

    /** How many contents are not under this key (plaintext rows included). */
    async countContentsNotUnder(keyId: string): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(documentContents).where(sql`${documentContents.keyId} is distinct from ${keyId}`);
      return row!.n;
    },

    /** The next contents after `after`, in hash order, not under this key; sizes only, no bytes. */
    async contentsNotUnder(keyId: string, after: string, limit: number): Promise<Array<{ sha256: string; size: number }>> {
      return db
        .select({ sha256: documentContents.sha256, size: documentContents.size })
        .from(documentContents)
        .where(and(gt(documentContents.sha256, after), sql`${documentContents.keyId} is distinct from ${keyId}`))
        .orderBy(asc(documentContents.sha256))
        .limit(limit);
    },

    /** Locks these contents for rewriting; one another transaction holds is skipped, not waited for. */
    async lockContents(hashes: string[], keyId: string): Promise<Array<ContentRow & { sha256: string }>> {
      if (!hashes.length) return [];
      return db
        .select({ sha256: documentContents.sha256, bytes: documentContents.bytes, keyId: documentContents.keyId, dataKey: documentContents.dataKey })
        .from(documentContents)
        .where(and(inArray(documentContents.sha256, hashes), sql`${documentContents.keyId} is distinct from ${keyId}`))
        .orderBy(asc(documentContents.sha256))
        .for('update', { skipLocked: true }) as Promise<Array<ContentRow & { sha256: string }>>;
    },

    async rewriteContent(sha256: string, sealed: ContentRow): Promise<void> {
      await db.update(documentContents).set({ bytes: sealed.bytes, keyId: sealed.keyId, dataKey: sealed.dataKey }).where(eq(documentContents.sha256, sha256));
    },

    /** Inserts what is new; rows whose issuer, type, number and version exist are skipped, not errors. */
    async insertDocuments(items: PreparedDocument[], createdBy: string): Promise<Set<string>> {
      if (!items.length) return new Set();
      const json = items.map((d) => ({
        id: d.id, lineage_id: d.lineageId, version: d.version, type: d.type, issuer_code: d.issuerCode, number: d.number, procedure_code: d.procedureCode, dossier_code: d.dossierCode,
        issue_date: d.issueDate, valid_from: d.validFrom, valid_until: d.validUntil, fields: d.fields, content_sha256: d.content.sha256, signed_payload: d.signedPayload, payload_hash: d.payloadHash,
        signature: d.signature, signature_status: d.signatureKid ? 'verified' : 'unsigned', signature_kid: d.signatureKid, previous_id: d.previousId, created_by: createdBy,
      }));
      const rows = await preparedRows<{ id: string }>(db, INSERT_DOCUMENTS, jsonParts(json, JSON_PARTS));
      return new Set(rows.map((r) => r.id));
    },

    /** The stored documents these items collide with, keyed `issuer|type|number|version`. */
    async findByIdentity(items: Array<Pick<PreparedDocument, 'issuerCode' | 'type' | 'number' | 'version'>>): Promise<Map<string, { id: string; payloadHash: string }>> {
      if (!items.length) return new Map();
      const keys = JSON.stringify(items.map((d) => ({ i: d.issuerCode, t: d.type, n: d.number, v: d.version })));
      const rows = await freshlyPlannedRows<{ id: string; payloadHash: string; issuerCode: string; type: string; number: string; version: number }>(db, DOCUMENTS_BY_IDENTITY, [keys]);
      return new Map(rows.map((r) => [identityKey(r), { id: r.id, payloadHash: r.payloadHash }]));
    },

    async insertSubjects(items: PreparedDocument[]): Promise<void> {
      const rows = items.flatMap((d) => d.subjects.map((s, position) => ({ document_id: d.id, subject_id: s.subjectId, role: s.role, position })));
      if (rows.length) await preparedRows(db, INSERT_SUBJECTS, [JSON.stringify(rows)]);
    },

    async appendEvents(rows: EventRow[]): Promise<void> {
      const json = rows.map((e) => ({ document_id: e.documentId, lineage_id: e.lineageId, kind: e.kind, actor: e.actor, official_id: e.officialId ?? null, at: e.at.toISOString(), reason: e.reason ?? null, related_id: e.relatedId ?? null, request_id: e.requestId ?? null }));
      if (json.length) await preparedRows(db, INSERT_EVENTS, [JSON.stringify(json)]);
    },

    /** Moves an active document to `status`; false when it was no longer active (someone got there first). */
    async retire(id: string, status: Exclude<StoredStatus, 'active'>, change: { replacedById?: string; reason?: string; at: Date }): Promise<boolean> {
      const rows = await db
        .update(documents)
        .set({
          status,
          ...(change.replacedById ? { replacedById: change.replacedById } : {}),
          ...(status === 'revoked' ? { revocationReason: change.reason ?? null, revokedAt: change.at } : {}),
        })
        .where(and(eq(documents.id, id), eq(documents.status, 'active')))
        .returning({ id: documents.id });
      return rows.length === 1;
    },

    async list(filter: ListFilter): Promise<Array<VaultDocument & { seq: number }>> {
      const conditions: Array<SQL | undefined> = [
        filter.issuerCode ? eq(documents.issuerCode, filter.issuerCode) : undefined,
        sql`${documents.id} in (select ${documentSubjects.documentId} from ${documentSubjects} where ${documentSubjects.subjectId} = ${filter.subjectId})`,
        filter.type ? eq(documents.type, filter.type) : undefined,
        filter.afterSeq !== undefined ? lt(documents.seq, filter.afterSeq) : undefined,
        filter.validOn ? and(eq(documents.status, 'active'), lte(documents.validFrom, filter.validOn), or(isNull(documents.validUntil), gte(documents.validUntil, filter.validOn))) : undefined,
      ];
      if (filter.status === 'expired') conditions.push(eq(documents.status, 'active'), lt(documents.validUntil, filter.today));
      else if (filter.status === 'active') conditions.push(eq(documents.status, 'active'), or(isNull(documents.validUntil), gte(documents.validUntil, filter.today)));
      else if (filter.status) conditions.push(eq(documents.status, filter.status));
      const rows = await db
        .select({ ...documentColumns, seq: documents.seq })
        .from(documents)
        .innerJoin(documentContents, eq(documentContents.sha256, documents.contentSha256))
        .where(and(...conditions))
        .orderBy(desc(documents.seq))
        .limit(filter.limit + 1);
      return (await withSubjects(rows)).map((d, i) => ({ ...d, seq: rows[i]!.seq }));
    },

    async history(lineageId: string): Promise<DocumentEvent[]> {
      return db
        .select({ id: documentEvents.id, documentId: documentEvents.documentId, kind: documentEvents.kind, actor: documentEvents.actor, at: documentEvents.at, reason: documentEvents.reason, relatedId: documentEvents.relatedId })
        .from(documentEvents)
        .where(eq(documentEvents.lineageId, lineageId))
        .orderBy(asc(documentEvents.id));
    },

    /**
     * Claims an Idempotency-Key for this request. A concurrent holder of the same key makes this
     * wait until it commits, then returns what it stored.
     */
    async claimIdempotencyKey(row: typeof idempotencyKeys.$inferInsert): Promise<{ requestHash: string; status: number; documentId: string } | undefined> {
      const [claimed] = await db.insert(idempotencyKeys).values(row).onConflictDoNothing().returning({ key: idempotencyKeys.key });
      if (claimed) return undefined;
      const [held] = await db
        .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, documentId: idempotencyKeys.documentId })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, row.scope), eq(idempotencyKeys.key, row.key)));
      return held;
    },

    async settleIdempotencyKey(scope: string, key: string, status: number, documentId: string): Promise<void> {
      await db.update(idempotencyKeys).set({ status, documentId }).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    },
  };
}
export type DocumentStore = ReturnType<typeof documentStore>;

export function identityKey(d: { issuerCode: string; type: string; number: string; version: number }): string {
  return `${d.issuerCode}|${d.type}|${d.number}|${d.version}`;
}

/** A row of the listing's query-builder select, in the shape of a read by id. */
function toDocument(r: { doc: typeof documents.$inferSelect; mediaType: string; size: number }, docSubjects: DocumentSubject[]): VaultDocument {
  return readDocument({ ...r.doc, mediaType: r.mediaType, size: r.size, subjects: docSubjects, revokedAt: r.doc.revokedAt?.getTime() ?? null, createdAt: r.doc.createdAt.getTime() });
}

/** Contents written to the store side by side, a few at a time: each is up to 10 MB in memory. */
const PLACE_CONCURRENCY = 4;

async function mapLimited<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
