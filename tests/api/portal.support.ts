import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { buildApp } from '../../src/app';
import { signDevToken, type DevIssuer } from '../../src/auth/devIssuer';
import type { AgencyRole } from '../../src/auth/principal';
import { tokenVerifier } from '../../src/auth/tokenVerifier';
import type { LimitsConfig, OidcConfig, PortalConfig } from '../../src/config';
import { ephemeralSigningKey } from '../../src/keys/keyFile';
import { registerMotlanKeys, type MotlanKeys } from '../../src/keys/motlanKey';
import { createMetrics } from '../../src/ops/metrics';
import type { DevCitizen } from '../../src/portal/devCitizens';
import { recordingPersonalData, testLogger } from '../support/logCapture';
import { TEST_AUDIENCE, TEST_LIMITS, testContentKeys, testMotlanKey } from '../support/testApp';
import { openTestDatabase, type TestDatabase } from '../support/testDatabase';

/** What the fake provider puts in the next id_token, and how it misbehaves when a test asks. */
export interface ProviderBehaviour {
  claims: JWTPayload;
  /** Replaces the nonce the portal sent. */
  nonce?: string;
  audience?: string;
  issuer?: string;
  /** Signs with a key the provider does not publish. */
  foreignKey?: boolean;
  /** The authorization endpoint answers with this error instead of a code. */
  error?: string;
}

