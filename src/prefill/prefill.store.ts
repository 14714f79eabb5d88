import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { arrayLiteral, preparedRows, type Database } from '../db/database';
import { documents, documentSubjects } from '../documents/documents.tables';
import { subjects } from '../subjects/subjects.tables';
import type { HeldDocument } from './requirementOutcome';
import { prefillRequests, prefillResults, releases } from './prefill.tables';

export type PrefillRequestRow = typeof prefillRequests.$inferInsert;
export type PrefillResultRow = typeof prefillResults.$inferInsert;

// The writes every prefill makes, as fixed texts prepared once per connection.
const INSERT_REQUEST = `insert into prefill_requests (id, dossier_code, procedure_code, agency_code, client_id, applicant_subject_id, identity_decision, request_id, created_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz)`;
const INSERT_RESULTS = `insert into prefill_results (prefill_id, requirement_id, subject_position, outcome, reason_code, document_id, release_id, consent_request_id)
  select prefill_id, requirement_id, subject_position, outcome, reason_code, document_id, release_id, consent_request_id
  from jsonb_to_recordset($1::jsonb) as r(prefill_id uuid, requirement_id text, subject_position int, outcome text, reason_code text, document_id uuid, release_id uuid, consent_request_id uuid)`;

// Every prefill asks it: a fixed text, so that the query is not built anew each time.
const PENDING_CONSENT_REQUESTS = `select id, subject_id as "subjectId", document_types as "documentTypes" from consent_requests
  where subject_id = any($2::uuid[]) and status = 'pending' and requester_agency_code = $1 and dossier_code = $3 and purpose = $4
  order by created_at, id`;

export function prefillStore(db: Database) {
  // The reads every prefill makes: built once per store and prepared (design.md, performance notes).
  let reads: ReturnType<typeof prepareReads> | undefined;
  const prepareReads = () => ({
    // Both columns, so the (kind, national_id) unique index serves the lookup.
    subjects: db
      .select({ id: subjects.id, kind: subjects.kind, nationalId: subjects.nationalId })
      .from(subjects)
      .where(and(sql`${subjects.kind} = any(${sql.placeholder('kinds')}::text[])`, sql`${subjects.nationalId} = any(${sql.placeholder('ids')}::text[])`))
      .prepare('prefill_subjects'),
    held: db
      .select({
        id: documents.id,
        subjectId: documentSubjects.subjectId,
        role: documentSubjects.role,
        type: documents.type,
        status: documents.status,
        issueDate: documents.issueDate,
        validFrom: documents.validFrom,
        validUntil: documents.validUntil,
        replacedById: documents.replacedById,
      })
      .from(documentSubjects)
      .innerJoin(documents, eq(documents.id, documentSubjects.documentId))
      .where(and(sql`${documentSubjects.subjectId} = any(${sql.placeholder('subjects')}::uuid[])`, sql`${documents.type} = any(${sql.placeholder('types')}::text[])`))
      .orderBy(desc(documents.issueDate), asc(documents.seq))
      .prepare('prefill_held_documents'),
    changed: db
      .select({
        releaseId: releases.id,
        releasedAt: releases.createdAt,
        documentId: documents.id,
        documentType: documents.type,
        status: documents.status,
        replacedById: documents.replacedById,
        revocationReason: documents.revocationReason,
      })
      .from(releases)
      .innerJoin(documents, eq(documents.id, releases.documentId))
      .where(and(eq(releases.dossierCode, sql.placeholder('dossierCode')), eq(releases.agencyCode, sql.placeholder('agencyCode')), ne(documents.status, 'active')))
      .orderBy(asc(releases.createdAt))
      .prepare('prefill_changed_releases'),
  });

  return {
    /** The subjects Motlan holds under these numbers, by national ID; one query for every person of a request. */
    async subjectIds(keys: Array<{ kind: 'citizen' | 'business'; nationalId: string }>): Promise<Map<string, string>> {
      if (!keys.length) return new Map();
      reads ??= prepareReads();
      const rows = await reads.subjects.execute({ kinds: arrayLiteral([...new Set(keys.map((k) => k.kind))]), ids: arrayLiteral(keys.map((k) => k.nationalId)) });
      return new Map(rows.filter((r) => keys.some((k) => k.kind === r.kind && k.nationalId === r.nationalId)).map((r) => [`${r.kind}:${r.nationalId}`, r.id]));
    },

    /** Every version of these types naming these subjects, with the role it names each in, newest issue first. */
    async heldDocuments(subjectIds: string[], types: string[]): Promise<Array<HeldDocument & { role: string; subjectId: string }>> {
      if (!subjectIds.length || !types.length) return [];
      reads ??= prepareReads();
      return reads.held.execute({ subjects: arrayLiteral(subjectIds), types: arrayLiteral(types) });
    },

    /** Documents released to this agency for this dossier that have since been revoked, superseded or corrected. */
    async changedReleases(dossierCode: string, agencyCode: string) {
      reads ??= prepareReads();
      return reads.changed.execute({ dossierCode, agencyCode });
    },

    /**
     * Requests of this agency for this dossier and purpose still waiting for these subjects: asking
     * again for the same thing would only add noise. Oldest first.
     */
    async pendingConsentRequests(q: { agencyCode: string; subjectIds: string[]; dossierCode: string; purpose: string }): Promise<Array<{ id: string; subjectId: string; documentTypes: string[] }>> {
      if (!q.subjectIds.length) return [];
      return preparedRows<{ id: string; subjectId: string; documentTypes: string[] }>(db, PENDING_CONSENT_REQUESTS, [q.agencyCode, arrayLiteral(q.subjectIds), q.dossierCode, q.purpose]);
    },

    async insertRequest(row: PrefillRequestRow): Promise<void> {
      await preparedRows(db, INSERT_REQUEST, [row.id, row.dossierCode, row.procedureCode, row.agencyCode, row.clientId, row.applicantSubjectId ?? null, row.identityDecision, row.requestId, (row.createdAt ?? new Date()).toISOString()]);
    },

    async insertResults(rows: PrefillResultRow[]): Promise<void> {
      if (!rows.length) return;
      const json = rows.map((r) => ({ prefill_id: r.prefillId, requirement_id: r.requirementId, subject_position: r.subjectPosition, outcome: r.outcome, reason_code: r.reasonCode, document_id: r.documentId ?? null, release_id: r.releaseId ?? null, consent_request_id: r.consentRequestId ?? null }));
      await preparedRows(db, INSERT_RESULTS, [JSON.stringify(json)]);
    },
  };
}
