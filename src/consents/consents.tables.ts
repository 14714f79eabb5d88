import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { AGENCY_LEVELS } from '../agencies/agencies.tables';
import { subjects } from '../subjects/subjects.tables';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A subject's consent to one grantee (an agency, or every agency of a level), per purpose and
 * document type (Law 91/2025: per purpose, never bundled). Revoked and expired are states of time:
 * `revoked_at` and `valid_until` decide them, nothing is ever deleted.
 */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: uuid('subject_id').notNull().references(() => subjects.id),
    granteeAgencyCode: text('grantee_agency_code'),
    granteeLevel: text('grantee_level', { enum: AGENCY_LEVELS }),
    purposes: text('purposes').array().notNull(),
    documentTypes: text('document_types').array().notNull(),
    fields: text('fields').array(),
    validFrom: ts('valid_from').notNull(),
    validUntil: ts('valid_until'),
    maxUses: integer('max_uses'),
    dossierCode: text('dossier_code'),
    dossierClosedAt: ts('dossier_closed_at'),
    channel: text('channel', { enum: ['portal', 'agency_request', 'counter'] }).notNull(),
    /** Who acted: the subject, a parent for a minor, or a business's legal representative. */
    actingAs: text('acting_as', { enum: ['self', 'parent', 'legal_representative'] }).notNull(),
    actingCitizenId: text('acting_citizen_id').notNull(),
    counterOfficialId: text('counter_official_id'),
    consentRequestId: uuid('consent_request_id'),
    receipt: text('receipt').notNull(),
    revocationReceipt: text('revocation_receipt'),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    index('consents_subject_idx').on(t.subjectId),
    check('consents_grantee_check', sql`(${t.granteeAgencyCode} is null) <> (${t.granteeLevel} is null)`),
    check('consents_max_uses_check', sql`${t.maxUses} is null or ${t.maxUses} > 0`),
  ],
);

/** Which documents a consent has released; a cap on uses counts distinct documents. */
export const consentReleases = pgTable(
  'consent_releases',
  {
    consentId: uuid('consent_id').notNull().references(() => consents.id),
    documentId: uuid('document_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consentId, t.documentId] })],
);

/** An agency asks; the citizen approves (a consent is made) or refuses. */
export const consentRequests = pgTable(
  'consent_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /**
     * Null for a request about an ID Motlan holds nothing for: it is kept, addressed to no one and
     * pending for good, so the asking agency cannot tell held IDs from others (docs/consents.md).
     */
    subjectId: uuid('subject_id').references(() => subjects.id),
    requesterAgencyCode: text('requester_agency_code').notNull(),
    requesterClientId: text('requester_client_id').notNull(),
    /** Set when an official at a one-stop counter asked: the consent then records channel `counter`. */
    requesterOfficialId: text('requester_official_id'),
    purpose: text('purpose').notNull(),
    dossierCode: text('dossier_code'),
    documentTypes: text('document_types').array().notNull(),
    fields: text('fields').array(),
    validUntil: ts('valid_until'),
    note: text('note'),
    status: text('status', { enum: ['pending', 'approved', 'refused'] }).notNull().default('pending'),
    consentId: uuid('consent_id').references(() => consents.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('consent_requests_subject_idx').on(t.subjectId, t.status),
    check('consent_requests_status_check', sql`${t.status} in ('pending', 'approved', 'refused')`),
  ],
);

/** Procedure × document type × requester level that the law lets agencies reuse without consent. */
export const legalBases = pgTable(
  'legal_bases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureCode: text('procedure_code').notNull(),
    documentType: text('document_type').notNull(),
    requesterLevel: text('requester_level', { enum: AGENCY_LEVELS }).notNull(),
    reference: text('reference').notNull(),
    validFrom: ts('valid_from'),
    validUntil: ts('valid_until'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('legal_bases_scope_key').on(t.procedureCode, t.documentType, t.requesterLevel)],
);
