import { count, eq, getTableColumns, sql } from 'drizzle-orm';
import type { ChainHead } from '../audit/chain';
import { arrayLiteral, preparedRows, type Database } from '../db/database';
import { BLOCKING_PASSES, firstPasses, PASS_CAP } from './blocking';
import { registryPersons } from './matching.tables';
import { BLOCKING_ONLY_COLUMNS, type MirrorRow, type ScoredRow } from './mirrorRow';
import type { PersonFeatures } from './personFeatures';

const { loadedAt: _loadedAt, ...ROW_COLUMNS } = getTableColumns(registryPersons);
const UPDATABLE = Object.keys(ROW_COLUMNS).filter((c) => c !== 'id') as Array<keyof typeof ROW_COLUMNS>;

// Rows come back from the driver under their MirrorRow names: a block can hold hundreds of rows,
// and mapping them through the query builder cost more than the lookups themselves. Only the
// columns scoring reads (ScoredRow): parsing each row's columns is most of a verify's reading.
const SCORED_COLUMNS = Object.entries(ROW_COLUMNS).filter(([key]) => !(BLOCKING_ONLY_COLUMNS as readonly string[]).includes(key));
const SELECT_LIST = SCORED_COLUMNS.map(([key, column]) => `r.${column.name} as "${key}"`).join(', ');

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

// The citizen subject holding an ID (the parameter numbered `n`), with its access-log chain's head (null without a chain).
const subjectWithHead = (n: number) => `from subjects s left join audit_chains h on h.chain_key = s.id::text
  where s.kind = 'citizen' and s.national_id = $${n}`;

/**
 * A verify's reads in one statement: the blocking passes (the `id` pass reads the claimed record)
 * and the citizen subject holding the claimed ID, whose access-log chain the verify appends to, as
 * one more row (pass "subject") rather than columns of every row: its id, and its chain's head (seq
 * and last hash, in the name and date columns; null without a chain), so that the append can
 * continue the chain in one statement.
 */
const SUBJECT_ROW: Partial<Record<(typeof SCORED_COLUMNS)[number][0], string>> = { id: 's.id::text', fullName: 'h.seq::text', birthDate: 'h.last_hash' };
const VERIFY_SQL = `${BLOCKING_SQL} union all (select ${SCORED_COLUMNS.map(([key]) => `${SUBJECT_ROW[key] ?? 'null'} as "${key}"`).join(', ')}, 'subject' as "pass"
  ${subjectWithHead(BLOCKING_PASSES.flatMap((p) => p.columns).length + 1)})`;
const SUBJECT_WITH_HEAD = `select s.id::text as "id", h.seq::text as "seq", h.last_hash as "lastHash" ${subjectWithHead(1)}`;

/** A subject an identity check logs on, and its chain's head when it has one (VerifyReads). */
export interface LoggedSubject {
  id: string | null;
  head: ChainHead | null;
}

export interface VerifyReads {
  /** The claimed ID's mirror row. */
  record: ScoredRow | undefined;
  /** What the namesake passes found, the record included when they found it too. */
  others: Array<{ row: ScoredRow; pass: string }>;
  /** The subject Motlan holds under `subjectOf` (id null if none), and its chain's head: the verify's log entry continues it. */
  subject: LoggedSubject;
}

/**
 * Each row once, with the first pass that found it. The rows keep the statement's `pass` column:
 * a verify reads a hundred rows, and copying each without it cost as much as parsing it.
 */
function firstPassOfEachRow(rows: ReadonlyArray<ScoredRow & { pass: string }>): Array<{ row: ScoredRow; pass: string }> {
  const found = new Map<string, { row: ScoredRow; pass: string }>();
  for (const row of rows) if (!found.has(row.id)) found.set(row.id, { row, pass: row.pass });
  return [...found.values()];
}

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
    async candidates(q: PersonFeatures, passes: readonly string[] = firstPasses(q)): Promise<Array<{ row: ScoredRow; pass: string }>> {
      const keys = BLOCKING_PASSES.map((pass) => (passes.includes(pass.name) ? pass.keys(q) : []));
      if (keys.every((k) => k.length === 0)) return [];
      return firstPassOfEachRow(await preparedRows<ScoredRow & { pass: string }>(db, BLOCKING_SQL, blockingParams(keys)));
    },

    /**
     * verify's reads, one round trip: the mirror row of `id` (null: not wanted), the namesakes the
     * passes find for `q`, and the subject holding `subjectOf` (null: not wanted).
     */
    async verifyReads({ id, subjectOf }: { id: string | null; subjectOf: string | null }, q: PersonFeatures, passes: readonly string[]): Promise<VerifyReads> {
      const keys = BLOCKING_PASSES.map((pass) => (pass.name === 'id' ? (id ? [[id]] : []) : passes.includes(pass.name) ? pass.keys(q) : []));
      const rows = await preparedRows<ScoredRow & { pass: string }>(db, VERIFY_SQL, [...blockingParams(keys), subjectOf]);
      let record: ScoredRow | undefined;
      let subject: LoggedSubject = { id: null, head: null };
      const found: Array<ScoredRow & { pass: string }> = [];
      for (const row of rows) {
        if (row.pass === 'id') record = row;
        else if (row.pass === 'subject') subject = { id: row.id, head: row.fullName === null ? null : { seq: Number(row.fullName), lastHash: row.birthDate } };
        else found.push(row);
      }
      return { record, others: firstPassOfEachRow(found), subject };
    },

    /** The citizen subject holding `nationalId`, with its chain's head. */
    async subjectOf(nationalId: string): Promise<LoggedSubject> {
      const [row] = await preparedRows<{ id: string; seq: string | null; lastHash: string | null }>(db, SUBJECT_WITH_HEAD, [nationalId]);
      return { id: row?.id ?? null, head: row?.seq == null ? null : { seq: Number(row.seq), lastHash: row.lastHash! } };
    },
  };
}
export type MatchingStore = ReturnType<typeof matchingStore>;
