import { and, asc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { documentContents } from '../documents/documents.tables';
import type { ContentRow } from './contentVault';

/** An advisory lock: ingests hold it shared while their objects have no committed row, gc exclusively while it deletes. */
const CONTENT_GC_LOCK = 0x4d544331;

export async function holdOffContentGc(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${CONTENT_GC_LOCK})`);
}

/** Waits for ingests in flight to commit or roll back, then holds new ones off until the transaction ends. */
export async function excludeIngests(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CONTENT_GC_LOCK})`);
}

/** The queries of moving contents out of their rows and of collecting the store's garbage. */
export function contentsStore(db: Database) {
  return {
    /** Contents whose bytes are still in their database row. */
    async countInRows(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(documentContents).where(isNotNull(documentContents.bytes));
      return row!.n;
    },

    /** The next of those after `after`, in hash order; sizes only, no bytes. */
    async nextInRows(after: string, limit: number): Promise<Array<{ sha256: string; size: number }>> {
      return db
        .select({ sha256: documentContents.sha256, size: documentContents.size })
        .from(documentContents)
        .where(and(gt(documentContents.sha256, after), isNotNull(documentContents.bytes)))
        .orderBy(asc(documentContents.sha256))
        .limit(limit);
    },

    /** Locks these for moving; one another transaction holds (a rotation, another run) is skipped, not waited for. */
    async lockInRows(hashes: string[]): Promise<Array<ContentRow & { sha256: string }>> {
      if (!hashes.length) return [];
      return db
        .select({ sha256: documentContents.sha256, bytes: documentContents.bytes, keyId: documentContents.keyId, dataKey: documentContents.dataKey })
        .from(documentContents)
        .where(and(inArray(documentContents.sha256, hashes), isNotNull(documentContents.bytes)))
        .orderBy(asc(documentContents.sha256))
        .for('update', { skipLocked: true }) as Promise<Array<ContentRow & { sha256: string }>>;
    },

    /** The row now points at its object, sealed under `keyId`. */
    async movedToStore(sha256: string, keyId: string): Promise<void> {
      await db.update(documentContents).set({ bytes: null, dataKey: null, keyId }).where(eq(documentContents.sha256, sha256));
    },

    /** Which of these hashes have a row (in the store or not): an object with one is never garbage. */
    async known(hashes: string[]): Promise<Set<string>> {
      if (!hashes.length) return new Set();
      const rows = await db.select({ sha256: documentContents.sha256 }).from(documentContents).where(inArray(documentContents.sha256, hashes));
      return new Set(rows.map((r) => r.sha256));
    },
  };
}
