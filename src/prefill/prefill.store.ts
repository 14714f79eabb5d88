import { and, arrayContains, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { consentRequests } from '../consents/consents.tables';
import type { Database } from '../db/database';
import { documents, documentSubjects } from '../documents/documents.tables';
import type { HeldDocument } from './requirementOutcome';
import { prefillRequests, prefillResults, releases } from './prefill.tables';

export type PrefillRequestRow = typeof prefillRequests.$inferInsert;
export type PrefillResultRow = typeof prefillResults.$inferInsert;

export function prefillStore(db: Database) {
  return {
    /** Every version of these types naming the subject (in this role when given), newest issue first. */
    async heldDocuments(subjectId: string, types: string[], role: string | undefined): Promise<HeldDocument[]> {
      return db
        .select({
          id: documents.id,
          type: documents.type,
          status: documents.status,
          issueDate: documents.issueDate,
          validFrom: documents.validFrom,
          validUntil: documents.validUntil,
          replacedById: documents.replacedById,
        })
        .from(documentSubjects)
        .innerJoin(documents, eq(documents.id, documentSubjects.documentId))
        .where(and(eq(documentSubjects.subjectId, subjectId), inArray(documents.type, types), role ? eq(documentSubjects.role, role) : undefined))
        .orderBy(desc(documents.issueDate), asc(documents.seq));
    },

    /** Documents released for this dossier that have since been revoked, superseded or corrected. */
    async changedReleases(dossierCode: string) {
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
        .where(and(eq(releases.dossierCode, dossierCode), ne(documents.status, 'active')))
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
