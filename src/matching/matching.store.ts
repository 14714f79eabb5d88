import { count, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Database } from '../db/database';
import { BLOCKING_PASSES, PASS_CAP, PASS_NAMES } from './blocking';
import { registryPersons } from './matching.tables';
import type { MirrorRow } from './mirrorRow';
import type { PersonFeatures } from './personFeatures';

const { loadedAt: _loadedAt, ...ROW_COLUMNS } = getTableColumns(registryPersons);
const UPDATABLE = Object.keys(ROW_COLUMNS).filter((c) => c !== 'id') as Array<keyof typeof ROW_COLUMNS>;

export function matchingStore(db: Database) {
  return {
    /** Inserts or refreshes mirror rows in one statement: loading the same file twice changes nothing. */
    async upsert(rows: readonly MirrorRow[]): Promise<void> {
      if (!rows.length) return;
      await db
        .insert(registryPersons)
        .values([...rows])
        .onConflictDoUpdate({
          target: registryPersons.id,
          set: { ...Object.fromEntries(UPDATABLE.map((c) => [c, sql.raw(`excluded.${ROW_COLUMNS[c].name}`)])), loadedAt: sql`now()` },
        });
    },

    async findById(id: string): Promise<MirrorRow | undefined> {
      const [row] = await db.select(ROW_COLUMNS).from(registryPersons).where(eq(registryPersons.id, id));
      return row;
    },

    async findByOldId(oldId: string): Promise<MirrorRow | undefined> {
      const [row] = await db.select(ROW_COLUMNS).from(registryPersons).where(eq(registryPersons.oldId, oldId)).limit(2);
      return row;
    },

    async size(): Promise<number> {
      const [row] = await db.select({ n: count() }).from(registryPersons);
      return row?.n ?? 0;
    },

    /**
     * The union of the blocking passes, one round trip: each pass is an exact lookup on one B-tree
     * index, capped at PASS_CAP rows, and says which pass found the row (the first one wins).
     */
    async candidates(q: PersonFeatures, passes: readonly string[] = PASS_NAMES): Promise<Array<{ row: MirrorRow; pass: string }>> {
      const selects = BLOCKING_PASSES.filter((p) => passes.includes(p.name))
        .map((pass) => ({ pass, keys: pass.keys(q) }))
        .filter(({ keys }) => keys.length > 0)
        .map(({ pass, keys }) => {
          const columns = sql.join(pass.columns.map((c) => registryPersons[c]), sql`, `);
          const tuples = sql.join(keys.map((k) => sql`(${sql.join(k.map((v) => (typeof v === 'number' ? sql`${v}::integer` : sql`${v}::text`)), sql`, `)})`), sql`, `);
          const where: SQL = pass.columns.length === 1 ? sql`${columns} in (${sql.join(keys.map((k) => sql`${k[0]}::text`), sql`, `)})` : sql`(${columns}) in (${tuples})`;
          return db
            .select({ ...ROW_COLUMNS, pass: sql<string>`${sql.raw(`'${pass.name}'`)}`.as('pass') })
            .from(registryPersons)
            .where(where)
            .limit(PASS_CAP);
        });
      if (!selects.length) return [];
      const [first, second, ...rest] = selects;
      const rows = second ? await unionAll(first!, second, ...rest) : await first!;
      const found = new Map<string, { row: MirrorRow; pass: string }>();
      for (const { pass, ...row } of rows) if (!found.has(row.id)) found.set(row.id, { row, pass });
      return [...found.values()];
    },
  };
}
export type MatchingStore = ReturnType<typeof matchingStore>;
