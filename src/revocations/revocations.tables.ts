import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Bearer tokens refused before they expire: one token by its `jti`, or every token an issuer signed
 * with one key (`kid`), as when that key leaked or left the issuer's JWKS. Every instance reads it.
 */
export const tokenRevocations = pgTable(
  'token_revocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    issuer: text('issuer').notNull(),
    jti: text('jti'),
    kid: text('kid'),
    reason: text('reason').notNull(),
    /** `operator:<id>`, as in the access log. */
    revokedBy: text('revoked_by').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** When the revoked token would have expired anyway; past it the row is no longer loaded. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('token_revocations_jti_idx').on(t.issuer, t.jti),
    uniqueIndex('token_revocations_kid_idx').on(t.issuer, t.kid),
    check('token_revocations_one_target_check', sql`(${t.jti} is null) <> (${t.kid} is null)`),
  ],
);
