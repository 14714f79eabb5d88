import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A dossier as Motlan knows it: opened by its first prefill, closed (and resolved or not) by its
 * one-stop system. The digitisation KPI compares resolved dossiers with results ingested for them.
 */
export const dossiers = pgTable(
  'dossiers',
  {
    code: text('code').primaryKey(),
    agencyCode: text('agency_code').notNull(),
    procedureCode: text('procedure_code'),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    /** How it ended: resolved (a result was issued), rejected or withdrawn. */
    resolution: text('resolution', { enum: ['resolved', 'rejected', 'withdrawn'] }),
    openedAt: ts('opened_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('dossiers_agency_idx').on(t.agencyCode, t.closedAt),
    check('dossiers_status_check', sql`${t.status} in ('open', 'closed')`),
    check('dossiers_resolution_check', sql`${t.resolution} is null or ${t.resolution} in ('resolved', 'rejected', 'withdrawn')`),
  ],
);

export const FEEDBACK_VERDICTS = ['accepted', 'rejected', 'brought_by_applicant'] as const;

/**
 * What happened to each requirement once the officer accepted the dossier: the reused document was
 * accepted, rejected by the officer, or the applicant still had to bring it.
 */
export const dossierFeedback = pgTable(
  'dossier_feedback',
  {
    dossierCode: text('dossier_code').notNull().references(() => dossiers.code),
    requirementId: text('requirement_id').notNull(),
    subjectPosition: integer('subject_position').notNull().default(0),
    verdict: text('verdict', { enum: FEEDBACK_VERDICTS }).notNull(),
    reason: text('reason'),
    reportedBy: text('reported_by').notNull(),
    reportedAt: ts('reported_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.dossierCode, t.requirementId, t.subjectPosition] }),
    check('dossier_feedback_verdict_check', sql`${t.verdict} in ('accepted', 'rejected', 'brought_by_applicant')`),
  ],
);
