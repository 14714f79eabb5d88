import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

export const KEY_ALG = 'EdDSA';

export interface SigningKey {
  kid: string;
  alg: typeof KEY_ALG;
  privateKey: KeyLike | Uint8Array;
  /** What a JWKS publishes: the private part removed. */
  publicJwk: JWK & { kid: string; alg: typeof KEY_ALG };
}

/** Reads an Ed25519 private JWK; the file is the operator's, so errors name it. */
export async function readKeyFile(file: string): Promise<SigningKey> {
  let jwk: JWK & { kid?: string };
  try {
    jwk = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the private key ${file}: ${(error as Error).message}`);
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.kid) {
    throw new Error(`${file} must hold an Ed25519 private JWK with a kid`);
  }
  const { d: _private, ...publicPart } = jwk;
  return { kid: jwk.kid, alg: KEY_ALG, privateKey: await importJWK(jwk, KEY_ALG), publicJwk: { ...publicPart, kid: jwk.kid, alg: KEY_ALG } };
}

/**
 * Development keys live under DATA_DIR so that separate processes (the server, `npm run token`)
 * agree without configuration. Whoever comes first creates the key (with this kid); `wx` keeps a
 * concurrent second from overwriting it.
 */
export async function loadOrCreateKeyFile(file: string, kid: string): Promise<SigningKey> {
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(KEY_ALG, { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid, alg: KEY_ALG };
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, JSON.stringify(jwk, null, 2), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readKeyFile(file);
}

/** A key that lives only in memory: for tests and benchmarks, never for what must verify later. */
export async function ephemeralSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(KEY_ALG, { crv: 'Ed25519' });
  return { kid, alg: KEY_ALG, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: KEY_ALG } };
}
