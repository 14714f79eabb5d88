import type { ContentStore } from './contentStore';
import type { ContentStoreSettings } from './contentStoreSettings';
import { directoryStore } from './directoryStore';
import { s3Store } from './s3Store';

import type { Database } from '../db/database';
import { bindContentStore, ContentStoreMismatch, countContentsInStore } from './storeIdentity';

export { bindContentStore, ContentStoreMismatch, contentStoreAnswers, countContentsInStore } from './storeIdentity';
export type { ContentStore } from './contentStore';

/** The configured store; undefined for CONTENT_STORE=database (contents stay in their rows). */
export function openContentStore(settings: ContentStoreSettings): ContentStore | undefined {
  if (settings.kind === 'file') return directoryStore(settings.dir);
  if (settings.kind === 's3') return s3Store(settings);
  return undefined;
}

/**
 * The configured store, checked against this database (storeIdentity.ts); for
 * CONTENT_STORE=database, a check that no content has already moved to a store.
 */
export async function connectContentStore(db: Database, settings: ContentStoreSettings): Promise<ContentStore | undefined> {
  const store = openContentStore(settings);
  if (!store) {
    const inStore = await countContentsInStore(db);
    if (inStore) throw new ContentStoreMismatch(`CONTENT_STORE=database, but ${inStore} contents of this database live in a content store: set CONTENT_STORE to that store`);
    return undefined;
  }
  try {
    await bindContentStore(db, store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
