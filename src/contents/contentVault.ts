import type { ContentCipher, SealedContent, StoredContent } from '../documents/contentCipher';
import { problem } from '../http/problem';
import type { Logger } from '../logger';
import { ContentStoreUnavailable, type ContentStore } from './contentStore';
import { decodeObject, encodeObject } from './sealedObject';

/** What a document_contents row holds: the sealed bytes, or (bytes null) a pointer to the store. */
export type ContentRow = StoredContent | { bytes: null; keyId: string; dataKey: null };

/**
 * Sealing and storing contents, and reading them back from a row or the store. Without a store
 * (CONTENT_STORE=database), contents stay sealed in their rows. A store that fails is the caller's
 * 503 `content-store-unavailable`; a row whose object is gone, 503 `content-unavailable`.
 */
export function contentVault({ cipher, store, logger }: { cipher: ContentCipher; store: ContentStore | undefined; logger?: Pick<Logger, 'error'> }) {
  const unavailable = (error: unknown) => {
    if (!(error instanceof ContentStoreUnavailable)) return error;
    logger?.error({ err: error }, 'content store unavailable');
    return problem(503, 'content-store-unavailable', 'Content store unavailable', {
      detail: 'The store holding document contents cannot be reached; nothing was written. Try again later.',
      headers: { 'Retry-After': '10' },
    });
  };

  return {
    store,

    /** Seals a content and, with a store, writes its object before its row can commit. */
    async place(sha256: string, plaintext: Buffer): Promise<SealedContent | { bytes: null; keyId: string; dataKey: null }> {
      const sealed = cipher.seal(sha256, plaintext);
      if (!store) return sealed;
      try {
        await store.put(sha256, encodeObject(sealed));
      } catch (error) {
        throw unavailable(error);
      }
      return { bytes: null, keyId: sealed.keyId, dataKey: null };
    },

    async open(sha256: string, row: ContentRow): Promise<Buffer> {
      if (row.bytes !== null) return cipher.open(sha256, row);
      let object: Buffer | undefined;
      try {
        if (!store) throw new ContentStoreUnavailable('(none: CONTENT_STORE=database)', 'get', new Error('this content lives in a content store'));
        object = await store.get(sha256);
      } catch (error) {
        throw unavailable(error);
      }
      if (!object) {
        logger?.error({ sha256, store: store!.location }, 'content object missing from the store');
        throw problem(503, 'content-unavailable', 'Content unavailable', { detail: 'This content is recorded but its stored object cannot be found. Operators have been told; try again later.' });
      }
      return cipher.open(sha256, decodeObject(object));
    },
  };
}
export type ContentVault = ReturnType<typeof contentVault>;
