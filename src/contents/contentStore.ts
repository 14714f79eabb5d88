/** An object in a store, as gc sees it: its hash and when it was last written. */
export interface StoredObject {
  sha256: string;
  modifiedAt: Date;
}

/**
 * Where sealed document contents live, addressed by the SHA-256 of their plaintext. Objects are
 * opaque here (src/contents/sealedObject.ts): a store never sees plaintext. A put of a hash that is
 * present replaces it whole; a reader sees the old object or the new one, never a mix.
 */
export interface ContentStore {
  /** Where it is, without credentials: for messages and the identity check. */
  readonly location: string;
  put(sha256: string, object: Buffer): Promise<void>;
  /** undefined: no object under this hash. */
  get(sha256: string): Promise<Buffer | undefined>;
  exists(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  /** Every content object, in no promised order; the identity marker is not one. */
  list(): AsyncIterable<StoredObject>;
  /** The store's identity marker (storeIdentity.ts); undefined: none yet. */
  readMarker(): Promise<string | undefined>;
  writeMarker(value: string): Promise<void>;
  close(): Promise<void>;
}

/** The store could not be reached or refused the operation: the caller's 503, never a 500. */
export class ContentStoreUnavailable extends Error {
  override name = 'ContentStoreUnavailable';
  constructor(location: string, operation: string, cause: unknown) {
    super(`content store ${location}: ${operation} failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `ab/cd/abcd…`: two levels of 256 folders keep any one directory (or listing page) small. */
export function shardedName(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 in hex: "${sha256}"`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Wraps every failure of a store operation as ContentStoreUnavailable. */
export async function guarded<T>(location: string, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ContentStoreUnavailable) throw error;
    throw new ContentStoreUnavailable(location, operation, error);
  }
}
