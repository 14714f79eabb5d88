import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { arrayLiteral, dateOf, epochMs, preparedRows, runQuery, type Database, type Query, type Statement } from '../db/database';
import { consentRequests, consents, legalBases } from './consents.tables';
import type { AgencyLevel, Consent, LegalBasis } from './consents.types';

export type ConsentRow = typeof consents.$inferSelect;
export type ConsentRequestRow = typeof consentRequests.$inferSelect;
export type LegalBasisRow = typeof legalBases.$inferSelect;

/** A consent request as consentRequestIn writes it: every column but the ones the decision sets later. */
export type NewConsentRequest = Pick<ConsentRequestRow, 'subjectId' | 'requesterAgencyCode' | 'requesterClientId' | 'requesterOfficialId' | 'purpose' | 'dossierCode' | 'documentTypes' | 'fields' | 'validUntil' | 'note' | 'createdAt'>;

/** A row as preparedRows gives it: these timestamp columns as epoch milliseconds. */
type Stamped<Row, K extends keyof Row> = Omit<Row, K> & { [P in K]: null extends Row[P] ? number | null : number };
type ConsentStamp = 'validFrom' | 'validUntil' | 'dossierClosedAt' | 'createdAt' | 'revokedAt';
type ConsentWithReleases = Stamped<ConsentRow, ConsentStamp> & { releasedDocumentIds: string[] };

// The statements every consent decision and consent request makes, as fixed texts prepared once
// per connection (building them with drizzle cost more CPU than running them).
const CONSENT_COLUMNS = `c.id, c.subject_id as "subjectId", c.grantee_agency_code as "granteeAgencyCode", c.grantee_level as "granteeLevel",
  c.purposes, c.document_types as "documentTypes", c.fields, ${epochMs('c.valid_from', 'validFrom')}, ${epochMs('c.valid_until', 'validUntil')}, c.max_uses as "maxUses",
  c.dossier_code as "dossierCode", ${epochMs('c.dossier_closed_at', 'dossierClosedAt')}, c.channel, c.acting_as as "actingAs", c.acting_citizen_id as "actingCitizenId",
  c.counter_official_id as "counterOfficialId", c.consent_request_id as "consentRequestId", c.receipt, c.revocation_receipt as "revocationReceipt",
  ${epochMs('c.created_at', 'createdAt')}, ${epochMs('c.revoked_at', 'revokedAt')}`;
/** Each consent with the documents it has released, as the pure decision wants them. */
const CONSENT_WITH_RELEASES = `select ${CONSENT_COLUMNS},
  coalesce((select array_agg(r.document_id::text order by r.document_id) from consent_releases r where r.consent_id = c.id), '{}'::text[]) as "releasedDocumentIds"
  from consents c`;
const CONSENT_BY_ID = `${CONSENT_WITH_RELEASES} where c.id = $1`;
const CONSENTS_OF = `${CONSENT_WITH_RELEASES} where c.subject_id = any($1::uuid[]) order by c.created_at desc, c.id`;
// Locks alone: the releases must be read by a later statement, whose snapshot sees the releases of a
// decider this one waited for (a subquery of the locking statement would not).
const LOCK_CONSENTS_OF = `select c.id from consents c where c.subject_id = any($1::uuid[]) order by c.created_at desc, c.id for no key update of c`;
const RECORD_RELEASES = `insert into consent_releases (consent_id, document_id, at)
  select consent_id, document_id, $3::timestamptz from unnest($1::uuid[], $2::uuid[]) as r(consent_id, document_id) on conflict do nothing`;
const INSERT_REQUEST = `insert into consent_requests (subject_id, requester_agency_code, requester_client_id, requester_official_id, purpose, dossier_code, document_types, fields, valid_until, note, created_at)
  values ($1, $2, $3, $4, $5, $6, $7::text[], $8::text[], $9::timestamptz, $10, $11::timestamptz)
  returning id, subject_id as "subjectId", requester_agency_code as "requesterAgencyCode", requester_client_id as "requesterClientId",
    requester_official_id as "requesterOfficialId", purpose, dossier_code as "dossierCode", document_types as "documentTypes", fields,
    ${epochMs('valid_until', 'validUntil')}, note, status, consent_id as "consentId", ${epochMs('created_at', 'createdAt')}, ${epochMs('decided_at', 'decidedAt')}`;
const LEGAL_BASIS_COLUMNS = `lb.id, lb.procedure_code as "procedureCode", lb.document_type as "documentType", lb.requester_level as "requesterLevel", lb.reference,
  ${epochMs('lb.valid_from', 'validFrom')}, ${epochMs('lb.valid_until', 'validUntil')}`;
const LEGAL_BASES_FOR = `select ${LEGAL_BASIS_COLUMNS} from legal_bases lb where lb.active and lb.document_type = any($1::text[]) and lb.requester_level = $2`;
// The requester's level and the bases it holds in one statement: no row when the agency is not
// registered, one row with null basis columns when it holds none.
const LEGAL_BASES_OF_AGENCY = `select a.level as "agencyLevel", ${LEGAL_BASIS_COLUMNS}
  from agencies a left join legal_bases lb on lb.active and lb.document_type = any($1::text[]) and lb.requester_level = a.level
  where a.code = $2`;

