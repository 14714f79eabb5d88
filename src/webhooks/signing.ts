import { FlattenedSign } from 'jose';
import type { SigningKey } from '../keys/keyFile';

export const WEBHOOK_SIGNATURE_TYPE = 'motlan-webhook+jws';

/**
 * `Motlan-Signature`: a JWS with a detached payload (RFC 7515 appendix F), `<header>..<signature>`,
 * over the exact bytes of the body. The receiver puts base64url(body) between the dots and verifies
 * the compact JWS against /.well-known/jwks.json. The body itself stays plain JSON, so a receiver
 * that does not verify (yet) can still read it. `typ` keeps a delivery from being taken for another
 * of Motlan's signed objects (RFC 8725 §3.11).
 */
export async function signWebhookBody(key: SigningKey, body: Uint8Array): Promise<string> {
  const jws = await new FlattenedSign(body).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: WEBHOOK_SIGNATURE_TYPE }).sign(key.privateKey);
  return `${jws.protected}..${jws.signature}`;
}
