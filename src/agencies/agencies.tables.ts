import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { JWK } from 'jose';

export const AGENCY_LEVELS = ['central', 'province', 'district', 'commune'] as const;

/**
 * An issuing or requesting body, keyed on its electronic code (Decision 20/2020/QĐ-TTg). `district`
 * stays for records made before the 2025 reform abolished that level.
 */
export const agencies = pgTable(
  'agencies',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: AGENCY_LEVELS }).notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => agencies.code),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('agencies_level_check', sql`${t.level} in ('central', 'province', 'district', 'commune')`)],
);

/** An agency's public signing keys; a key signs documents issued while it is effective. */
export const agencyKeys = pgTable(
  'agency_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyCode: text('agency_code').notNull().references(() => agencies.code),
    kid: text('kid').notNull(),
    alg: text('alg', { enum: ['EdDSA', 'ES256'] }).notNull(),
    publicJwk: jsonb('public_jwk').$type<JWK>().notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true, mode: 'date' }),
    validUntil: timestamp('valid_until', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agency_keys_agency_kid_key').on(t.agencyCode, t.kid),
    index('agency_keys_agency_idx').on(t.agencyCode),
    check('agency_keys_alg_check', sql`${t.alg} in ('EdDSA', 'ES256')`),
  ],
);
