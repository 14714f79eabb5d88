import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ContentKeyring } from '../keys/contentKeys';
import { problem } from '../http/problem';

/** A content as stored: `keyId` and `dataKey` null for rows written before encryption at rest. */
export interface StoredContent {
  keyId: string | null;
  dataKey: Buffer | null;
  bytes: Buffer;
}

export interface SealedContent extends StoredContent {
  keyId: string;
  dataKey: Buffer;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Data keys and nonces, cut from 4 KiB drawn from the CSPRNG at a time, as Node's randomUUID does:
 * each randomBytes call costs about 2 µs of binding and locking whatever its size, and a seal takes
 * three (5% of a bulk import's CPU). A slice is copied out and handed out once.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;
function freshRandom(n: number): Buffer {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

/**
 * Envelope encryption (AES-256-GCM) of document contents: each content gets its own random data
 * key, stored wrapped by the keyring's active key-encryption key beside the content. The SHA-256
 * of the plaintext is authenticated data of both layers, so bytes moved to another row, or a data
 * key moved to another content, fail to open instead of serving the wrong document.
 */
export function contentCipher(keyring: ContentKeyring) {
  const kek = (id: string) => {
    const key = keyring.keys.get(id);
    // An operator's mistake, not the caller's: the key was dropped from CONTENT_KEYS before rotation finished.
    if (!key) throw problem(503, 'content-key-unavailable', 'Content key unavailable', { detail: `This content is encrypted under key "${id}", which is not in CONTENT_KEYS.` });
    return key;
  };

  return {
    activeKeyId: keyring.activeId,

    seal(sha256: string, plaintext: Uint8Array): SealedContent {
      const dataKey = freshRandom(32);
      return {
        keyId: keyring.activeId,
        dataKey: encrypt(kek(keyring.activeId), dataKey, `motlan-data-key/1:${keyring.activeId}:${sha256}`),
        bytes: encrypt(dataKey, plaintext, `motlan-content/1:${sha256}`),
      };
    },

    open(sha256: string, stored: StoredContent): Buffer {
      if (stored.keyId === null || stored.dataKey === null) return stored.bytes;
      const dataKey = decrypt(kek(stored.keyId), stored.dataKey, `motlan-data-key/1:${stored.keyId}:${sha256}`);
      return decrypt(dataKey, stored.bytes, `motlan-content/1:${sha256}`);
    },
  };
}
export type ContentCipher = ReturnType<typeof contentCipher>;

/** nonce ‖ ciphertext ‖ tag */
function encrypt(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  const nonce = freshRandom(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(aad));
  return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function decrypt(key: Uint8Array, sealed: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES)).setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}
