import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import type { AgencyKey } from '../agencies/agencies.types';
import { canonicalJson } from './canonical';

export type SignatureCheck =
  | { ok: true; kid: string }
  | { ok: false; rule: string; message: string };

const ACCEPTED = ['EdDSA', 'ES256'];

/**
 * A compact JWS by the issuing agency's key `kid`, whose payload is the canonical payload
 * (docs/vault.md). The key must have been effective on the issue date: a key retired later still
 * verifies what it signed while it was in force.
 */
export async function verifySignature(
  jws: string,
  expected: string,
  issueDate: string,
  findKey: (kid: string) => Promise<AgencyKey | undefined>,
): Promise<SignatureCheck> {
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return { ok: false, rule: 'signature.malformed', message: 'is not a compact JWS' };
  }
  if (typeof header.alg !== 'string' || !ACCEPTED.includes(header.alg)) {
    return { ok: false, rule: 'signature.algorithm', message: `must use EdDSA or ES256, not ${String(header.alg)}` };
  }
  if (typeof header.kid !== 'string') return { ok: false, rule: 'signature.kid_missing', message: 'the protected header must name the key (kid)' };
  const key = await findKey(header.kid);
  if (!key) return { ok: false, rule: 'signature.unknown_key', message: 'the issuing agency has no registered key with this kid' };
  if (key.alg !== header.alg) return { ok: false, rule: 'signature.algorithm', message: `key ${key.kid} signs with ${key.alg}` };
  const issuedAt = new Date(`${issueDate}T00:00:00+07:00`);
  const nextDay = new Date(issuedAt.getTime() + 86_400_000);
  if ((key.validFrom && key.validFrom >= nextDay) || (key.validUntil && key.validUntil <= issuedAt)) {
    return { ok: false, rule: 'signature.key_not_effective', message: `key ${key.kid} was not in force on the issue date` };
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, await importJWK(key.publicJwk, key.alg), { algorithms: [key.alg] }));
  } catch {
    return { ok: false, rule: 'signature.invalid', message: `does not verify with key ${key.kid}` };
  }
  let signed: unknown;
  try {
    signed = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, rule: 'signature.payload_mismatch', message: 'the signed payload is not JSON' };
  }
  if (canonicalJson(signed) !== expected) {
    return { ok: false, rule: 'signature.payload_mismatch', message: 'signs other metadata, fields or content than this request carries' };
  }
  return { ok: true, kid: key.kid };
}
