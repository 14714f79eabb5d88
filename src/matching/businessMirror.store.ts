import { count, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Enterprise } from '../connectors';
import type { Database } from '../db/database';
import { BUSINESS_PASSES, KEY_CAP, RETRIEVED, rowKeys, type BusinessBlockingResult, type BusinessQuery } from './businessBlocking';
import { registryBusinesses, registryBusinessKeys } from './businessMirror.tables';
import { businessMirrorRowsOf, type BusinessMirrorRow } from './businessMirrorRow';

const { loadedAt: _loadedAt, ...ROW_COLUMNS } = getTableColumns(registryBusinesses);
const UPDATABLE = Object.keys(ROW_COLUMNS).filter((c) => c !== 'code') as Array<keyof typeof ROW_COLUMNS>;
// 2 bind parameters a key row: well under PostgreSQL's 65,535 per statement.
const KEY_ROWS_PER_INSERT = 10_000;

/** postgres.js returns the rows, PGlite an object holding them. */
async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

export function businessMirrorStore(db: Database) {
  return {
    /**
     * Inserts or refreshes enterprises with their branches and blocking keys, in one transaction: a
     * branch the register no longer lists leaves the mirror, so loading the same file twice changes nothing.
     */
    async upsert(batch: readonly Enterprise[]): Promise<number> {
      // One statement cannot update a row twice: an enterprise listed twice keeps its last line.
      const enterprises = [...new Map(batch.map((e) => [e.code, e])).values()];
      if (!enterprises.length) return 0;
      const rows = enterprises.flatMap(businessMirrorRowsOf);
      const codes = rows.map((r) => r.code);
      const parents = enterprises.map((e) => e.code);
      await db.transaction(async (tx) => {
        const units = sql`select code from ${registryBusinesses} where ${inArray(registryBusinesses.enterpriseCode, parents)}`;
        await tx.execute(sql`delete from ${registryBusinessKeys} where ${registryBusinessKeys.code} in (${units}) or ${inArray(registryBusinessKeys.code, codes)}`);
        await tx.execute(sql`delete from ${registryBusinesses} where ${inArray(registryBusinesses.enterpriseCode, parents)} and not ${inArray(registryBusinesses.code, codes)}`);
        await tx
          .insert(registryBusinesses)
          .values(rows)
          .onConflictDoUpdate({
            target: registryBusinesses.code,
            set: { ...Object.fromEntries(UPDATABLE.map((c) => [c, sql.raw(`excluded.${ROW_COLUMNS[c].name}`)])), loadedAt: sql`now()` },
          });
        const keys = rows.flatMap((r) => rowKeys(r).map((key) => ({ key, code: r.code })));
        for (let i = 0; i < keys.length; i += KEY_ROWS_PER_INSERT) {
          await tx.insert(registryBusinessKeys).values(keys.slice(i, i + KEY_ROWS_PER_INSERT)).onConflictDoNothing();
        }
      });
      return rows.length;
    },

    /** The enterprise's own row and its branches' rows. */
    async findEnterpriseRows(enterpriseCode: string): Promise<BusinessMirrorRow[]> {
      return db.select(ROW_COLUMNS).from(registryBusinesses).where(eq(registryBusinesses.enterpriseCode, enterpriseCode));
    },

    /** Mirror rows: enterprises and branches. */
    async size(): Promise<number> {
      const [row] = await db.select({ n: count() }).from(registryBusinesses);
      return row?.n ?? 0;
    },

    /**
     * The union of the blocking passes: each key an equality lookup on a B-tree, capped at KEY_CAP
     * rows; the rows' pass weights are summed and the RETRIEVED best kept (memoryBusinessIndex does
     * the same in memory). Two round trips: the ranked codes, then their rows.
     */
    async candidates(q: BusinessQuery): Promise<BusinessBlockingResult> {
      const selects: SQL[] = [];
      BUSINESS_PASSES.forEach((pass, i) => {
        const keys = pass.keys(q);
        if (!keys.length) return;
        const tag = sql`${sql.raw(String(i))}::int as pass, ${sql.raw(String(pass.weight))}::int as weight`;
        if (pass.target === 'code') {
          selects.push(sql`(select code, ${tag} from ${registryBusinesses} where ${inArray(registryBusinesses.code, keys)})`);
          return;
        }
        for (const key of keys) {
          selects.push(
            pass.target === 'enterpriseCode'
              ? sql`(select code, ${tag} from ${registryBusinesses} where enterprise_code = ${key} order by code collate "C" limit ${sql.raw(String(KEY_CAP))})`
              : sql`(select code, ${tag} from ${registryBusinessKeys} where key = ${key} order by code collate "C" limit ${sql.raw(String(KEY_CAP))})`,
          );
        }
      });
      if (!selects.length) return { candidates: [], found: 0 };
      const ranked = await rowsOf<{ code: string; pass: number; found: number | string }>(
        db,
        sql`select code, min(pass) as pass, count(*) over () as found
            from (${sql.join(selects, sql` union all `)}) hits
            group by code
            order by sum(weight) desc, min(pass), code collate "C"
            limit ${sql.raw(String(RETRIEVED))}`,
      );
      if (!ranked.length) return { candidates: [], found: 0 };
      const rows = await db.select(ROW_COLUMNS).from(registryBusinesses).where(inArray(registryBusinesses.code, ranked.map((r) => r.code)));
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return {
        candidates: ranked.filter((r) => byCode.has(r.code)).map((r) => ({ row: byCode.get(r.code)!, pass: BUSINESS_PASSES[Number(r.pass)]!.name })),
        found: Number(ranked[0]!.found),
      };
    },
  };
}
export type BusinessMirrorStore = ReturnType<typeof businessMirrorStore>;
