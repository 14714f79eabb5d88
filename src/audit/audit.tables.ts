import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every decision to release or refuse personal data, allow and deny alike. Append-only: the
 * application has no update or delete path. The per-subject hash chain and the database-level
 * refusal of updates come with the consent feature.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** `agency:<code>/<client>`, `citizen:self` or `operator:<id>`: never a raw citizen ID. */
    actor: text('actor').notNull(),
    officialId: text('official_id'),
    action: text('action').notNull(),
    subjectId: uuid('subject_id'),
    purpose: text('purpose'),
    decision: text('decision', { enum: ['allow', 'deny'] }).notNull(),
    /** What decided: a role-based legal basis, a consent id, or the reason for a denial. */
    rule: text('rule').notNull(),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_entries_subject_idx').on(t.subjectId, t.id),
    check('audit_entries_decision_check', sql`${t.decision} in ('allow', 'deny')`),
  ],
);
