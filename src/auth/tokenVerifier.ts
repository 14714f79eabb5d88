import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { TrustedIssuer } from '../config';
import { unauthorized } from '../http/problem';
import { validatorFor } from '../http/schemaRegistry';
import type { AgencyRole, Principal } from './principal';

/** Only asymmetric algorithms: a shared secret would let any holder mint tokens for any agency. */
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

export interface IssuerKeys {
  issuer: string;
  keys: JWTVerifyGetKey;
}

/** Which token it was, so that it can be revoked (by its jti, or by the issuer's key that signed it). */
export interface TokenCredential {
  issuer: string;
  kid: string | undefined;
  jti: string | undefined;
  expiresAt: Date;
}

export interface VerifiedToken {
  principal: Principal;
  credential: TokenCredential;
}

export type VerifyToken = (token: string) => Promise<VerifiedToken>;

export function issuerKeysFrom(trusted: TrustedIssuer): IssuerKeys {
  if (trusted.jwks.startsWith('file:')) {
    const jwks = JSON.parse(fs.readFileSync(trusted.jwks.slice('file:'.length), 'utf8'));
    return { issuer: trusted.issuer, keys: createLocalJWKSet(jwks) };
  }
  return { issuer: trusted.issuer, keys: createRemoteJWKSet(new URL(trusted.jwks), { timeoutDuration: 5000 }) };
}

const CACHE_LIMIT = 10_000;

/**
 * Verifies a bearer token against the trusted issuers and turns its claims into a Principal.
 * Verified tokens are remembered (by hash) until they expire: signature checks cost as much as
 * the rest of a request.
 */
export function tokenVerifier(options: { audience: string; issuers: IssuerKeys[]; now?: () => number }): VerifyToken {
  const byIssuer = new Map(options.issuers.map((i) => [i.issuer, i.keys]));
  const now = options.now ?? Date.now;
  const claimsAreValid = validatorFor('auth/token-claims');
  const cache = new Map<string, { verified: VerifiedToken; expiresAt: number }>();

  return async (token) => {
    const cacheKey = createHash('sha256').update(token).digest('base64url');
    const cached = cache.get(cacheKey);
    if (cached && cached.expiresAt > now()) return cached.verified;
    if (cached) cache.delete(cacheKey);

    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthorized('The bearer token is not a well-formed JWT.');
    }
    const keys = issuer === undefined ? undefined : byIssuer.get(issuer);
    if (!keys) throw unauthorized('The token was not issued by an issuer this service trusts.');

    let payload: JWTPayload;
    let kid: string | undefined;
    try {
      ({ payload, protectedHeader: { kid } } = await jwtVerify(token, keys, {
        issuer,
        audience: options.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 30,
        currentDate: new Date(now()),
      }));
    } catch (error) {
      throw unauthorized(reasonRejected(error));
    }
    if (!claimsAreValid(payload)) throw unauthorized('The token does not describe an agency client, a citizen or an operator.');
    const verified: VerifiedToken = {
      principal: toPrincipal(payload as ClaimSet),
      credential: { issuer: issuer!, kid, jti: typeof payload.jti === 'string' ? payload.jti : undefined, expiresAt: new Date(payload.exp! * 1000) },
    };

    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(cacheKey, { verified, expiresAt: payload.exp! * 1000 });
    return verified;
  };
}

type ClaimSet =
  | { kind: 'agency'; sub: string; agency_code: string; roles: AgencyRole[]; official_id?: string }
  | { kind: 'citizen'; sub: string; identity_level?: 1 | 2 }
  | { kind: 'operator'; sub: string };

function toPrincipal(claims: ClaimSet): Principal {
  switch (claims.kind) {
    case 'agency':
      return {
        kind: 'agency',
        clientId: claims.sub,
        agencyCode: claims.agency_code,
        roles: claims.roles,
        ...(claims.official_id ? { officialId: claims.official_id } : {}),
      };
    case 'citizen':
      return { kind: 'citizen', citizenId: claims.sub, identityLevel: claims.identity_level ?? 2 };
    case 'operator':
      return { kind: 'operator', operatorId: claims.sub };
  }
}

function reasonRejected(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return 'The token is not valid yet.';
    if (error.claim === 'aud') return 'The token was issued for another audience.';
    return `The token's "${error.claim}" claim is not acceptable.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return `The token's algorithm is not accepted; use one of ${ACCEPTED_ALGORITHMS.join(', ')}.`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'No trusted key matches the token.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature does not verify.';
  if (error instanceof errors.JWKSTimeout) return 'The issuer keys could not be fetched in time.';
  return 'The token could not be verified.';
}
