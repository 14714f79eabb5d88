import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import type { Express } from 'express';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { buildApp, type AppDeps } from '../../src/app';
import type { AgencyRole } from '../../src/auth/principal';
import { claimsFor } from '../../src/auth/devIssuer';
import { tokenVerifier } from '../../src/auth/tokenVerifier';
import { ephemeralSigningKey, type SigningKey } from '../../src/keys/keyFile';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/ops/metrics';
import { openTestDatabase, type TestDatabase } from './testDatabase';

export const TEST_ISSUER = 'urn:motlan:test-issuer';
export const TEST_AUDIENCE = 'motlan-test';

interface Signer {
  privateKey: KeyLike;
  kid: string;
}

let signerPromise: Promise<{ signer: Signer; jwks: ReturnType<typeof createLocalJWKSet> }> | undefined;
function testSigner() {
  signerPromise ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const kid = 'test-key';
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256' }] });
    return { signer: { privateKey, kid }, jwks };
  })();
  return signerPromise;
}

/** Signs anything, so tests can also build the tokens an attacker would send. */
export async function signToken(
  claims: JWTPayload,
  options: { issuer?: string; audience?: string; expiresIn?: string | number; notBefore?: string | number } = {},
): Promise<string> {
  const { signer } = await testSigner();
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m');
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(signer.privateKey);
}

let motlanKey: Promise<SigningKey> | undefined;
/** Motlan's own signing key for the test process: in memory, like a configured SIGNING_KEY_FILE. */
export function testMotlanKey(): Promise<SigningKey> {
  motlanKey ??= ephemeralSigningKey('motlan-test');
  return motlanKey;
}

export const tokens = {
  agency: (agencyCode = '000.00.00.H56', roles: AgencyRole[] = [], clientId = `one-stop-${agencyCode}`) =>
    signToken(claimsFor({ kind: 'agency', agencyCode, roles, clientId })),
  citizen: (citizenId: string, identityLevel: 1 | 2 = 2) => signToken(claimsFor({ kind: 'citizen', citizenId, identityLevel })),
  operator: (operatorId = 'operator-test') => signToken(claimsFor({ kind: 'operator', operatorId })),
};

export interface TestApp {
  app: Express;
  http: TestAgent;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real app over a fresh copy of the migrated database; only the token issuer is the test's.
 * `overrides` replaces a dependency, e.g. a verifyToken that fails in a way nothing anticipates.
 */
export async function startTestApp(overrides: Partial<Pick<AppDeps, 'verifyToken' | 'registries' | 'signingKey' | 'webhooks' | 'portal'>> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const { jwks } = await testSigner();
  const app = buildApp({
    db: database.db,
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    verifyToken: tokenVerifier({ audience: TEST_AUDIENCE, issuers: [{ issuer: TEST_ISSUER, keys: jwks }] }),
    metrics: createMetrics(),
    migrationsDir: path.join(__dirname, '../../migrations'),
    bodyLimitBytes: 64 * 1024,
    // No registry unless a test brings its simulators: routes that need one answer 503.
    registries: { population: undefined, business: undefined },
    signingKey: await testMotlanKey(),
    ...overrides,
  });
  return { app, http: supertest(app), database, close: () => database.close() };
}