type StampedBasis = Stamped<LegalBasis, 'validFrom' | 'validUntil'>;
const legalBasisOf = (r: StampedBasis): LegalBasis => ({ ...r, validFrom: dateOf(r.validFrom), validUntil: dateOf(r.validUntil) });

const withReleases = (rows: ConsentWithReleases[]): Array<Consent & { row: ConsentRow }> =>
  rows.map(({ releasedDocumentIds, ...stamped }) => {
    const row: ConsentRow = {
      ...stamped,
      validFrom: dateOf(stamped.validFrom),
      validUntil: dateOf(stamped.validUntil),
      dossierClosedAt: dateOf(stamped.dossierClosedAt),
      createdAt: dateOf(stamped.createdAt),
      revokedAt: dateOf(stamped.revokedAt),
    };
    return { ...toConsent(row, releasedDocumentIds), row };
  });

/**
 * What a release decision reads and writes, as statements: a group commit of vault reads sends the
 * reads with BEGIN and the writes with COMMIT (twoStepTransaction); a prefill runs them in its own
 * transaction (runQuery), and consentStore.consentsOf alone.
 */
export const releaseStatements = {
  /**
   * With `lock`, in a transaction: the rows stay locked until it ends, so a revocation (an UPDATE of
   * the row) and another release under a capped consent wait for the decision to commit. Rows are
   * locked in the query's order, the same in every transaction, so two deciders never deadlock.
   */
  consentsOf(subjectIds: string[], lock: boolean): Query<Array<Consent & { row: ConsentRow }>> {
    if (!subjectIds.length) return { statements: [], read: () => [] };
    const params = [arrayLiteral(subjectIds)];
    const read = (rows: unknown[]) => withReleases(rows as ConsentWithReleases[]);
    // Sent together (one round trip): the server runs the read only once the locks are held.
    if (lock) return { statements: [{ text: LOCK_CONSENTS_OF, params }, { text: CONSENTS_OF, params }], read: ([, rows]) => read(rows!) };
    return { statements: [{ text: CONSENTS_OF, params }], read: ([rows]) => read(rows!) };
  },

  /** The active legal bases that could apply to these document types for this requester level. */
  legalBasesFor(documentTypes: string[], level: AgencyLevel): Query<LegalBasis[]> {
    return { statements: [{ text: LEGAL_BASES_FOR, params: [arrayLiteral(documentTypes), level] }], read: ([rows]) => (rows as StampedBasis[]).map(legalBasisOf) };
  },

  /** legalBasesFor the level the agency is registered at (null: not registered, so no basis). */
  legalBasesOfAgency(documentTypes: string[], agencyCode: string): Query<{ level: AgencyLevel | null; bases: LegalBasis[] }> {
    return {
      statements: [{ text: LEGAL_BASES_OF_AGENCY, params: [arrayLiteral(documentTypes), agencyCode] }],
      read: ([found]) => {
        const rows = found as Array<StampedBasis & { agencyLevel: AgencyLevel }>;
        return { level: rows[0]?.agencyLevel ?? null, bases: rows.filter((r) => r.id !== null).map(({ agencyLevel: _level, ...r }) => legalBasisOf(r)) };
      },
    };
  },

  /** The consents' uses: which documents each has released (a capped consent counts them). */
  recordReleases(released: Array<{ consentId: string; documentId: string }>, at: Date): Statement | null {
    if (!released.length) return null;
    return { text: RECORD_RELEASES, params: [arrayLiteral(released.map((r) => r.consentId)), arrayLiteral(released.map((r) => r.documentId)), at.toISOString()] };
  },
};

export function consentStore(db: Database) {
  return {
    async insertConsent(values: typeof consents.$inferInsert): Promise<ConsentRow> {
      const [row] = await db.insert(consents).values(values).returning();
      return row!;
    },

    async findConsent(id: string): Promise<(Consent & { row: ConsentRow }) | undefined> {
      return withReleases(await preparedRows(db, CONSENT_BY_ID, [id]))[0];
    },

    async consentsOf(subjectIds: string[], { lock = false } = {}): Promise<Array<Consent & { row: ConsentRow }>> {
      return runQuery(db, releaseStatements.consentsOf(subjectIds, lock));
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

    /** Ends every consent scoped to this dossier; returns their subjects. */
    async closeDossier(dossierCode: string, at: Date): Promise<Array<{ id: string; subjectId: string }>> {
      return db
        .update(consents)
        .set({ dossierClosedAt: at })
        .where(and(eq(consents.dossierCode, dossierCode), isNull(consents.dossierClosedAt)))
        .returning({ id: consents.id, subjectId: consents.subjectId });
    },

    async insertRequest(values: NewConsentRequest): Promise<ConsentRequestRow> {
      const [row] = await preparedRows<Stamped<ConsentRequestRow, 'validUntil' | 'createdAt' | 'decidedAt'>>(db, INSERT_REQUEST, [
        values.subjectId,
        values.requesterAgencyCode,
        values.requesterClientId,
        values.requesterOfficialId,
        values.purpose,
        values.dossierCode,
        arrayLiteral(values.documentTypes),
        values.fields ? arrayLiteral(values.fields) : null,
        values.validUntil?.toISOString() ?? null,
        values.note,
        values.createdAt.toISOString(),
      ]);
      return { ...row!, validUntil: dateOf(row!.validUntil), createdAt: dateOf(row!.createdAt), decidedAt: dateOf(row!.decidedAt) };
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
