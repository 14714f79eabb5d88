import { createHash } from 'node:crypto';

/**
 * The per-subject hash chain of the access log, pure: no I/O, so the same code hashes on append and
 * recomputes on verification. docs/audit.md states the definition for anyone re-implementing it.
 */

/** The previous hash of an entry with seq 1. */
export const GENESIS_HASH = '0'.repeat(64);
/** Entries without a subject share this chain. */
export const SYSTEM_CHAIN = 'system';
/** First element of the serialisation: a new field means a new version, never a silent change. */
export const CHAIN_VERSION = 'motlan-audit/1';

/** Every field the hash covers; a stored entry has all of them (absent values are null). */
export interface ChainedFields {
  chainKey: string;
  seq: number;
  at: Date;
  actor: string;
  agencyCode: string | null;
  officialId: string | null;
  action: string;
  subjectId: string | null;
  documentId: string | null;
  documentType: string | null;
  purpose: string | null;
  dossierCode: string | null;
  decision: 'allow' | 'deny';
  rule: string;
  requestId: string | null;
}

export interface ChainedEntry extends ChainedFields {
  prevHash: string;
  hash: string;
}

export const chainKeyOf = (subjectId: string | null | undefined): string => subjectId ?? SYSTEM_CHAIN;

/**
 * JSON.stringify of a fixed-order array: version, previous hash, then the fields. JSON string escaping
 * is fully specified (ECMA-262 QuoteJSONString), `at` is ISO 8601 UTC with milliseconds, seq an integer.
 */
export function canonicalEntry(prevHash: string, e: ChainedFields): string {
  return JSON.stringify([
    CHAIN_VERSION,
    prevHash,
    e.chainKey,
    e.seq,
    e.at.toISOString(),
    e.actor,
    e.agencyCode,
    e.officialId,
    e.action,
    e.subjectId,
    e.documentId,
    e.documentType,
    e.purpose,
    e.dossierCode,
    e.decision,
    e.rule,
    e.requestId,
  ]);
}

/** Lower-case hex SHA-256 of the UTF-8 bytes of canonicalEntry(prevHash, entry). */
export function entryHash(prevHash: string, e: ChainedFields): string {
  return createHash('sha256').update(canonicalEntry(prevHash, e), 'utf8').digest('hex');
}

export interface ChainHead {
  seq: number;
  lastHash: string;
}

/** Continues a chain from its head: seq head+1…, each linked to the one before. */
export function link(head: ChainHead, entries: Omit<ChainedFields, 'seq'>[]): { entries: ChainedEntry[]; head: ChainHead } {
  let { seq, lastHash } = head;
  const linked = entries.map((e): ChainedEntry => {
    seq += 1;
    const fields = { ...e, seq };
    const hash = entryHash(lastHash, fields);
    const entry = { ...fields, prevHash: lastHash, hash };
    lastHash = hash;
    return entry;
  });
  return { entries: linked, head: { seq, lastHash } };
}

export type BrokenReason = 'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch';

export interface Verification {
  valid: boolean;
  entries: number;
  firstBrokenSeq?: number;
  reason?: BrokenReason;
}

/**
 * Walks the entries in the order given (the store reads them by seq) and reports the first link that
 * fails: a seq that is not the next one (an entry removed, or rows reordered), a prev_hash that is
 * not the previous entry's hash, or a hash that does not recompute (a field altered). With the chain's
 * head, a removed tail shows too: the head remembers a later seq or another last hash.
 */
export function verifyChain(entries: readonly ChainedEntry[], head?: ChainHead): Verification {
  let prev = GENESIS_HASH;
  for (const [i, e] of entries.entries()) {
    const expected = i + 1;
    const broken = (reason: BrokenReason): Verification => ({ valid: false, entries: entries.length, firstBrokenSeq: Math.min(e.seq, expected), reason });
    if (e.seq !== expected) return broken('seq-gap');
    if (e.prevHash !== prev) return broken('prev-hash-mismatch');
    if (entryHash(e.prevHash, e) !== e.hash) return broken('hash-mismatch');
    prev = e.hash;
  }
  if (head && (head.seq !== entries.length || head.lastHash !== prev)) {
    return { valid: false, entries: entries.length, firstBrokenSeq: entries.length + 1, reason: 'head-mismatch' };
  }
  return { valid: true, entries: entries.length };
}
