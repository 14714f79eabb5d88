import type { Database } from '../db/database';
import type { ContentCipher } from '../documents/contentCipher';
import { sha256Hex } from '../documents/canonical';
import { Problem } from '../http/problem';
import type { ContentStore } from './contentStore';
import { sweepContents, type SweepOptions } from './contentSweep';
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

export interface MigrationOptions extends SweepOptions {
  db: Database;
  cipher: ContentCipher;
  store: ContentStore;
  onProgress?: (progress: MigrationProgress) => void;
}

/**
 * Moves every content still held in its database row into the content store, sealed under the
 * active key (plaintext rows from before encryption at rest included). Per content: its object is
 * written first, then its row loses its bytes in the batch's transaction, so a run that stops
 * anywhere leaves every row readable (at worst an object without a row change: written again on
 * the next run). Resumed by starting it again; rows another run or a rotation holds are skipped.
 */
export async function migrateContents(options: MigrationOptions): Promise<MigrationResult> {
  const { db, cipher, store } = options;
  const vault = contentVault({ cipher, store });
  const total = await contentsStore(db).countInRows();
  const progress: MigrationProgress = { total, done: 0, bytes: 0 };
  const unreadable: string[] = [];
  options.onProgress?.({ ...progress });
  const { stopped } = await sweepContents(db, options, {
    candidates: (after, limit) => contentsStore(db).nextInRows(after, limit),
    batch: async (tx, hashes) => {
      const s = contentsStore(tx);
      let count = 0;
      let size = 0;
      for (const row of await s.lockInRows(hashes)) {
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
    },
    committed: (moved) => {
      progress.done += moved.count;
      progress.bytes += moved.size;
      options.onProgress?.({ ...progress });
    },
  });
  return { ...progress, remaining: await contentsStore(db).countInRows(), unreadable, stopped };
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
