import { and, arrayContains, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { consentRequests } from '../consents/consents.tables';
import type { Database } from '../db/database';
import { documents, documentSubjects } from '../documents/documents.tables';
import { subjects } from '../subjects/subjects.tables';
import type { HeldDocument } from './requirementOutcome';
import { prefillRequests, prefillResults, releases } from './prefill.tables';

export type PrefillRequestRow = typeof prefillRequests.$inferInsert;
export type PrefillResultRow = typeof prefillResults.$inferInsert;

export function prefillStore(db: Database) {
  return {
    /** The subjects Motlan holds under these numbers, by national ID; one query for every person of a request. */
    async subjectIds(keys: Array<{ kind: 'citizen' | 'business'; nationalId: string }>): Promise<Map<string, string>> {
      if (!keys.length) return new Map();
      const rows = await db
        .select({ id: subjects.id, kind: subjects.kind, nationalId: subjects.nationalId })
        .from(subjects)
                // Both columns, so the (kind, national_id) unique index serves the lookup.
        .where(and(inArray(subjects.kind, [...new Set(keys.map((k) => k.kind))]), inArray(subjects.nationalId, keys.map((k) => k.nationalId))));
      return new Map(rows.filter((r) => keys.some((k) => k.kind === r.kind && k.nationalId === r.nationalId)).map((r) => [`${r.kind}:${r.nationalId}`, r.id]));
    },

    /** Every version of these types naming the subject, with the role it names them in, newest issue first. */
    async heldDocuments(subjectId: string, types: string[]): Promise<Array<HeldDocument & { role: string }>> {
      return db
        .select({
          id: documents.id,
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
        .where(and(eq(documentSubjects.subjectId, subjectId), inArray(documents.type, types)))
        .orderBy(desc(documents.issueDate), asc(documents.seq));
    },

    /** Documents released to this agency for this dossier that have since been revoked, superseded or corrected. */
    async changedReleases(dossierCode: string, agencyCode: string) {
      return db
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
        .where(and(eq(releases.dossierCode, dossierCode), eq(releases.agencyCode, agencyCode), ne(documents.status, 'active')))
        .orderBy(asc(releases.createdAt));
    },

    /** A request still waiting for the citizen: asking again for the same thing would only add noise. */
    async pendingConsentRequest(q: { agencyCode: string; subjectId: string; dossierCode: string; purpose: string; documentType: string }): Promise<string | undefined> {
      const [row] = await db
        .select({ id: consentRequests.id })
        .from(consentRequests)
        .where(
          and(
            eq(consentRequests.requesterAgencyCode, q.agencyCode),
            eq(consentRequests.subjectId, q.subjectId),
            eq(consentRequests.dossierCode, q.dossierCode),
            eq(consentRequests.purpose, q.purpose),
            eq(consentRequests.status, 'pending'),
            arrayContains(consentRequests.documentTypes, [q.documentType]),
          ),
        )
        .limit(1);
      return row?.id;
    },

    async insertRequest(row: PrefillRequestRow): Promise<void> {
      await db.insert(prefillRequests).values(row);
    },

    async insertResults(rows: PrefillResultRow[]): Promise<void> {
      if (rows.length) await db.insert(prefillResults).values(rows);
    },
  };
}
