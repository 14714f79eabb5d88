import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A citizen or a business, stored once per national ID (12-digit personal ID or 10/13-digit tax code). */
export const subjects = pgTable(
  'subjects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['citizen', 'business'] }).notNull(),
    nationalId: text('national_id').notNull(),
    /** As the registry or issuer wrote it, NFC; comparison keys are derived below. */
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    foldedName: text('folded_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    sex: text('sex', { enum: ['male', 'female'] }),
    registrySnapshot: jsonb('registry_snapshot').$type<Record<string, unknown>>(),
    snapshotSource: text('snapshot_source'),
    snapshotAt: timestamp('snapshot_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subjects_kind_national_id_key').on(t.kind, t.nationalId),
    index('subjects_folded_name_idx').on(t.foldedName),
    check('subjects_kind_check', sql`${t.kind} in ('citizen', 'business')`),
    check('subjects_sex_check', sql`${t.sex} is null or ${t.sex} in ('male', 'female')`),
  ],
);

/**
 * Other numbers that name the same subject: the old 9-digit ID card, an ID re-issued after a
 * correction (Circular 59/2021 art. 6), an earlier tax code. A value names one subject at most.
 */
export const subjectAliases = pgTable(
  'subject_aliases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: uuid('subject_id').notNull().references(() => subjects.id),
    kind: text('kind', { enum: ['old_id_card', 'previous_citizen_id', 'previous_tax_code'] }).notNull(),
    value: text('value').notNull(),
    validFrom: date('valid_from', { mode: 'string' }),
    validUntil: date('valid_until', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subject_aliases_kind_value_key').on(t.kind, t.value),
    index('subject_aliases_subject_idx').on(t.subjectId),
    check('subject_aliases_kind_check', sql`${t.kind} in ('old_id_card', 'previous_citizen_id', 'previous_tax_code')`),
  ],
);
