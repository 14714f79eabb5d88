import { and, asc, eq, getTableColumns, gt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database';
import { procedures } from './catalog.tables';
import type { Procedure, ProcedureFilter } from './catalog.types';

export type ProcedureValues = Omit<Procedure, 'createdAt'>;

export function catalogStore(db: Database) {
  // Every prefill reads its procedure: built once per store and prepared.
  let byCode: ReturnType<typeof prepareFind> | undefined;
  const prepareFind = () => db.select().from(procedures).where(eq(procedures.code, sql.placeholder('code'))).limit(1).prepare('catalog_procedure_by_code');
  return {
    async find(code: string): Promise<Procedure | undefined> {
      byCode ??= prepareFind();
      const [row] = await byCode.execute({ code });
      return row;
    },

    /** The row, locked until the transaction ends: a conditional replace compares and writes as one. */
    async findForUpdate(code: string): Promise<Procedure | undefined> {
      const [row] = await db.select().from(procedures).where(eq(procedures.code, code)).limit(1).for('update');
      return row;
    },

    /**
     * In code order, after `afterCode`. Without `limit` every match comes back: the name search folds
     * diacritics in TypeScript (src/names), which SQL cannot do the same way on every engine.
     */
    async list(filter: Omit<ProcedureFilter, 'q' | 'limit'>, limit?: number): Promise<Procedure[]> {
      const conditions: SQL[] = [];
      if (filter.level) conditions.push(eq(procedures.level, filter.level));
      if (filter.applicantKind) conditions.push(eq(procedures.applicantKind, filter.applicantKind));
      if (filter.active !== undefined) conditions.push(eq(procedures.active, filter.active));
      // jsonb containment: some requirement whose anyOf holds this type.
      if (filter.documentType) conditions.push(sql`${procedures.requirements} @> ${JSON.stringify([{ anyOf: [filter.documentType] }])}::jsonb`);
      if (filter.afterCode) conditions.push(gt(procedures.code, filter.afterCode));
      const query = db.select().from(procedures).where(and(...conditions)).orderBy(asc(procedures.code));
      return limit === undefined ? query : query.limit(limit);
    },

    /**
     * Creates or replaces; `created` comes from the row itself (xmax is 0 only for a fresh insert), so
     * two operators creating the same code at once get one 201 and one 200.
     */
    async upsert(values: ProcedureValues): Promise<{ procedure: Procedure; created: boolean }> {
      const { code: _code, ...changes } = values;
      const [row] = await db
        .insert(procedures)
        .values({ ...values, createdAt: values.updatedAt })
        .onConflictDoUpdate({ target: procedures.code, set: changes })
        .returning({ ...getTableColumns(procedures), created: sql<boolean>`(xmax = 0)` });
      const { created, ...procedure } = row!;
      return { procedure, created };
    },
  };
}

export type CatalogStore = ReturnType<typeof catalogStore>;
