import fs from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type KeyLike } from 'jose';
import { DEV_ISSUER } from '../config';
import type { IssuerKeys } from './tokenVerifier';

export interface DevIssuer {
  issuer: string;
  kid: string;
  privateKey: KeyLike | Uint8Array;
  publicJwk: JWK;
}

const ALG = 'EdDSA';

/**
 * The development issuer's key lives in DATA_DIR so that `npm start` and `npm run token` agree
 * without configuration. Whoever comes first creates it; `wx` keeps a concurrent second from
 * overwriting it.
 */
export async function loadDevIssuer(dataDir: string): Promise<DevIssuer> {
  const file = path.join(dataDir, 'dev-issuer', 'private-key.jwk.json');
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: `dev-${Date.now().toString(36)}`, alg: ALG };
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, JSON.stringify(jwk, null, 2), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK & { kid: string };
  const { d: _private, ...publicJwk } = jwk;
  return { issuer: DEV_ISSUER, kid: jwk.kid, privateKey: await importJWK(jwk, ALG), publicJwk };
}

export function devIssuerKeys(dev: DevIssuer): IssuerKeys {
  return { issuer: dev.issuer, keys: createLocalJWKSet({ keys: [dev.publicJwk] }) };
}

export type TokenSubject =
  | { kind: 'agency'; clientId: string; agencyCode: string; roles: string[]; officialId?: string }
  | { kind: 'citizen'; citizenId: string; identityLevel?: 1 | 2 }
  | { kind: 'operator'; operatorId: string };

export function claimsFor(subject: TokenSubject): { sub: string } & Record<string, unknown> {
  switch (subject.kind) {
    case 'agency':
      return {
        sub: subject.clientId,
        kind: 'agency',
        agency_code: subject.agencyCode,
        roles: subject.roles,
        ...(subject.officialId ? { official_id: subject.officialId } : {}),
      };
    case 'citizen':
      return { sub: subject.citizenId, kind: 'citizen', identity_level: subject.identityLevel ?? 2 };
    case 'operator':
      return { sub: subject.operatorId, kind: 'operator' };
  }
}

export async function signDevToken(dev: DevIssuer, subject: TokenSubject, audience: string, ttlSeconds = 3600): Promise<string> {
  const { sub, ...claims } = claimsFor(subject);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: dev.kid, typ: 'JWT' })
    .setIssuer(dev.issuer)
    .setAudience(audience)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(dev.privateKey);
}
