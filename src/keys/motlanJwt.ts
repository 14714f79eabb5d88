import { KeyObject, sign } from 'node:crypto';
import type { SigningKey } from './keyFile';

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/**
 * A compact JWS (RFC 7515) of these claims under Motlan's Ed25519 key, with the header
 * `{ alg, kid, typ }`: byte for byte what jose's SignJWT makes of the same claims in the same order
 * (Ed25519 signatures are deterministic; tests/unit/keys/motlanJwt.test.ts compares the two). Every
 * vault read by another agency and every reused document of a prefill signs one, and SignJWT spent
 * about 130 µs on one against 30–40 µs for the signature itself (a microbenchmark on this machine:
 * bench/results/read.md). Verifiers keep using jose (jwtVerify against /.well-known/jwks.json).
 */
export function signMotlanJwt(key: SigningKey, typ: string, claims: Record<string, unknown>): string {
  if (!(key.privateKey instanceof KeyObject) || key.privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`Motlan's signing key must be an Ed25519 KeyObject (kid ${key.kid})`);
  }
  const input = `${base64url(JSON.stringify({ alg: key.alg, kid: key.kid, typ }))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${sign(null, Buffer.from(input, 'ascii'), key.privateKey).toString('base64url')}`;
}
