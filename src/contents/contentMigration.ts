import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/database';
import type { ContentCipher } from '../documents/contentCipher';
import { sha256Hex } from '../documents/canonical';
import { Problem } from '../http/problem';
import type { ContentStore } from './contentStore';
import { contentsStore } from './contents.store';
import { contentVault } from './contentVault';

export interface MigrationProgress {
  /** Contents in database rows when the run began. */
  total: number;
  /** Moved to the store so far in this run. */
  done: number;
  /** Plaintext bytes moved so far in this run. */
  bytes: number;
}

export interface MigrationResult extends MigrationProgress {
  /** Contents still in database rows when the run ended (0 when finished). */
  remaining: number;
  /** Hashes whose row did not open to that hash: left in their rows, for an operator to look at. */
  unreadable: string[];
  stopped: boolean;
}

export interface MigrationOptions {
  db: Database;
  cipher: ContentCipher;
  store: ContentStore;
  /** Plaintext bytes per transaction; a content larger than this goes alone. */
  batchBytes?: number;
  /** A pause between batches, so live requests keep the database. */
  pauseMs?: number;
  /** Aborting ends the run after the batch in flight commits. */
  signal?: AbortSignal;
  onProgress?: (progress: MigrationProgress) => void;
}

const CANDIDATES_PER_QUERY = 200;

/**
 * Moves every content still held in its database row into the content store, sealed under the
 * active key (plaintext rows from before encryption at rest included). Per content: its object is
 * written first, then its row loses its bytes in the batch's transaction, so a run that stops
 * anywhere leaves every row readable (at worst an object without a row change: written again on
 * the next run). Resumed by starting it again; rows another run or a rotation holds are skipped.
 */
export async function migrateContents(options: MigrationOptions): Promise<MigrationResult> {
  const { db, cipher, store } = options;
  const batchBytes = options.batchBytes ?? 32 * 1024 * 1024;
  const vault = contentVault({ cipher, store });
  const total = await contentsStore(db).countInRows();
  const progress: MigrationProgress = { total, done: 0, bytes: 0 };
  const unreadable: string[] = [];
  options.onProgress?.({ ...progress });
  let after = '';
  while (!options.signal?.aborted) {
    const candidates = await contentsStore(db).nextInRows(after, CANDIDATES_PER_QUERY);
    if (!candidates.length) break;
    // Bounded by bytes, not rows: a content runs up to 10 MB and a batch is held in memory.
    const batch: string[] = [];
    let bytes = 0;
    for (const c of candidates) {
      if (batch.length && bytes + c.size > batchBytes) break;
      batch.push(c.sha256);
      bytes += c.size;
    }
    const moved = await db.transaction(async (tx) => {
      const s = contentsStore(tx);
      let count = 0;
      let size = 0;
      for (const row of await s.lockInRows(batch)) {
        const plaintext = await openChecked(cipher, row);
        if (!plaintext) {
          unreadable.push(row.sha256);
          continue;
        }
        const placed = await vault.place(row.sha256, plaintext);
        await s.movedToStore(row.sha256, placed.keyId);
        count++;
        size += plaintext.length;
      }
      return { count, size };
    });
    progress.done += moved.count;
    progress.bytes += moved.size;
    after = batch[batch.length - 1]!;
    options.onProgress?.({ ...progress });
    if (options.pauseMs) await sleep(options.pauseMs);
  }
  return { ...progress, remaining: await contentsStore(db).countInRows(), unreadable, stopped: Boolean(options.signal?.aborted) };
}

async function openChecked(cipher: ContentCipher, row: { sha256: string; bytes: Buffer | null; keyId: string | null; dataKey: Buffer | null }): Promise<Buffer | undefined> {
  try {
    const plaintext = cipher.open(row.sha256, { bytes: row.bytes!, keyId: row.keyId, dataKey: row.dataKey });
    return sha256Hex(plaintext) === row.sha256 ? plaintext : undefined;
  } catch (error) {
    // A key missing from CONTENT_KEYS is configuration, not data: stop.
    if (error instanceof Problem) throw error;
    return undefined;
  }
}
