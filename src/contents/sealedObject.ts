import type { SealedContent } from '../documents/contentCipher';

const MAGIC = Buffer.from('MTC1', 'ascii');
/** nonce (12) ‖ the 32-byte data key ‖ tag (16), as contentCipher wraps it. */
const WRAPPED_KEY_BYTES = 60;

/**
 * A stored object: `MTC1` ‖ key-id length (1 byte) ‖ key id ‖ wrapped data key (60 bytes) ‖
 * nonce ‖ ciphertext ‖ tag. Each object carries its own wrapped data key, so it opens by itself:
 * two instances storing the same hash at once each write a whole, openable object, whichever lands
 * last. The store's operator sees a key name and ciphertext, never plaintext.
 */
export function encodeObject(sealed: SealedContent): Buffer {
  const keyId = Buffer.from(sealed.keyId, 'utf8');
  if (keyId.length > 255 || sealed.dataKey.length !== WRAPPED_KEY_BYTES) throw new Error('content key id or wrapped data key out of range');
  return Buffer.concat([MAGIC, Buffer.from([keyId.length]), keyId, sealed.dataKey, sealed.bytes]);
}

export function decodeObject(object: Buffer): SealedContent {
  const keyIdLength = object[MAGIC.length];
  const headerBytes = MAGIC.length + 1 + (keyIdLength ?? 0) + WRAPPED_KEY_BYTES;
  if (!object.subarray(0, MAGIC.length).equals(MAGIC) || keyIdLength === undefined || object.length < headerBytes) {
    throw new Error('not a sealed Motlan content object (MTC1)');
  }
  const keyStart = MAGIC.length + 1 + keyIdLength;
  return {
    keyId: object.subarray(MAGIC.length + 1, keyStart).toString('utf8'),
    dataKey: object.subarray(keyStart, keyStart + WRAPPED_KEY_BYTES),
    bytes: object.subarray(headerBytes),
  };
}
