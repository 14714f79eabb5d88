import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import type { Express } from 'express';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { buildApp, type AppDeps } from '../../src/app';
import type { LimitsConfig } from '../../src/config';
import type { AgencyRole } from '../../src/auth/principal';
import { claimsFor } from '../../src/auth/devIssuer';
import { tokenVerifier, type IssuerKeys } from '../../src/auth/tokenVerifier';
import { newContentKey, type ContentKeyring } from '../../src/keys/contentKeys';
import { ephemeralSigningKey, type SigningKey } from '../../src/keys/keyFile';
import { registerMotlanKeys } from '../../src/keys/motlanKey';
import { createMetrics } from '../../src/ops/metrics';
import { bindContentStore } from '../../src/contents';
import { recordingPersonalData, testLogger } from './logCapture';
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

let contentKeys: ContentKeyring | undefined;
/** The test process's CONTENT_KEYS: one random key-encryption key, as a configured keyring would be. */
export function testContentKeys(): ContentKeyring {
  contentKeys ??= { activeId: 'test-1', keys: new Map([['test-1', newContentKey()]]) };
  return contentKeys;
}

export const tokens = {
  agency: (agencyCode = '000.00.00.H56', roles: AgencyRole[] = [], clientId = `one-stop-${agencyCode}`) =>
    signToken(claimsFor({ kind: 'agency', agencyCode, roles, clientId })),
  citizen: (citizenId: string, identityLevel: 1 | 2 = 2) => signToken(claimsFor({ kind: 'citizen', citizenId, identityLevel })),
  operator: (operatorId = 'operator-test') => signToken(claimsFor({ kind: 'operator', operatorId })),
};

/**
 * On, but far above what one test file sends from its one address; a test of a limit passes its own
 * (`startTestApp({ limits: { ...TEST_LIMITS, perIp: { points: 5, seconds: 60 } } })`).
 */
export const TEST_LIMITS: Readonly<LimitsConfig> = Object.freeze({
  store: 'memory',
  perIp: { points: 100_000, seconds: 60 },
  perClient: { points: 100_000, seconds: 60 },
  failedAuth: { points: 10_000, seconds: 60 },
  consentRequests: { points: 10_000, seconds: 60 },
  subjectLookups: { points: 100_000, seconds: 60 },
});

export interface TestApp {
  app: Express;
  http: TestAgent;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real app over a fresh copy of the migrated database; only the token issuer is the test's.
 * `overrides` replaces a dependency, e.g. a verifyToken that fails in a way nothing anticipates, or
 * adds one, e.g. a content store (without it, contents stay in their database rows);
 * `extraIssuers` trusts more issuers beside the test's, e.g. a development issuer under a DATA_DIR;
 * `database` serves an existing one, as a restarted instance would (its close is the caller's).
 */
export async function startTestApp(
  overrides: Partial<Pick<AppDeps, 'readDb' | 'verifyToken' | 'registries' | 'signingKey' | 'retiredSigningKeys' | 'signingKeyRetentionDays' | 'contentKeys' | 'contentStore' | 'webhooks' | 'limits' | 'importBudget' | 'http' | 'revocationRefreshMs' | 'portal'>> & { extraIssuers?: IssuerKeys[] } = {},
  /** `database`: another app's, to play a second instance on the same database (which that app closes). */
  options: { database?: TestDatabase } = {},
): Promise<TestApp> {
  const db = options.database ?? (await openTestDatabase());
  const { jwks } = await testSigner();
  const { extraIssuers = [], ...rest } = overrides;
  const deps: AppDeps = {
    db: db.db,
    logger: testLogger(),
    verifyToken: tokenVerifier({ audience: TEST_AUDIENCE, issuers: [{ issuer: TEST_ISSUER, keys: jwks }, ...extraIssuers] }),
    metrics: createMetrics(),
    migrationsDir: path.join(__dirname, '../../migrations'),
    bodyLimitBytes: 64 * 1024,
    // No registry unless a test brings its simulators: routes that need one answer 503.
    registries: { population: undefined, business: undefined },
    signingKey: await testMotlanKey(),
    contentKeys: testContentKeys(),
    limits: TEST_LIMITS,
    ...rest,
  };
  // As main.ts does at start-up: the JWKS keeps what this instance retires, the store is this database's.
  await registerMotlanKeys(db.db, { active: deps.signingKey, retired: deps.retiredSigningKeys ?? [] }, new Date());
  if (deps.contentStore) await bindContentStore(db.db, deps.contentStore);
  const app = buildApp(deps);
  return { app, http: supertest(recordingPersonalData(app)), database: db, close: options.database ? async () => undefined : () => db.close() };
}