export interface FakeProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  behaviour: ProviderBehaviour;
  /** What the token endpoint received, per redeemed code. */
  redemptions: Array<{ verifierMatches: boolean; clientAuthenticated: boolean; redirectUri: string | undefined }>;
  /** The browser's trip to the provider: follows its redirect back and returns the callback URL's path and query. */
  authorize(url: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A tiny OpenID Connect provider built with jose, in process: discovery, JWKS, an authorization
 * endpoint that signs the configured citizen in at once, and a token endpoint that checks the
 * client's secret and the PKCE verifier before it hands out a signed id_token.
 */
export async function startFakeProvider(behaviour: ProviderBehaviour): Promise<FakeProvider> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const foreign = await generateKeyPair('ES256');
  const kid = 'provider-key-1';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  const clientId = 'motlan-portal';
  const clientSecret = randomBytes(16).toString('base64url');
  const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string }>();
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/idp`;
  const provider: FakeProvider = {
    issuer,
    clientId,
    clientSecret,
    behaviour,
    redemptions: [],
    async authorize(url) {
      const res = await fetch(url, { redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) throw new Error(`the fake provider answered ${res.status}`);
      const back = new URL(location);
      return `${back.pathname}${back.search}`;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // fetch keeps connections alive; the provider is gone, so are they.
        server.closeAllConnections();
      }),
  };

  app.get('/idp/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
  });
  app.get('/idp/jwks', (_req, res) => {
    res.json(jwks);
  });
  app.get('/idp/authorize', (req, res) => {
    const q = req.query as Record<string, string>;
    const back = new URL(q.redirect_uri!);
    back.searchParams.set('state', q.state!);
    if (provider.behaviour.error) back.searchParams.set('error', provider.behaviour.error);
    else {
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { challenge: q.code_challenge!, nonce: q.nonce!, redirectUri: q.redirect_uri! });
      back.searchParams.set('code', code);
    }
    res.redirect(302, back.toString());
  });
  app.post('/idp/token', express.urlencoded({ extended: false }), async (req, res) => {
    const body = req.body as Record<string, string>;
    const grant = codes.get(body.code!);
    codes.delete(body.code!);
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const clientAuthenticated = req.headers.authorization === `Basic ${basic}`;
    const verifierMatches = !!grant && createHash('sha256').update(body.code_verifier ?? '').digest('base64url') === grant.challenge;
    provider.redemptions.push({ verifierMatches, clientAuthenticated, redirectUri: body.redirect_uri });
    if (!grant || !clientAuthenticated || !verifierMatches || body.redirect_uri !== grant.redirectUri || body.grant_type !== 'authorization_code') {
      res.status(400).json({ error: 'invalid_grant' });
      return;
    }
    const b = provider.behaviour;
    const idToken = await new SignJWT({ ...b.claims, nonce: b.nonce ?? grant.nonce })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(b.issuer ?? issuer)
      .setAudience(b.audience ?? clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign((b.foreignKey ? foreign.privateKey : privateKey) as KeyLike);
    res.json({ access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
  });
  return provider;
}

export function oidcConfigFor(provider: FakeProvider, overrides: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    redirectUri: 'http://motlan.test/portal/callback',
    scopes: 'openid profile',
    citizenIdClaim: 'sub',
    identityLevelClaim: 'identity_level',
    nameClaim: 'name',
    displayName: 'VNeID',
    ...overrides,
  };
}

export interface PortalTestApp {
  http: TestAgent;
  app: ReturnType<typeof buildApp>;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real app with the portal mounted, over a fresh database. Bearer tokens come from the test
 * issuer (tests/support/testApp.ts); the development sign-in, when on, from an ephemeral dev issuer
 * the verifier also trusts, as main.ts wires it.
 */
export async function startPortalApp(
  options: { portal?: Partial<PortalConfig>; publicUrl?: string; devSignIn?: boolean; devCitizens?: DevCitizen[]; clock?: () => Date; keys?: MotlanKeys; limits?: LimitsConfig; database?: TestDatabase } = {},
): Promise<PortalTestApp> {
  const database = options.database ?? (await openTestDatabase());
  const keys = options.keys ?? { active: await testMotlanKey(), retired: [] };
  await registerMotlanKeys(database.db, keys, new Date());
  const dev = await portalTestIssuer();
  const app = buildApp({
    db: database.db,
    logger: testLogger(),
    verifyToken: tokenVerifier({
      audience: TEST_AUDIENCE,
      issuers: [{ issuer: dev.issuer, keys: createLocalJWKSet({ keys: [dev.publicJwk] }) }],
      ...(options.clock ? { now: () => options.clock!().getTime() } : {}),
    }),
    metrics: createMetrics(),
    migrationsDir: path.join(__dirname, '../../migrations'),
    bodyLimitBytes: 64 * 1024,
    registries: { population: undefined, business: undefined },
    signingKey: keys.active,
    retiredSigningKeys: keys.retired,
    contentKeys: testContentKeys(),
    limits: options.limits ?? TEST_LIMITS,
    portal: {
      config: { sessionKey: undefined, sessionMinutes: 30, oidc: undefined, ...options.portal },
      publicUrl: options.publicUrl ?? 'http://motlan.test',
      devSignIn: options.devSignIn ? { signToken: (citizenId, identityLevel) => signDevToken(dev, { kind: 'citizen', citizenId, identityLevel }, TEST_AUDIENCE, 60), citizens: options.devCitizens ?? [] } : undefined,
      ...(options.clock ? { clock: options.clock } : {}),
    },
  });
  // A second instance over another's database leaves closing it to the first.
  return { http: supertest(recordingPersonalData(app)), app, database, close: options.database ? async () => undefined : () => database.close() };
}

let issuer: Promise<DevIssuer> | undefined;
/** The one issuer these tests trust: it plays the local development issuer, and signs the bearer tokens too. */
function portalTestIssuer(): Promise<DevIssuer> {
  issuer ??= ephemeralSigningKey('portal-test').then((key) => ({ ...key, issuer: 'urn:motlan:dev-issuer' }));
  return issuer;
}

export const bearer = {
  operator: async () => ({ Authorization: `Bearer ${await signDevToken(await portalTestIssuer(), { kind: 'operator', operatorId: 'operator-test' }, TEST_AUDIENCE)}` }),
  agency: async (agencyCode: string, roles: AgencyRole[]) => ({
    Authorization: `Bearer ${await signDevToken(await portalTestIssuer(), { kind: 'agency', agencyCode, roles, clientId: `one-stop-${agencyCode}` }, TEST_AUDIENCE)}`,
  }),
  citizen: async (citizenId: string) => ({ Authorization: `Bearer ${await signDevToken(await portalTestIssuer(), { kind: 'citizen', citizenId }, TEST_AUDIENCE)}` }),
};

/** The Set-Cookie line for a cookie, and the "name=value" a browser would send back. */
export function cookieFrom(res: { headers: Record<string, unknown> }, name: string): { header: string; pair: string } | undefined {
  const lines = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []);
  const header = lines.find((l) => l.startsWith(`${name}=`));
  return header ? { header, pair: header.split(';')[0]! } : undefined;
}
