import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { LegalRepresentative } from '../connectors';

/**
 * A mirror of the business registry for 1:N business search, and for business verification when the
 * registry is down or not configured. One row per enterprise and one per branch (a branch row keeps
 * its parent's code, names, legal form and representatives), with the register's values as written.
 */
export const registryBusinesses = pgTable(
  'registry_businesses',
  {
    /** The unit's own code: 10 digits for an enterprise, NNNNNNNNNN-NNN for a branch. */
    code: text('code').primaryKey(),
    enterpriseCode: text('enterprise_code').notNull(),
    kind: text('kind', { enum: ['enterprise', 'branch'] }).notNull(),
    /** The unit's own registered name: the enterprise's Vietnamese name, or the branch's name. */
    name: text('name').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    englishName: text('english_name'),
    abbreviation: text('abbreviation'),
    legalForm: text('legal_form', { enum: ['tnhh_1tv', 'tnhh', 'co_phan', 'dntn', 'htx'] }).notNull(),
    /** The unit's own status; a branch's and its enterprise's may differ. */
    status: text('status', { enum: ['active', 'suspended', 'dissolved'] }).notNull(),
    enterpriseStatus: text('enterprise_status', { enum: ['active', 'suspended', 'dissolved'] }).notNull(),
    statusSince: text('status_since').notNull(),
    registeredOn: text('registered_on').notNull(),
    charterCapitalVnd: bigint('charter_capital_vnd', { mode: 'number' }).notNull(),
    /** The unit's own address: a branch is where it is, not at its parent's head office. */
    addressLine: text('address_line').notNull(),
    commune: text('commune').notNull(),
    province: text('province').notNull(),
    provinceCode: text('province_code').notNull(),
    /** The enterprise's legal representatives, as registered (personal data: masked in every answer). */
    legalRepresentatives: jsonb('legal_representatives').$type<LegalRepresentative[]>().notNull(),
    /** Comparison words of the unit's own name, abbreviations expanded, legal form removed: for the pre-ranking. */
    nameTokens: text('name_tokens').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('registry_businesses_enterprise_code_idx').on(t.enterpriseCode),
    check('registry_businesses_kind_check', sql`${t.kind} in ('enterprise', 'branch')`),
  ],
);

/**
 * The blocking keys of src/matching/businessBlocking.ts, derived at load time: one row per (key, unit).
 * A key is "<pass>:<value>", so every pass is an exact lookup on the primary key's B-tree (no GIN, no
 * pg_trgm: the same SQL runs on PGlite). Rows are ordered by code within a key, which is what the
 * per-key cap takes first, in the database and in the in-memory index alike.
 */
export const registryBusinessKeys = pgTable(
  'registry_business_keys',
  {
    key: text('key').notNull(),
    code: text('code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.code] }), index('registry_business_keys_code_idx').on(t.code)],
);
