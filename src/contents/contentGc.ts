import type { Database } from '../db/database';
import type { ContentStore, StoredObject } from './contentStore';
import { contentsStore, excludeIngests } from './contents.store';

export interface GcProgress {
  /** Objects listed so far. */
  scanned: number;
  /** Of those, objects no content row refers to and old enough to go. */
  garbage: number;
  deleted: number;
}

export interface GcResult extends GcProgress {
  /** Up to 1,000 of the garbage hashes, for a dry run to show. */
  sample: string[];
}

export interface GcOptions {
  db: Database;
  store: ContentStore;
  /** Objects younger than this are left, whatever the rows say (default one hour). */
  minAgeMs?: number;
  dryRun?: boolean;
  now?: () => Date;
  onProgress?: (progress: GcProgress) => void;
}

const PAGE = 500;

/**
 * Deletes the store's objects that no document_contents row refers to: left by ingests that
 * rolled back, or by a store written and then abandoned. A row is never left without its object:
 * each page is re-checked, and deleted, while ingests are held off (contents.store.ts), and young
 * objects are left alone in any case.
 */
export async function collectContentGarbage(options: GcOptions): Promise<GcResult> {
  const { db, store } = options;
  const minAgeMs = options.minAgeMs ?? 3_600_000;
  const cutoff = (options.now ?? (() => new Date()))().getTime() - minAgeMs;
  const progress: GcProgress = { scanned: 0, garbage: 0, deleted: 0 };
  const sample: string[] = [];

  const sweep = async (page: StoredObject[]) => {
    const old = page.filter((o) => o.modifiedAt.getTime() <= cutoff).map((o) => o.sha256);
    if (!old.length) return;
    if (options.dryRun) {
      const known = await contentsStore(db).known(old);
      record(old.filter((h) => !known.has(h)));
      return;
    }
    await db.transaction(async (tx) => {
      await excludeIngests(tx);
      const known = await contentsStore(tx).known(old);
      const garbage = old.filter((h) => !known.has(h));
      record(garbage);
      for (const sha256 of garbage) {
        await store.delete(sha256);
        progress.deleted++;
      }
    });
  };
  const record = (garbage: string[]) => {
    progress.garbage += garbage.length;
    sample.push(...garbage.slice(0, Math.max(0, 1000 - sample.length)));
  };

  let page: StoredObject[] = [];
  for await (const object of store.list()) {
    page.push(object);
    progress.scanned++;
    if (page.length === PAGE) {
      await sweep(page);
      page = [];
      options.onProgress?.({ ...progress });
    }
  }
  await sweep(page);
  options.onProgress?.({ ...progress });
  return { ...progress, sample };
}
