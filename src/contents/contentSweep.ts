import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/database';

export interface SweepOptions {
  /** Plaintext bytes per transaction; a content larger than this goes alone. */
  batchBytes?: number;
  /** A pause between batches, so live requests keep the database. */
  pauseMs?: number;
  /** Aborting ends the run after the batch in flight commits. */
  signal?: AbortSignal;
}

const CANDIDATES_PER_QUERY = 200;

/**
 * The loop of the jobs that rework stored contents (contents:migrate, keys:rotate): candidates in
 * hash order after the last batch, batches bounded by bytes (a content runs up to 10 MB and a batch
 * is held in memory), each in a transaction of its own. What a batch did is no longer a candidate,
 * so a run that stops anywhere resumes by being started again. Returns whether it was aborted.
 */
export async function sweepContents<T>(
  db: Database,
  options: SweepOptions,
  job: {
    candidates: (after: string, limit: number) => Promise<Array<{ sha256: string; size: number }>>;
    batch: (tx: Database, hashes: string[]) => Promise<T>;
    /** After each batch commits. */
    committed: (result: T) => void;
  },
): Promise<{ stopped: boolean }> {
  const batchBytes = options.batchBytes ?? 32 * 1024 * 1024;
  let after = '';
  while (!options.signal?.aborted) {
    const candidates = await job.candidates(after, CANDIDATES_PER_QUERY);
    if (!candidates.length) break;
    const hashes: string[] = [];
    let bytes = 0;
    for (const c of candidates) {
      if (hashes.length && bytes + c.size > batchBytes) break;
      hashes.push(c.sha256);
      bytes += c.size;
    }
    job.committed(await db.transaction((tx) => job.batch(tx, hashes)));
    after = hashes[hashes.length - 1]!;
    if (options.pauseMs) await sleep(options.pauseMs);
  }
  return { stopped: Boolean(options.signal?.aborted) };
}
