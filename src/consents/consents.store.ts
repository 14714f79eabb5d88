import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { consentReleases, consentRequests, consents, legalBases } from './consents.tables';
import type { AgencyLevel, Consent, LegalBasis } from './consents.types';

export type ConsentRow = typeof consents.$inferSelect;
export type ConsentRequestRow = typeof consentRequests.$inferSelect;
export type LegalBasisRow = typeof legalBases.$inferSelect;

export function consentStore(db: Database) {
  /** Consents with the documents each has released, as the pure decision wants them. */
  const withReleases = async (rows: ConsentRow[]): Promise<Array<Consent & { row: ConsentRow }>> => {
    const released = rows.length
      ? await db
          .select({ consentId: consentReleases.consentId, documentId: consentReleases.documentId })
          .from(consentReleases)
          .where(inArray(consentReleases.consentId, rows.map((r) => r.id)))
      : [];
    return rows.map((row) => ({ ...toConsent(row, released.filter((r) => r.consentId === row.id).map((r) => r.documentId)), row }));
  };

  return {
    async insertConsent(values: typeof consents.$inferInsert): Promise<ConsentRow> {
      const [row] = await db.insert(consents).values(values).returning();
      return row!;
    },

    async findConsent(id: string): Promise<(Consent & { row: ConsentRow }) | undefined> {
      const rows = await db.select().from(consents).where(eq(consents.id, id));
      return (await withReleases(rows))[0];
    },

    /**
     * With `lock`, in a transaction: the rows stay locked until it ends, so a revocation (an UPDATE of
     * the row) and another release under a capped consent wait for the decision to commit. Rows are
     * locked in the query's order, the same in every transaction, so two deciders never deadlock.
     */
    async consentsOf(subjectIds: string[], { lock = false } = {}): Promise<Array<Consent & { row: ConsentRow }>> {
      if (!subjectIds.length) return [];
      const query = db.select().from(consents).where(inArray(consents.subjectId, subjectIds)).orderBy(desc(consents.createdAt), asc(consents.id));
      return withReleases(lock ? await query.for('no key update') : await query);
    },

    /** False when it was already revoked: revocation happens once. */
    async revoke(id: string, at: Date, receipt: string): Promise<boolean> {
      const rows = await db
        .update(consents)
        .set({ revokedAt: at, revocationReceipt: receipt })
        .where(and(eq(consents.id, id), isNull(consents.revokedAt)))
        .returning({ id: consents.id });
      return rows.length === 1;
    },

    async recordReleases(released: Array<{ consentId: string; documentId: string }>, at: Date): Promise<void> {
      if (!released.length) return;
      await db.insert(consentReleases).values(released.map((r) => ({ ...r, at }))).onConflictDoNothing();
    },

    /** Ends every consent scoped to this dossier; returns their subjects. */
    async closeDossier(dossierCode: string, at: Date): Promise<Array<{ id: string; subjectId: string }>> {
      return db
        .update(consents)
        .set({ dossierClosedAt: at })
        .where(and(eq(consents.dossierCode, dossierCode), isNull(consents.dossierClosedAt)))
        .returning({ id: consents.id, subjectId: consents.subjectId });
    },

    async insertRequest(values: typeof consentRequests.$inferInsert): Promise<ConsentRequestRow> {
      const [row] = await db.insert(consentRequests).values(values).returning();
      return row!;
    },

    async findRequest(id: string): Promise<ConsentRequestRow | undefined> {
      const [row] = await db.select().from(consentRequests).where(eq(consentRequests.id, id));
      return row;
    },

    async requestsOf(subjectIds: string[], status?: ConsentRequestRow['status']): Promise<ConsentRequestRow[]> {
      if (!subjectIds.length) return [];
      return db
        .select()
        .from(consentRequests)
        .where(and(inArray(consentRequests.subjectId, subjectIds), status ? eq(consentRequests.status, status) : undefined))
        .orderBy(desc(consentRequests.createdAt), asc(consentRequests.id));
    },

    /** Settles a pending request; false when someone (another tab, another device) settled it first. */
    async settleRequest(id: string, status: 'approved' | 'refused', at: Date, consentId: string | null): Promise<boolean> {
      const rows = await db
        .update(consentRequests)
        .set({ status, decidedAt: at, consentId })
        .where(and(eq(consentRequests.id, id), eq(consentRequests.status, 'pending')))
        .returning({ id: consentRequests.id });
      return rows.length === 1;
    },

    async legalBases(options: { activeOnly: boolean }): Promise<LegalBasisRow[]> {
      return db
        .select()
        .from(legalBases)
        .where(options.activeOnly ? eq(legalBases.active, true) : undefined)
        .orderBy(asc(legalBases.procedureCode), asc(legalBases.documentType), asc(legalBases.requesterLevel));
    },

    async findLegalBasis(id: string): Promise<LegalBasisRow | undefined> {
      const [row] = await db.select().from(legalBases).where(eq(legalBases.id, id));
      return row;
    },

    /** The active legal bases that could apply to this document type for this requester level. */
    async legalBasesFor(documentTypes: string[], level: AgencyLevel): Promise<LegalBasis[]> {
      const rows = await db
        .select()
        .from(legalBases)
        .where(and(eq(legalBases.active, true), inArray(legalBases.documentType, documentTypes), eq(legalBases.requesterLevel, level)));
      return rows.map(toLegalBasis);
    },

    async insertLegalBasis(values: typeof legalBases.$inferInsert): Promise<LegalBasisRow | undefined> {
      const [row] = await db.insert(legalBases).values(values).onConflictDoNothing().returning();
      return row;
    },

    async updateLegalBasis(id: string, values: Partial<typeof legalBases.$inferInsert>): Promise<LegalBasisRow | undefined> {
      const [row] = await db.update(legalBases).set({ ...values, updatedAt: sql`now()` }).where(eq(legalBases.id, id)).returning();
      return row;
    },
  };
}
export type ConsentStore = ReturnType<typeof consentStore>;

export function toConsent(row: ConsentRow, releasedDocumentIds: string[]): Consent {
  return {
    id: row.id,
    subjectId: row.subjectId,
    grantee: row.granteeAgencyCode ? { kind: 'agency', agencyCode: row.granteeAgencyCode } : { kind: 'level', level: row.granteeLevel! },
    purposes: row.purposes,
    documentTypes: row.documentTypes,
    fields: row.fields,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    maxUses: row.maxUses,
    releasedDocumentIds,
    dossierCode: row.dossierCode,
    dossierClosedAt: row.dossierClosedAt,
    // Stored states are active or revoked; expiry is read off the clock by the decision.
    status: row.revokedAt ? 'revoked' : 'active',
    revokedAt: row.revokedAt,
  };
}

export function toLegalBasis(row: LegalBasisRow): LegalBasis {
  return {
    id: row.id,
    procedureCode: row.procedureCode,
    documentType: row.documentType,
    requesterLevel: row.requesterLevel,
    reference: row.reference,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
  };
}
