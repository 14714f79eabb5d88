import type { Database } from '../db/database';
import { Problem } from '../http/problem';
import { sha256Hex } from './canonical';
import type { ContentCipher } from './contentCipher';
import { documentStore } from './documents.store';
import type { ContentStore } from '../contents/contentStore';
import { sweepContents, type SweepOptions } from '../contents/contentSweep';
import { contentVault, type ContentRow, type ContentVault } from '../contents/contentVault';

export interface RotationProgress {
  /** Contents not under the active key when the run began. */
  total: number;
  /** Re-encrypted so far in this run. */
  done: number;
}

export interface RotationResult extends RotationProgress {
  /** Contents still not under the active key when the run ended (0 when finished). */
  remaining: number;
  /** Hashes whose stored bytes did not open to that hash: left as they are, for an operator to look at. */
  unreadable: string[];
  stopped: boolean;
}

export interface RotationOptions extends SweepOptions {
  db: Database;
  cipher: ContentCipher;
  /** Where contents moved out of their rows live (CONTENT_STORE): their objects are sealed anew too. */
  contentStore?: ContentStore;
  onProgress?: (progress: RotationProgress) => void;
}

/**
 * Re-encrypts, under the active key and with a fresh data key each, every content stored under
 * another key or in plaintext. Each batch commits on its own and what is done is no longer
 * selected, so a run that stops (aborted, killed, crashed) resumes by being started again; rows
 * another run holds are skipped, so two runs side by side do not collide.
 */
export async function rotateContents(options: RotationOptions): Promise<RotationResult> {
  const { db, cipher } = options;
  const active = cipher.activeKeyId;
  const store = documentStore(db);
  const vault = contentVault({ cipher, store: options.contentStore });
  const total = await store.countContentsNotUnder(active);
  const progress = { total, done: 0 };
  const unreadable: string[] = [];
  options.onProgress?.({ ...progress });
  const { stopped } = await sweepContents(db, options, {
    candidates: (after, limit) => store.contentsNotUnder(active, after, limit),
    batch: async (tx, hashes) => {
      const s = documentStore(tx);
      let rewritten = 0;
      for (const row of await s.lockContents(hashes, active)) {
        const plaintext = await openChecked(vault, row);
        if (!plaintext) {
          unreadable.push(row.sha256);
          continue;
        }
        // A row stays where it is: sealed in the row, or (its object replaced whole) in the store.
        await s.rewriteContent(row.sha256, row.bytes === null ? await vault.place(row.sha256, plaintext) : cipher.seal(row.sha256, plaintext));
        rewritten++;
      }
      return rewritten;
    },
    committed: (rewritten) => {
      progress.done += rewritten;
      options.onProgress?.({ ...progress });
    },
  });
  return { ...progress, remaining: await store.countContentsNotUnder(active), unreadable, stopped };
}

/**
 * The plaintext, only if it is what its hash says; a missing key or an unreachable store stops the
 * run (they are configuration or outage, not data), a missing object does not.
 */
async function openChecked(vault: ContentVault, row: ContentRow & { sha256: string }): Promise<Buffer | undefined> {
  try {
    const plaintext = await vault.open(row.sha256, row);
    return sha256Hex(plaintext) === row.sha256 ? plaintext : undefined;
  } catch (error) {
    if (error instanceof Problem && error.slug !== 'content-unavailable') throw error;
    return undefined;
  }
}
