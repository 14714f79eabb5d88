import { and, asc, eq, sql } from 'drizzle-orm';
import { arrayLiteral, freshlyPlannedRows, type Database } from '../db/database';
import { nameKey, foldedKey } from '../names';
import { subjectAliases, subjects } from './subjects.tables';
import type { AliasKind, Subject, SubjectAlias, SubjectKind, SubjectRef, SubjectRegistration } from './subjects.types';

type SubjectRow = typeof subjects.$inferSelect;

const SUBJECT_REFS = 'select id, kind, national_id as "nationalId" from subjects where kind = $1 and national_id = any($2::text[])';

export class AliasTakenError extends Error {
  override name = 'AliasTakenError';
  constructor(readonly alias: SubjectAlias) {
    super(`${alias.kind} already names another subject`);
  }
}

export function subjectStore(db: Database) {
  const aliasesOf = async (subjectId: string): Promise<SubjectAlias[]> =>
    db
      .select({ kind: subjectAliases.kind, value: subjectAliases.value, validFrom: subjectAliases.validFrom, validUntil: subjectAliases.validUntil })
      .from(subjectAliases)
      .where(eq(subjectAliases.subjectId, subjectId))
      .orderBy(asc(subjectAliases.createdAt), asc(subjectAliases.value));

  const withAliases = async (row: SubjectRow | undefined): Promise<Subject | undefined> =>
    row ? toSubject(row, await aliasesOf(row.id)) : undefined;

  return {
    async findByNationalId(kind: SubjectKind, nationalId: string): Promise<Subject | undefined> {
      const [row] = await db.select().from(subjects).where(and(eq(subjects.kind, kind), eq(subjects.nationalId, nationalId)));
      return withAliases(row);
    },

    /**
     * The ids of many subjects of one kind, by current national ID, in one statement: an import
     * batch's, which needs no more of them. Planned at each execution: a bulk import may start while
     * the table is small.
     */
    async refsByNationalId(kind: SubjectKind, nationalIds: string[]): Promise<SubjectRef[]> {
      if (!nationalIds.length) return [];
      return freshlyPlannedRows<SubjectRef>(db, SUBJECT_REFS, [kind, arrayLiteral(nationalIds)]);
    },

    async findByAlias(kind: AliasKind, value: string): Promise<Subject | undefined> {
      const [row] = await db
        .select({ subject: subjects })
        .from(subjectAliases)
        .innerJoin(subjects, eq(subjects.id, subjectAliases.subjectId))
        .where(and(eq(subjectAliases.kind, kind), eq(subjectAliases.value, value)));
      return withAliases(row?.subject);
    },

    /** Creates or refreshes a subject and adds its aliases; run it inside a transaction. */
    async register(input: SubjectRegistration): Promise<{ subject: Subject; created: boolean }> {
      const values = {
        kind: input.kind,
        nationalId: input.nationalId,
        name: input.name,
        nameKey: nameKey(input.name),
        foldedName: foldedKey(input.name),
        birthDate: input.birthDate ?? null,
        sex: input.sex ?? null,
        registrySnapshot: input.registry?.snapshot ?? null,
        snapshotSource: input.registry?.source ?? null,
        snapshotAt: input.registry?.at ?? null,
      };
      const [row] = await db
        .insert(subjects)
        .values(values)
        .onConflictDoUpdate({
          target: [subjects.kind, subjects.nationalId],
          set: { ...values, updatedAt: sql`now()` },
        })
        .returning({ id: subjects.id, created: sql<boolean>`(xmax = 0)` });
      const { id, created } = row!;
      for (const alias of input.aliases) {
        const [inserted] = await db
          .insert(subjectAliases)
          .values({ subjectId: id, ...alias })
          .onConflictDoNothing({ target: [subjectAliases.kind, subjectAliases.value] })
          .returning({ id: subjectAliases.id });
        if (inserted) continue;
        const [owner] = await db
          .select({ subjectId: subjectAliases.subjectId })
          .from(subjectAliases)
          .where(and(eq(subjectAliases.kind, alias.kind), eq(subjectAliases.value, alias.value)));
        if (owner?.subjectId !== id) throw new AliasTakenError(alias);
      }
      const [stored] = await db.select().from(subjects).where(eq(subjects.id, id));
      return { subject: toSubject(stored!, await aliasesOf(id)), created };
    },

    aliasesOf,
  };
}
export type SubjectStore = ReturnType<typeof subjectStore>;

function toSubject(row: SubjectRow, aliases: SubjectAlias[]): Subject {
  return {
    id: row.id,
    kind: row.kind,
    nationalId: row.nationalId,
    name: row.name,
    birthDate: row.birthDate,
    sex: row.sex,
    registry:
      row.snapshotSource && row.snapshotAt
        ? { source: row.snapshotSource, at: row.snapshotAt, snapshot: row.registrySnapshot ?? {} }
        : null,
    aliases,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
