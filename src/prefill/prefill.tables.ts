import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { documents } from '../documents/documents.tables';
import { subjects } from '../subjects/subjects.tables';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const REQUIREMENT_OUTCOMES = ['reused', 'consent_required', 'expired', 'revoked', 'not_held', 'not_required', 'identity_not_confirmed'] as const;
export type RequirementOutcome = (typeof REQUIREMENT_OUTCOMES)[number];

/** One prefill call of a one-stop system for a dossier: the reuse KPIs count from here. */
export const prefillRequests = pgTable(
  'prefill_requests',
  {
    id: uuid('id').primaryKey(),
    dossierCode: text('dossier_code').notNull(),
    procedureCode: text('procedure_code').notNull(),
    agencyCode: text('agency_code').notNull(),
    clientId: text('client_id').notNull(),
    applicantSubjectId: uuid('applicant_subject_id').references(() => subjects.id),
    /** What identity verification concluded: match, possible, non_match, or unavailable. */
    identityDecision: text('identity_decision').notNull(),
    requestId: text('request_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('prefill_requests_dossier_idx').on(t.dossierCode, t.createdAt), index('prefill_requests_agency_idx').on(t.agencyCode, t.createdAt)],
);

/** One row per requirement and subject of a prefill: its outcome and why. */
export const prefillResults = pgTable(
  'prefill_results',
  {
    prefillId: uuid('prefill_id').notNull().references(() => prefillRequests.id),
    requirementId: text('requirement_id').notNull(),
    /** Which subject of the request the requirement was for: 0 the applicant, then the extra subjects in order. */
    subjectPosition: integer('subject_position').notNull(),
    outcome: text('outcome', { enum: REQUIREMENT_OUTCOMES }).notNull(),
    reasonCode: text('reason_code').notNull(),
    documentId: uuid('document_id').references(() => documents.id),
    releaseId: uuid('release_id'),
    consentRequestId: uuid('consent_request_id'),
  },
  (t) => [
    primaryKey({ columns: [t.prefillId, t.requirementId, t.subjectPosition] }),
    check('prefill_results_outcome_check', sql`${t.outcome} in ('reused', 'consent_required', 'expired', 'revoked', 'not_held', 'not_required', 'identity_not_confirmed')`),
  ],
);

/**
 * A document Motlan released to another agency (by prefill or a vault read), with the attestation it signed. When the
 * document is later revoked, superseded or corrected, every agency that received it is told.
 */
export const releases = pgTable(
  'releases',
  {
    id: uuid('id').primaryKey(),
    documentId: uuid('document_id').notNull().references(() => documents.id),
    agencyCode: text('agency_code').notNull(),
    clientId: text('client_id').notNull(),
    /** Null for a vault read that named no dossier. */
    dossierCode: text('dossier_code'),
    purpose: text('purpose').notNull(),
    /** No foreign key: a prefill writes its releases before its own row, in the same transaction. */
    prefillId: uuid('prefill_id'),
    /** Compact JWS by Motlan's key over document hash, requester, dossier, purpose and time. */
    attestation: text('attestation').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('releases_document_idx').on(t.documentId), index('releases_dossier_idx').on(t.dossierCode)],
);
