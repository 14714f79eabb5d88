import { hkdfSync, type KeyObject } from 'node:crypto';
import type { SigningKey } from './keyFile';

/**
 * A 32-byte key derived (HKDF-SHA-256) from Motlan's signing key: every instance sharing the key
 * file derives the same one, and the label keeps each derived key useless for anything else.
 */
export function derivedKey(signingKey: SigningKey, label: string): Uint8Array {
  const key = signingKey.privateKey;
  const secret = key instanceof Uint8Array ? key : Buffer.from((key as KeyObject).export({ format: 'jwk' }).d!, 'base64url');
  return new Uint8Array(hkdfSync('sha256', secret, 'motlan', label, 32));
}
