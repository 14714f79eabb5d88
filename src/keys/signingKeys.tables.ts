import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { JWK } from 'jose';

/**
 * Every key Motlan has signed with, public half only, so /.well-known/jwks.json keeps a retired key
 * after its private file is gone and every instance publishes the same set. A key is retired when
 * an instance starts with another one; it stays published for SIGNING_KEY_RETENTION_DAYS after.
 */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').$type<JWK>().notNull(),
  activatedAt: timestamp('activated_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** Null while it signs. */
  retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
});
