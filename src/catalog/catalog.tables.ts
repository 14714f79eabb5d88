import { sql } from 'drizzle-orm';
import { boolean, check, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { AGENCY_LEVELS } from '../agencies/agencies.tables';
import type { FormField, Requirement } from './catalog.types';

/** The procedure catalogue: what each procedure needs, and the form fields Motlan can fill. */
export const procedures = pgTable(
  'procedures',
  {
    code: text('code').primaryKey(),
    level: text('level', { enum: AGENCY_LEVELS }).notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    applicantKind: text('applicant_kind', { enum: ['citizen', 'business'] }).notNull(),
    requirements: jsonb('requirements').$type<Requirement[]>().notNull(),
    formFields: jsonb('form_fields').$type<FormField[]>().notNull(),
    codeStatus: text('code_status', { enum: ['confirmed', 'unconfirmed'] }).notNull(),
    source: text('source'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('procedures_code_check', sql`${t.code} ~ '^[0-9]\\.[0-9]{6}$'`),
    check('procedures_applicant_kind_check', sql`${t.applicantKind} in ('citizen', 'business')`),
    check('procedures_code_status_check', sql`${t.codeStatus} in ('confirmed', 'unconfirmed')`),
  ],
);
