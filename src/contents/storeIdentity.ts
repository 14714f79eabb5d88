import { randomUUID } from 'node:crypto';
import { eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { documentContents } from '../documents/documents.tables';
import type { ContentStore } from './contentStore';
import { contentStoreIdentity } from './contents.tables';

export class ContentStoreMismatch extends Error {
  override name = 'ContentStoreMismatch';
}

/** How many contents live in a store rather than in their database row. */
export async function countContentsInStore(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(documentContents).where(isNull(documentContents.bytes));
  return row!.n;
}

/**
 * Binds this database to this store, or refuses: the database records a store id and the store
 * holds the same id in its marker. A store without a marker is adopted only while no content of
 * this database lives in a store (a new deployment); otherwise it is the wrong or a wiped store.
 * Instances starting together agree: the first row inserted wins, and every one writes its id.
 */
export async function bindContentStore(db: Database, store: ContentStore): Promise<string> {
  await db.insert(contentStoreIdentity).values({ id: 1, storeId: randomUUID(), location: store.location }).onConflictDoNothing();
  const [bound] = await db.select().from(contentStoreIdentity).where(eq(contentStoreIdentity.id, 1));
  const marker = await store.readMarker();
  if (marker === bound!.storeId) return marker;
  if (marker !== undefined) {
    throw new ContentStoreMismatch(
      `the content store ${store.location} belongs to another database (store id ${marker}; this database's is ${bound!.storeId}, first bound at ${bound!.location}). Give each database a store of its own.`,
    );
  }
  const inStore = await countContentsInStore(db);
  if (inStore > 0) {
    throw new ContentStoreMismatch(
      `the content store ${store.location} is not this database's: ${inStore} contents live in the store with id ${bound!.storeId} (first bound at ${bound!.location}), and this one carries no id. Point CONTENT_STORE at that store.`,
    );
  }
  await store.writeMarker(bound!.storeId);
  return bound!.storeId;
}

/**
 * Readiness: the store answers and still carries this database's id. A store that answers with
 * another id (or none) was replaced or wiped since start-up: reads would find nothing there.
 */
export async function contentStoreAnswers(db: Database, store: ContentStore): Promise<{ ok: true } | { ok: false; detail: string }> {
  const [[bound], marker] = await Promise.all([db.select({ storeId: contentStoreIdentity.storeId }).from(contentStoreIdentity).where(eq(contentStoreIdentity.id, 1)), store.readMarker()]);
  if (bound && marker === bound.storeId) return { ok: true };
  return { ok: false, detail: `The content store ${store.location} no longer carries this database's store id: it was replaced or wiped.` };
}
