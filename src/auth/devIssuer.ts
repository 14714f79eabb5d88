import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createLocalJWKSet, SignJWT } from 'jose';
import { DEV_ISSUER } from '../config';
import { KEY_ALG, loadOrCreateKeyFile, type SigningKey } from '../keys/keyFile';
import type { IssuerKeys } from './tokenVerifier';

export interface DevIssuer extends SigningKey {
  issuer: string;
}

/** The development issuer's key, under DATA_DIR so that `npm start` and `npm run token` agree. */
export async function loadDevIssuer(dataDir: string): Promise<DevIssuer> {
  const key = await loadOrCreateKeyFile(path.join(dataDir, 'dev-issuer', 'private-key.jwk.json'), `dev-${Date.now().toString(36)}`);
  return { ...key, issuer: DEV_ISSUER };
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
    .setProtectedHeader({ alg: KEY_ALG, kid: dev.kid, typ: 'JWT' })
    .setIssuer(dev.issuer)
    .setAudience(audience)
    .setSubject(sub)
    // A jti on every token, so an operator can revoke one (POST /v1/token-revocations).
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(dev.privateKey);
}
