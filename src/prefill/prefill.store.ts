import { arrayLiteral, dateOf, epochMs, preparedRows, type Database } from '../db/database';
import type { StoredStatus } from '../documents/documents.types';
import type { HeldDocument } from './requirementOutcome';
import type { prefillRequests, prefillResults } from './prefill.tables';

export type PrefillRequestRow = typeof prefillRequests.$inferInsert;
export type PrefillResultRow = typeof prefillResults.$inferInsert;

export interface ChangedRelease {
  releaseId: string;
  releasedAt: Date;
  documentId: string;
  documentType: string;
  status: StoredStatus;
  replacedById: string | null;
  revocationReason: string | null;
}

// The writes every prefill makes, as fixed texts prepared once per connection.
const INSERT_REQUEST = `insert into prefill_requests (id, dossier_code, procedure_code, agency_code, client_id, applicant_subject_id, identity_decision, request_id, created_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz)`;
const INSERT_RESULTS = `insert into prefill_results (prefill_id, requirement_id, subject_position, outcome, reason_code, document_id, release_id, consent_request_id)
  select prefill_id, requirement_id, subject_position, outcome, reason_code, document_id, release_id, consent_request_id
  from jsonb_to_recordset($1::jsonb) as r(prefill_id uuid, requirement_id text, subject_position int, outcome text, reason_code text, document_id uuid, release_id uuid, consent_request_id uuid)`;

// The reads every prefill makes, as fixed texts (design.md, performance notes): prepared once per
// connection, their rows taken as the driver gives them. Dates as text, a timestamp as epoch
// milliseconds: the two engines return those types differently.
// Both columns, so the (kind, national_id) unique index serves the lookup.
const SUBJECT_IDS = 'select id, kind, national_id as "nationalId" from subjects where kind = any($1::text[]) and national_id = any($2::text[])';
const HELD_DOCUMENTS = `select d.id, ds.subject_id as "subjectId", ds.role, d.type, d.status, d.issue_date::text as "issueDate", d.valid_from::text as "validFrom",
    d.valid_until::text as "validUntil", d.replaced_by_id as "replacedById"
  from document_subjects ds join documents d on d.id = ds.document_id
  where ds.subject_id = any($1::uuid[]) and d.type = any($2::text[])
  order by d.issue_date desc, d.seq`;
// A dossier's releases are few, and each one's document is read by its key. Left to join freely, the
// planner (misled by releases whose dossier is null: vault reads without one, 628,000 of 683,000 in
// the benchmark's vault) scanned every document for the few not active, 0.3–1 s a prefill; the
// `offset 0` keeps the document a lookup per release.
const CHANGED_RELEASES = `select r.id as "releaseId", ${epochMs('r.created_at', 'releasedAt')}, d.id as "documentId", d.type as "documentType", d.status,
    d.replaced_by_id as "replacedById", d.revocation_reason as "revocationReason"
  from releases r
  cross join lateral (select d.id, d.type, d.status, d.replaced_by_id, d.revocation_reason from documents d where d.id = r.document_id and d.status <> 'active' offset 0) d
  where r.dossier_code = $1 and r.agency_code = $2
  order by r.created_at`;
const PENDING_CONSENT_REQUESTS = `select id, subject_id as "subjectId", document_types as "documentTypes" from consent_requests
  where subject_id = any($2::uuid[]) and status = 'pending' and requester_agency_code = $1 and dossier_code = $3 and purpose = $4
  order by created_at, id`;

export function prefillStore(db: Database) {
  return {
    /** The subjects Motlan holds under these numbers, by national ID; one query for every person of a request. */
    async subjectIds(keys: Array<{ kind: 'citizen' | 'business'; nationalId: string }>): Promise<Map<string, string>> {
      if (!keys.length) return new Map();
      const rows = await preparedRows<{ id: string; kind: string; nationalId: string }>(db, SUBJECT_IDS, [arrayLiteral([...new Set(keys.map((k) => k.kind))]), arrayLiteral(keys.map((k) => k.nationalId))]);
      return new Map(rows.filter((r) => keys.some((k) => k.kind === r.kind && k.nationalId === r.nationalId)).map((r) => [`${r.kind}:${r.nationalId}`, r.id]));
    },

    /** Every version of these types naming these subjects, with the role it names each in, newest issue first. */
    async heldDocuments(subjectIds: string[], types: string[]): Promise<Array<HeldDocument & { role: string; subjectId: string }>> {
      if (!subjectIds.length || !types.length) return [];
      return preparedRows(db, HELD_DOCUMENTS, [arrayLiteral(subjectIds), arrayLiteral(types)]);
    },

    /** Documents released to this agency for this dossier that have since been revoked, superseded or corrected. */
    async changedReleases(dossierCode: string, agencyCode: string): Promise<ChangedRelease[]> {
      const rows = await preparedRows<Omit<ChangedRelease, 'releasedAt'> & { releasedAt: number }>(db, CHANGED_RELEASES, [dossierCode, agencyCode]);
      return rows.map((r) => ({ ...r, releasedAt: dateOf(r.releasedAt) }));
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
