import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Every decision to release or refuse personal data, allow and deny alike. Append-only: the
 * application has no update or delete path and a trigger refuses both (migration audit_append_only).
 * Entries form one hash chain per subject (`chain_key` = the subject's id, or `system` for entries
 * without a subject); docs/audit.md defines the hash.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chainKey: text('chain_key').notNull(),
    /** 1, 2, 3 … within the chain, without gaps. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** Set by the application (millisecond precision) so the hashed time is the stored time. */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    /** `agency:<code>/<client>`, `citizen:self` or `operator:<id>`: never a raw citizen ID. */
    actor: text('actor').notNull(),
    agencyCode: text('agency_code'),
    officialId: text('official_id'),
    action: text('action').notNull(),
    subjectId: uuid('subject_id'),
    documentId: uuid('document_id'),
    documentType: text('document_type'),
    /** The procedure code the access served, or a fixed word (`self`, `document-read`). */
    purpose: text('purpose'),
    dossierCode: text('dossier_code'),
    decision: text('decision', { enum: ['allow', 'deny'] }).notNull(),
    /** What decided: `consent:<id>`, `legal_basis:<id>`, `issuer`, `self`, `role:<role>`, or `deny:<code>`. */
    rule: text('rule').notNull(),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_entries_chain_seq_idx').on(t.chainKey, t.seq),
    index('audit_entries_subject_idx').on(t.subjectId, t.id),
    check('audit_entries_decision_check', sql`${t.decision} in ('allow', 'deny')`),
  ],
);

/** The head of each chain, locked FOR UPDATE while a transaction appends to it, so chains never fork. */
export const auditChains = pgTable('audit_chains', {
  chainKey: text('chain_key').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});
