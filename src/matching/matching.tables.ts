import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A mirror of the population registry for 1:N search (and for verification when the registry is
 * down). Raw strings are kept as the registry wrote them; the *_key columns are the blocking keys of
 * src/matching/blocking.ts, derived at load time so every pass is an exact B-tree lookup.
 */
export const registryPersons = pgTable(
  'registry_persons',
  {
    id: text('id').primaryKey(),
    oldId: text('old_id'),
    fullName: text('full_name').notNull(),
    /** YYYY-MM-DD, YYYY-MM or YYYY, as recorded. */
    birthDate: text('birth_date').notNull(),
    birthYear: integer('birth_year').notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    birthProvince: text('birth_province'),
    residenceProvince: text('residence_province'),
    residenceCommune: text('residence_commune'),
    fatherName: text('father_name'),
    motherName: text('mother_name'),
    /** Folded family name, regional variants merged (Huỳnh → hoang, Võ → vu). */
    familyKey: text('family_key').notNull(),
    givenKey: text('given_key').notNull(),
    familyPhonetic: text('family_phonetic').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('registry_persons_old_id_idx').on(t.oldId),
    index('registry_persons_date_given_idx').on(t.birthDate, t.givenKey),
    index('registry_persons_date_family_idx').on(t.birthDate, t.familyKey),
    index('registry_persons_year_sex_names_idx').on(t.birthYear, t.sex, t.familyKey, t.givenKey),
    index('registry_persons_province_given_phonetic_idx').on(t.birthProvince, t.givenKey, t.familyPhonetic),
    index('registry_persons_province_year_family_idx').on(t.birthProvince, t.birthYear, t.familyKey, t.sex),
    check('registry_persons_sex_check', sql`${t.sex} in ('male', 'female')`),
  ],
);
