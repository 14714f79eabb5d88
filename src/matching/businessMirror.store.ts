import { count, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Enterprise } from '../connectors';
import { arrayLiteral, preparedRows, type Database } from '../db/database';
import { BUSINESS_PASSES, cutByName, KEY_CAP, PRE_RANKED, rowKeys, type BusinessBlockingResult, type BusinessQuery, type PreRanked } from './businessBlocking';
import { registryBusinesses, registryBusinessKeys } from './businessMirror.tables';
import { businessMirrorRowsOf, type BusinessMirrorRow } from './businessMirrorRow';

const { loadedAt: _loadedAt, ...ROW_COLUMNS } = getTableColumns(registryBusinesses);
const UPDATABLE = Object.keys(ROW_COLUMNS).filter((c) => c !== 'code') as Array<keyof typeof ROW_COLUMNS>;
// 2 bind parameters a key row: well under PostgreSQL's 65,535 per statement.
const KEY_ROWS_PER_INSERT = 10_000;

/**
 * One statement text for every search, prepared once: each pass joins its keys (an array parameter,
 * with the key group of each) to its B-tree, each key capped at KEY_CAP rows in code order; a pass
 * with `unlessFoundBy` runs only when none of that pass's keys is registered; a key group counts
 * once per row; the PRE_RANKED best rows by summed weight come back with their stored name words.
 * An empty array: the pass finds nothing.
 */
const BLOCKING_SQL = (() => {
  const keysParam = (passName: string) => `$${2 * BUSINESS_PASSES.findIndex((p) => p.name === passName) + 1}::text[]`;
  const lookups = BUSINESS_PASSES.map((pass, i) => {
    const unless = pass.unlessFoundBy ? ` where not exists (select 1 from registry_business_keys where key = any(${keysParam(pass.unlessFoundBy)}))` : '';
    const keys = `unnest($${2 * i + 1}::text[], $${2 * i + 2}::int[]) as q(key, grp)`;
    const tag = `${i} as pass, q.grp, ${pass.weight} as weight`;
    if (pass.target === 'code') return `select b.code, ${tag} from ${keys} join registry_businesses b on b.code = q.key${unless}`;
    const [table, column] = pass.target === 'enterpriseCode' ? ['registry_businesses', 'enterprise_code'] : ['registry_business_keys', 'key'];
    // `order by code` in the column's own collation, so the B-tree hands over the first KEY_CAP rows
    // and stops (with collate "C" it read and sorted the whole block: thousands of rows for a
    // common brand). Codes are 10 digits or 10 digits, a hyphen and 3 digits: two codes differing
    // in their first ten characters differ in a digit, and an enterprise's own codes share them, so
    // every collation orders codes as "C" and JS do.
    return `select h.code, ${tag} from ${keys} cross join lateral (select code from ${table} where ${column} = q.key order by code limit ${KEY_CAP}) h${unless}`;
  });
  return `with hits as (${lookups.join(' union all ')}),
    ranked as (
      select code, min(pass)::int as pass, sum(weight)::int as weight, (count(*) over ())::int as found
      from (select distinct code, pass, grp, weight from hits) once
      group by code
      order by sum(weight) desc, min(pass), code collate "C"
      limit ${PRE_RANKED})
    select r.code, r.pass, r.weight, r.found, b.name_tokens as "nameTokens" from ranked r join registry_businesses b on b.code = r.code`;
})();

function blockingParams(groups: readonly (readonly string[][])[]): string[] {
  return groups.flatMap((passGroups) => {
    const keys = passGroups.flatMap((g) => g);
    const numbers = passGroups.flatMap((g, n) => g.map(() => n));
    return [arrayLiteral(keys), arrayLiteral(numbers)];
  });
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
     * The union of the blocking passes, as memoryBusinessIndex does it in memory: each key an
     * equality lookup on a B-tree, capped at KEY_CAP rows; per row the pass weights summed (a key
     * group once) and the PRE_RANKED best kept with their stored name words; then the cut on name
     * similarity in JS, and the RETRIEVED rows fetched. Two round trips.
     */
    async candidates(q: BusinessQuery): Promise<BusinessBlockingResult> {
      const groups = BUSINESS_PASSES.map((pass) => pass.keys(q));
      if (groups.every((g) => g.length === 0)) return { candidates: [], found: 0 };
      const hits = await preparedRows<PreRanked & { found: number; nameTokens: string }>(db, BLOCKING_SQL, blockingParams(groups));
      if (!hits.length) return { candidates: [], found: 0 };
      const tokens = new Map(hits.map((h) => [h.code, h.nameTokens]));
      const cut = cutByName(q, hits, (code) => tokens.get(code) ?? '');
      const rows = await db.select(ROW_COLUMNS).from(registryBusinesses).where(inArray(registryBusinesses.code, cut.map((r) => r.code)));
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return {
        candidates: cut.filter((r) => byCode.has(r.code)).map((r) => ({ row: byCode.get(r.code)!, pass: r.pass })),
        found: hits[0]!.found,
      };
    },
  };
}
export type BusinessMirrorStore = ReturnType<typeof businessMirrorStore>;
