import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per portal sign-in, checked on every request made with its cookie, so signing out ends
 * the session on every instance and a copied cookie is worth nothing after it. Holds no personal
 * data: the key is a hash of the session's random id.
 */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    signedInAt: timestamp('signed_in_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The latest a renewal can reach (MAX_SIGN_IN_HOURS after sign-in); past it the row is deleted. */
    endsBy: timestamp('ends_by', { withTimezone: true, mode: 'date' }).notNull(),
    signedOutAt: timestamp('signed_out_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('portal_sessions_ends_by_idx').on(t.endsBy)],
);
