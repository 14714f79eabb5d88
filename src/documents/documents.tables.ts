import { sql } from 'drizzle-orm';
import {
  bigserial, check, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { agencies } from '../agencies/agencies.tables';
import { subjects } from '../subjects/subjects.tables';

// postgres.js hands back a Buffer, PGlite a Uint8Array: one type past the store.
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

export const DOCUMENT_STATUSES = ['active', 'revoked', 'superseded', 'corrected'] as const;
export const EVENT_KINDS = ['ingested', 'revoked', 'superseded', 'corrected'] as const;

/**
 * Content bytes, stored once per SHA-256 (of the plaintext) however many documents (or versions)
 * share them. `bytes` is AES-256-GCM ciphertext under `data_key`, which `key_id` (a CONTENT_KEYS
 * entry) wraps; rows from before encryption at rest have neither and hold the plaintext. A row
 * whose content lives in the content store (docs/contents.md) has neither bytes nor data key (the
 * object carries its own), and `key_id` names the key its object is sealed under.
 */
export const documentContents = pgTable(
  'document_contents',
  {
    sha256: text('sha256').primaryKey(),
    mediaType: text('media_type').notNull(),
    /** Of the plaintext. */
    size: integer('size').notNull(),
    bytes: bytea('bytes'),
    keyId: text('key_id'),
    dataKey: bytea('data_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'document_contents_key_check',
      sql`case when ${t.bytes} is null then ${t.keyId} is not null and ${t.dataKey} is null else (${t.keyId} is null) = (${t.dataKey} is null) end`,
    ),
  ],
);

/**
 * One row per version. A correction adds version n+1 under the same number; a supersession adds a
 * new document. Both join the lineage of the one they replace, which keeps its row and says why
 * it stopped being active. Expiry is not stored: it is computed from valid_until when read.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey(),
    /** Insertion order, for cursor paging: timestamps tie inside a batch and lose precision in JS. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    lineageId: uuid('lineage_id').notNull(),
    version: integer('version').notNull(),
    type: text('type').notNull(),
    issuerCode: text('issuer_code').notNull().references(() => agencies.code),
    number: text('number').notNull(),
    procedureCode: text('procedure_code'),
    dossierCode: text('dossier_code'),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    contentSha256: text('content_sha256').notNull().references(() => documentContents.sha256),
    /** The canonical payload the signature covers (docs/vault.md), kept so anyone can re-verify. */
    signedPayload: text('signed_payload').notNull(),
    /** SHA-256 of signedPayload: equal hashes under one number are the same document. */
    payloadHash: text('payload_hash').notNull(),
    signature: text('signature'),
    signatureStatus: text('signature_status', { enum: ['verified', 'unsigned'] }).notNull(),
    signatureKid: text('signature_kid'),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('active'),
    previousId: uuid('previous_id'),
    replacedById: uuid('replaced_by_id'),
    revocationReason: text('revocation_reason'),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // The idempotency rule: issuer + type + number (+ version) is one document, enforced here.
    uniqueIndex('documents_identity_key').on(t.issuerCode, t.type, t.number, t.version),
    uniqueIndex('documents_seq_key').on(t.seq),
    index('documents_lineage_idx').on(t.lineageId),
    // The digitisation report asks, per resolved dossier, whether a result was ingested for it.
    index('documents_dossier_idx').on(t.dossierCode),
    check('documents_status_check', sql`${t.status} in ('active', 'revoked', 'superseded', 'corrected')`),
    check('documents_signature_status_check', sql`${t.signatureStatus} in ('verified', 'unsigned')`),
    check('documents_validity_check', sql`${t.validUntil} is null or ${t.validUntil} >= ${t.validFrom}`),
  ],
);

export const documentSubjects = pgTable(
  'document_subjects',
  {
    documentId: uuid('document_id').notNull().references(() => documents.id),
    subjectId: uuid('subject_id').notNull().references(() => subjects.id),
    role: text('role').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.position] }), index('document_subjects_subject_idx').on(t.subjectId, t.documentId)],
);

/** Append-only: a trigger (migration 0002) refuses updates and deletes. */
export const documentEvents = pgTable(
  'document_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id').notNull().references(() => documents.id),
    lineageId: uuid('lineage_id').notNull(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    actor: text('actor').notNull(),
    officialId: text('official_id'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    reason: text('reason'),
    relatedId: uuid('related_id'),
    requestId: text('request_id'),
  },
  (t) => [
    index('document_events_lineage_idx').on(t.lineageId, t.id),
    check('document_events_kind_check', sql`${t.kind} in ('ingested', 'revoked', 'superseded', 'corrected')`),
  ],
);

/** `Idempotency-Key` replays: the first response for a key is the response for that key. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    documentId: uuid('document_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
