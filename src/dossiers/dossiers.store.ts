import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { preparedRows, type Database } from '../db/database';
import { documentSubjects } from '../documents/documents.tables';
import { prefillRequests, prefillResults, releases } from '../prefill/prefill.tables';
import { dossierFeedback, dossiers } from './dossiers.tables';

export type DossierRow = typeof dossiers.$inferSelect;
export type FeedbackRow = typeof dossierFeedback.$inferSelect;
export type PrefillRequestRow = typeof prefillRequests.$inferSelect;
export type PrefillResultRow = typeof prefillResults.$inferSelect;
export type Resolution = NonNullable<DossierRow['resolution']>;

export interface OpenDossierInput {
  code: string;
  agencyCode: string;
  procedureCode: string;
  at: Date;
}

// Prepared once per connection: every prefill opens its dossier.
const OPEN_DOSSIER = `insert into dossiers (code, agency_code, procedure_code, status, opened_at) values ($1, $2, $3, 'open', $4::timestamptz)
  on conflict (code) do update set procedure_code = case when dossiers.status = 'open' or dossiers.procedure_code is null then excluded.procedure_code else dossiers.procedure_code end`;

/**
 * Records the dossier on its first prefill (called inside the prefill's transaction). A later prefill
 * of an open dossier names its procedure anew, since the latest prefill is the one the reports count;
 * a closed dossier stays as it was closed, except that a missing procedure is filled in. Never reopens.
 */
export async function openDossier(tx: Database, { code, agencyCode, procedureCode, at }: OpenDossierInput): Promise<void> {
  await preparedRows(tx, OPEN_DOSSIER, [code, agencyCode, procedureCode, at.toISOString()]);
}

export interface CloseDossierInput {
  code: string;
  agencyCode: string;
  procedureCode: string | null;
  resolution: Resolution;
  at: Date;
}

export interface FeedbackInput {
  dossierCode: string;
  requirementId: string;
  subjectPosition: number;
  verdict: FeedbackRow['verdict'];
  reason: string | null;
  reportedBy: string;
  reportedAt: Date;
}

export function dossierStore(db: Database) {
  return {
    async find(code: string): Promise<DossierRow | undefined> {
      const [row] = await db.select().from(dossiers).where(eq(dossiers.code, code)).limit(1);
      return row;
    },

    /**
     * A dossier never prefilled gets its row here, so the digitisation KPI counts it. Closing twice
     * keeps the first closing time (the KPI's year) and takes the latest resolution, a correction.
     */
    async close({ code, agencyCode, procedureCode, resolution, at }: CloseDossierInput): Promise<DossierRow> {
      const [row] = await db
        .insert(dossiers)
        .values({ code, agencyCode, procedureCode, status: 'closed', resolution, openedAt: at, closedAt: at })
        .onConflictDoUpdate({
          target: dossiers.code,
          set: {
            status: 'closed',
            resolution,
            closedAt: sql`coalesce(${dossiers.closedAt}, excluded.closed_at)`,
            procedureCode: sql`coalesce(${dossiers.procedureCode}, excluded.procedure_code)`,
          },
        })
        .returning();
      return row!;
    },

    /** The prefill the reports count for this dossier: its latest. */
    async latestPrefill(code: string): Promise<{ request: PrefillRequestRow; results: PrefillResultRow[] } | undefined> {
      const [request] = await db
        .select()
        .from(prefillRequests)
        .where(eq(prefillRequests.dossierCode, code))
        .orderBy(desc(prefillRequests.createdAt), desc(prefillRequests.id))
        .limit(1);
      if (!request) return undefined;
      const results = await db
        .select()
        .from(prefillResults)
        .where(eq(prefillResults.prefillId, request.id))
        .orderBy(asc(prefillResults.subjectPosition), asc(prefillResults.requirementId));
      return { request, results };
    },

    /** The releases made for the dossier; an agency sees only its own, even under its own dossier code. */
    releases(code: string, agencyCode?: string) {
      return db
        .select({ id: releases.id, documentId: releases.documentId, clientId: releases.clientId, purpose: releases.purpose, prefillId: releases.prefillId, createdAt: releases.createdAt })
        .from(releases)
        .where(and(eq(releases.dossierCode, code), agencyCode ? eq(releases.agencyCode, agencyCode) : undefined))
        .orderBy(asc(releases.createdAt), asc(releases.id));
    },

    feedback(code: string): Promise<FeedbackRow[]> {
      return db
        .select()
        .from(dossierFeedback)
        .where(eq(dossierFeedback.dossierCode, code))
        .orderBy(asc(dossierFeedback.subjectPosition), asc(dossierFeedback.requirementId));
    },

    /** One verdict per requirement and subject: a second report replaces the first. */
    async upsertFeedback(items: FeedbackInput[]): Promise<void> {
      if (!items.length) return;
      await db
        .insert(dossierFeedback)
        .values(items)
        .onConflictDoUpdate({
          target: [dossierFeedback.dossierCode, dossierFeedback.requirementId, dossierFeedback.subjectPosition],
          set: { verdict: sql`excluded.verdict`, reason: sql`excluded.reason`, reportedBy: sql`excluded.reported_by`, reportedAt: sql`excluded.reported_at` },
        });
    },

    /** Whose data the dossier's documents are: the access log names each of them. */
    async subjectsOfDocuments(documentIds: string[]): Promise<string[]> {
      if (!documentIds.length) return [];
      const rows = await db
        .selectDistinct({ subjectId: documentSubjects.subjectId })
        .from(documentSubjects)
        .where(inArray(documentSubjects.documentId, documentIds));
      return rows.map((r) => r.subjectId);
    },
  };
}
export type DossierStore = ReturnType<typeof dossierStore>;
