import { and, asc, desc, eq, gte, is, lt, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { arrayLiteral, preparedRows, twoStepTransaction, type Database, type Statement } from '../db/database';
import { groupCommit, type GroupCommit } from '../db/groupCommit';
import { auditChains, auditEntries } from './audit.tables';
import { chainKeyOf, GENESIS_HASH, link, type ChainedEntry, type ChainedFields, type ChainHead } from './chain';

/** What a feature records; the store adds the chain (key, seq, hashes). */
export interface AuditEntry {
  /** Defaults to the store's clock. Stored and hashed at millisecond precision. */
  at?: Date;
  actor: string;
  /** Defaults to the code inside an `agency:<code>/<client>` actor. */
  agencyCode?: string | null;
  officialId?: string | null;
  action: string;
  subjectId?: string | null;
  documentId?: string | null;
  documentType?: string | null;
  purpose?: string | null;
  dossierCode?: string | null;
  decision: 'allow' | 'deny';
  rule: string;
  requestId?: string | null;
}

export type StoredAuditEntry = ChainedEntry & { id: number };

export interface AccessLogFilter {
  agencyCode?: string;
  documentType?: string;
  /** Inclusive lower bound on `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  until?: Date;
  /** Newest first: only entries with a smaller seq. */
  beforeSeq?: number;
  limit: number;
}

/** jsonb_to_recordset takes one parameter whatever the batch size (PGlite fails on long row lists). */
const ENTRY_COLUMNS = `chain_key text, seq bigint, at timestamptz, actor text, agency_code text, official_id text, action text, subject_id uuid,
  document_id uuid, document_type text, purpose text, dossier_code text, decision text, rule text, request_id text, prev_hash text, hash text`;

// appendIn's two statements, as fixed texts prepared once per connection: every request that reads
// personal data appends to the access log. In WRITE_ENTRIES the key list (subject uuids or the system
// chain: no commas) lets the planner use the primary key: it guesses 100 rows for jsonb_to_recordset
// and, while the table is small, scans it whole.
const LOCK_HEADS = `insert into audit_chains (chain_key, seq, last_hash)
  select k, 0, $2 from unnest($1::text[]) with ordinality as t(k, n) order by n
  on conflict (chain_key) do update set seq = audit_chains.seq
  returning chain_key, seq::text as seq, last_hash`;
const WRITE_ENTRIES = `with entries as (
    insert into audit_entries (chain_key, seq, at, actor, agency_code, official_id, action, subject_id, document_id, document_type, purpose, dossier_code, decision, rule, request_id, prev_hash, hash)
    select chain_key, seq, at, actor, agency_code, official_id, action, subject_id, document_id, document_type, purpose, dossier_code, decision, rule, request_id, prev_hash, hash
    from jsonb_to_recordset($1::jsonb) as r(${ENTRY_COLUMNS})
    order by chain_key, seq)
  update audit_chains c set seq = v.seq, last_hash = v.h
  from jsonb_to_recordset($2::jsonb) as v(k text, seq bigint, h text)
  where c.chain_key = v.k and c.chain_key = any(string_to_array($3, ','))`;
/**
 * One chain continued from a head already known, in one autocommit statement: the head moves only if
 * it is still that head (seq and hash), and the entries are inserted only if it moved. A head another
 * writer moved meanwhile leaves the statement writing nothing, and the entries take the locking path.
 */
const APPEND_AT_HEAD = `with head as (
    update audit_chains set seq = $4, last_hash = $5
    where chain_key = $1 and seq = $2 and last_hash = $3
    returning chain_key)
  insert into audit_entries (chain_key, seq, at, actor, agency_code, official_id, action, subject_id, document_id, document_type, purpose, dossier_code, decision, rule, request_id, prev_hash, hash)
  select chain_key, seq, at, actor, agency_code, official_id, action, subject_id, document_id, document_type, purpose, dossier_code, decision, rule, request_id, prev_hash, hash
  from jsonb_to_recordset($6::jsonb) as r(${ENTRY_COLUMNS})
  where exists (select from head)
  order by seq
  returning seq`;

type HeadRow = { chain_key: string; seq: string; last_hash: string };
/** The second statement of an append, and the heads it leaves. */
type HeadsWrite = Statement & { heads: Array<{ k: string; seq: number; h: string }> };

const agencyOfActor = (actor: string): string | null => /^agency:([^/]+)\//.exec(actor)?.[1] ?? null;

/**
 * Appends to the same chains that arrive while a batch commits wait for the next one (groupCommit):
 * under load, a request costs a share of the round trips instead of all of them, and requests stop
 * queueing one by one on a shared chain head (searches that find no one all append to the system
 * chain). Appends are grouped only with appends to the very same chains, so a transaction holding
 * one chain's head never delays an append to another, as without grouping. Per database handle,
 * since a batch takes a connection of its own.
 */
const queues = new WeakMap<Database, Map<string, GroupCommit<AuditEntry[], void>>>();

/**
 * Chain heads this process wrote outside a transaction (appendAlone) or was told of (`append`'s
 * `heads`), per database handle: an append outside a transaction to one chain whose head is known
 * goes out as one statement (APPEND_AT_HEAD) instead of a locking transaction of four statements.
 * Only a hint: the statement checks the head, and a wrong or stale one (moved by a transaction or
 * another process since) costs the locking path, never a fork. Bounded; the oldest are dropped first.
 */
const knownHeads = new WeakMap<Database, Map<string, ChainHead>>();
const KNOWN_HEADS_MAX = 10_000;

function knownHeadsOf(db: Database): Map<string, ChainHead> {
  let known = knownHeads.get(db);
  if (!known) knownHeads.set(db, (known = new Map()));
  return known;
}

function rememberHead(known: Map<string, ChainHead>, chainKey: string, head: ChainHead): void {
  const held = known.get(chainKey);
  if (held && held.seq >= head.seq) return;
  known.delete(chainKey);
  known.set(chainKey, head);
  if (known.size > KNOWN_HEADS_MAX) known.delete(known.keys().next().value!);
}

/** The entries of each chain linked to its head: the rows to insert and the new heads. */
function linkRows(keys: readonly string[], heads: ReadonlyMap<string, ChainHead>, entries: ReadonlyArray<Omit<ChainedFields, 'seq'>>): { json: string; newHeads: HeadsWrite['heads'] } {
  const byChain = new Map<string, Omit<ChainedFields, 'seq'>[]>(keys.map((k) => [k, []]));
  for (const e of entries) {
    const list = byChain.get(e.chainKey);
    if (!list) throw new Error(`An access-log entry on chain ${e.chainKey}, whose head this write neither locked nor knows`);
    list.push(e);
  }
  const rows: ChainedEntry[] = [];
  const newHeads: Array<{ k: string; seq: number; h: string }> = [];
  for (const [key, list] of byChain) {
    if (!list.length) continue;
    const linked = link(heads.get(key)!, list);
    rows.push(...linked.entries);
    newHeads.push({ k: key, seq: linked.head.seq, h: linked.head.lastHash });
  }
  const json = JSON.stringify(
    rows.map((r) => ({
      chain_key: r.chainKey, seq: r.seq, at: r.at.toISOString(), actor: r.actor, agency_code: r.agencyCode, official_id: r.officialId, action: r.action,
      subject_id: r.subjectId, document_id: r.documentId, document_type: r.documentType, purpose: r.purpose, dossier_code: r.dossierCode,
      decision: r.decision, rule: r.rule, request_id: r.requestId, prev_hash: r.prevHash, hash: r.hash,
    })),
  );
  return { json, newHeads };
}

export function auditStore(db: Database, clock: () => Date = () => new Date()) {
  const normalise = (e: AuditEntry): Omit<ChainedFields, 'seq'> => ({
    chainKey: chainKeyOf(e.subjectId),
    at: e.at ?? clock(),
    actor: e.actor,
    agencyCode: e.agencyCode ?? agencyOfActor(e.actor),
    officialId: e.officialId ?? null,
    action: e.action,
    subjectId: e.subjectId ?? null,
    documentId: e.documentId ?? null,
    documentType: e.documentType ?? null,
    purpose: e.purpose ?? null,
    dossierCode: e.dossierCode ?? null,
    decision: e.decision,
    rule: e.rule,
    requestId: e.requestId ?? null,
  });

  /**
   * Locks the heads of the chains touched, continues each, then writes entries and heads: two
   * statements whatever the batch size. Heads are locked by an upsert in sorted key order (the row
   * lock of ON CONFLICT DO UPDATE is that of SELECT … FOR UPDATE, and creates a missing head in the
   * same statement), so two transactions appending to the same chains queue instead of deadlocking,
   * and the second one continues from the first one's head. `lock` is the first statement; `write`
   * makes the second from the heads it returned.
   */
  function appendSteps(entries: AuditEntry[]): { lock: Statement; write: (heads: HeadRow[]) => HeadsWrite } {
    const normalised = entries.map(normalise);
    const steps = chainsOf(normalised.map((e) => e.chainKey));
    return { lock: steps.lock, write: (heads) => steps.write(heads, normalised) };
  }

  /**
   * The lock of these chains' heads, and the write of entries on those chains only (another chain's
   * entry is a bug: its head is not held), with the heads it leaves.
   */
  function chainsOf(chainKeys: string[]): { lock: Statement; write: (heads: HeadRow[], entries: Array<Omit<ChainedFields, 'seq'>>) => HeadsWrite } {
    const keys = [...new Set(chainKeys)].sort();
    const write = (heads: HeadRow[], entries: Array<Omit<ChainedFields, 'seq'>>): HeadsWrite => {
      const headOf = new Map(heads.map((h) => [h.chain_key, { seq: Number(h.seq), lastHash: h.last_hash }]));
      const { json, newHeads } = linkRows(keys, headOf, entries);
      return { text: WRITE_ENTRIES, params: [json, JSON.stringify(newHeads), newHeads.map((h) => h.k).join(',')], heads: newHeads };
    };
    return { lock: { text: LOCK_HEADS, params: [arrayLiteral(keys), GENESIS_HASH] }, write };
  }

  async function appendIn(tx: Database, entries: AuditEntry[]): Promise<void> {
    const { lock, write } = appendSteps(entries);
    const heads = await preparedRows<HeadRow>(tx, lock.text, lock.params);
    const { text, params } = write(heads);
    await preparedRows(tx, text, params);
  }

  /**
   * A group commit's own write. On one chain whose head is known: one statement (APPEND_AT_HEAD).
   * Otherwise, or when that head has moved: a transaction of its own, BEGIN with the head lock, the
   * write with COMMIT (two round trips, not four).
   */
  async function appendAlone(entries: AuditEntry[]): Promise<void> {
    const known = knownHeadsOf(db);
    const normalised = entries.map(normalise);
    const keys = [...new Set(normalised.map((e) => e.chainKey))];
    const head = keys.length === 1 ? known.get(keys[0]!) : undefined;
    if (head) {
      const { json, newHeads } = linkRows(keys, new Map([[keys[0]!, head]]), normalised);
      const next = newHeads[0]!;
      const written = await preparedRows(db, APPEND_AT_HEAD, [next.k, head.seq, head.lastHash, next.seq, next.h, json]);
      if (written.length) return rememberHead(known, next.k, { seq: next.seq, lastHash: next.h });
      // Moved by another writer, or a wrong hint: forgotten, so that the head the lock reads is kept.
      if (known.get(next.k) === head) known.delete(next.k);
    }
    const { lock, write } = chainsOf(keys);
    let moved: HeadsWrite['heads'] = [];
    await twoStepTransaction(db, [lock], ([heads]) => {
      const step = write(heads as HeadRow[], normalised);
      moved = step.heads;
      return [step];
    });
    for (const h of moved) rememberHead(known, h.k, { seq: h.seq, lastHash: h.h });
  }

  return {
    /**
     * For a transaction that sends its own statements (twoStepTransaction) and knows whose chains it
     * will append to before it knows the entries: the head lock of those subjects' chains (null: the
     * system chain), to send with its reads, and the write of the entries, made from the heads.
     */
    appendTo(subjectIds: ReadonlyArray<string | null>) {
      const steps = chainsOf(subjectIds.map(chainKeyOf));
      return { lock: steps.lock, write: (heads: unknown[], entries: AuditEntry[]) => steps.write(heads as HeadRow[], entries.map(normalise)) };
    },

    /**
     * THE write path of the access log. Joins the caller's transaction when given one (so an entry
     * commits with what it records); otherwise it joins the next group commit (above), which writes
     * on one chain whose head is known in one statement, and otherwise locks the heads in a
     * transaction. `heads`: chain heads the caller read with its own statement (a verify, with the
     * subject it appends to), known to it before this process has written to those chains; a hint,
     * checked by the write.
     */
    async append(entries: AuditEntry | AuditEntry[], heads: ReadonlyArray<{ subjectId: string | null; head: ChainHead }> = []): Promise<void> {
      const list = Array.isArray(entries) ? entries : [entries];
      if (!list.length) return;
      if (is(db, PgTransaction)) return appendIn(db, list);
      const known = knownHeadsOf(db);
      for (const h of heads) rememberHead(known, chainKeyOf(h.subjectId), h.head);
      // Stamped now, by this store's clock: the batch may be written by another store's group commit.
      const stamped = list.map((e) => ({ ...e, at: e.at ?? clock() }));
      const chains = [...new Set(stamped.map((e) => chainKeyOf(e.subjectId)))].sort().join(' ');
      const appends = queues.get(db) ?? new Map<string, GroupCommit<AuditEntry[], void>>();
      queues.set(db, appends);
      let queue = appends.get(chains);
      if (!queue) {
        const commit = async (batch: AuditEntry[][]) => {
          await appendAlone(batch.flat());
          return batch.map(() => undefined);
        };
        queue = groupCommit(commit, { onIdle: () => appends.delete(chains) });
        appends.set(chains, queue);
      }
      await queue.submit(stamped);
    },

    /** One subject's entries, newest first. */
    async page(subjectId: string, filter: AccessLogFilter): Promise<StoredAuditEntry[]> {
      const where: SQL[] = [eq(auditEntries.chainKey, chainKeyOf(subjectId))];
      if (filter.agencyCode) where.push(eq(auditEntries.agencyCode, filter.agencyCode));
      if (filter.documentType) where.push(eq(auditEntries.documentType, filter.documentType));
      if (filter.from) where.push(gte(auditEntries.at, filter.from));
      if (filter.until) where.push(lt(auditEntries.at, filter.until));
      if (filter.beforeSeq !== undefined) where.push(lt(auditEntries.seq, filter.beforeSeq));
      const rows = await db.select().from(auditEntries).where(and(...where)).orderBy(desc(auditEntries.seq)).limit(filter.limit);
      return rows as StoredAuditEntry[];
    },

    /** A whole chain in seq order, with its head (undefined when nothing was ever appended). */
    async chain(chainKey: string): Promise<{ entries: StoredAuditEntry[]; head: ChainHead | undefined }> {
      const entries = await db.select().from(auditEntries).where(eq(auditEntries.chainKey, chainKey)).orderBy(asc(auditEntries.seq));
      const [head] = await db.select({ seq: auditChains.seq, lastHash: auditChains.lastHash }).from(auditChains).where(eq(auditChains.chainKey, chainKey));
      return { entries: entries as StoredAuditEntry[], head };
    },
  };
}
export type AuditStore = ReturnType<typeof auditStore>;
