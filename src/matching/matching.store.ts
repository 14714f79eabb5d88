import { count, eq, getTableColumns, sql } from 'drizzle-orm';
import { arrayLiteral, preparedRows, type Database } from '../db/database';
import { BLOCKING_PASSES, firstPasses, PASS_CAP } from './blocking';
import { registryPersons } from './matching.tables';
import type { MirrorRow } from './mirrorRow';
import type { PersonFeatures } from './personFeatures';

const { loadedAt: _loadedAt, ...ROW_COLUMNS } = getTableColumns(registryPersons);
const UPDATABLE = Object.keys(ROW_COLUMNS).filter((c) => c !== 'id') as Array<keyof typeof ROW_COLUMNS>;

// Rows come back from the driver under their MirrorRow names: a block can hold hundreds of rows,
// and mapping them through the query builder cost more than the lookups themselves.
const SELECT_LIST = Object.entries(ROW_COLUMNS)
  .map(([key, column]) => `r.${column.name} as "${key}"`)
  .join(', ');

/**
 * One statement text for every query, prepared once: each pass joins its index to the key tuples
 * it is given as parallel arrays, one parameter a column (an empty array: the pass returns nothing).
 */
const BLOCKING_SQL = (() => {
  let n = 0;
  return BLOCKING_PASSES.map((pass) => {
    const names = pass.columns.map((c) => ROW_COLUMNS[c].name);
    const arrays = pass.columns.map((c) => `$${++n}::${ROW_COLUMNS[c].dataType === 'number' ? 'integer' : 'text'}[]`);
    const on = names.map((c) => `r.${c} = k.${c}`).join(' and ');
    return `(select ${SELECT_LIST}, '${pass.name}' as "pass" from registry_persons r join unnest(${arrays.join(', ')}) as k(${names.join(', ')}) on ${on} limit ${PASS_CAP})`;
  }).join(' union all ');
})();

function blockingParams(keys: readonly (readonly (string | number)[])[][]): string[] {
  return BLOCKING_PASSES.flatMap((pass, i) => pass.columns.map((_, j) => arrayLiteral(keys[i]!.map((t) => t[j]!))));
}

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
    async candidates(q: PersonFeatures, passes: readonly string[] = firstPasses(q)): Promise<Array<{ row: MirrorRow; pass: string }>> {
      const keys = BLOCKING_PASSES.map((pass) => (passes.includes(pass.name) ? pass.keys(q) : []));
      if (keys.every((k) => k.length === 0)) return [];
      const rows = await preparedRows<MirrorRow & { pass: string }>(db, BLOCKING_SQL, blockingParams(keys));
      const found = new Map<string, { row: MirrorRow; pass: string }>();
      for (const { pass, ...row } of rows) if (!found.has(row.id)) found.set(row.id, { row, pass });
      return [...found.values()];
    },
  };
}
export type MatchingStore = ReturnType<typeof matchingStore>;
