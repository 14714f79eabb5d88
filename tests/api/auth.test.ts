import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import type { Response } from 'supertest';
import { verifierFromConfig } from '../../src/auth';
import { claimsFor, loadDevIssuer } from '../../src/auth/devIssuer';
import { makeCitizenId } from '../../src/ids';
import { runCli } from '../support/cli';
import { signToken, startTestApp, TEST_AUDIENCE, TEST_ISSUER, tokens, type TestApp } from '../support/testApp';

const AGENCY = '000.00.00.H56';
const citizenId = makeCitizenId({ provinceCode: '079', sex: 'female', birthYear: 1990, serial: 1234 });
const now = () => Math.floor(Date.now() / 1000);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

function expectUnauthorized(res: Response, detail: RegExp): void {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="motlan"/);
  expect(res.body).toMatchObject({ type: 'https://motlan.vn/problems/unauthorized', status: 401, instance: '/v1/whoami' });
  expect(res.body.detail).toMatch(detail);
}

const whoami = (authorization?: string) => {
  const req = app.http.get('/v1/whoami');
  return authorization === undefined ? req : req.set('Authorization', authorization);
};

describe('GET /v1/whoami without an acceptable token', () => {
  it('when no Authorization header is sent, then 401 asks for a bearer token', async () => {
    expectUnauthorized(await whoami(), /bearer token is required/);
  });

  it('when the scheme is not Bearer, then 401 shows the expected header form', async () => {
    expectUnauthorized(await whoami('Basic bW90bGFuOm1vdGxhbg=='), /Authorization: Bearer <token>/);
  });

  it('when the bearer value is not a JWT, then 401 says it is malformed', async () => {
    expectUnauthorized(await whoami('Bearer not-a-jwt'), /not a well-formed JWT/);
  });

  it('when the token is an unsecured JWT (alg none) from the trusted issuer, then 401 rejects its algorithm', async () => {
    const unsigned = new UnsecuredJWT(claimsFor({ kind: 'operator', operatorId: 'mallory' }))
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime('10m')
      .encode();
    expectUnauthorized(await whoami(`Bearer ${unsigned}`), /algorithm is not accepted/);
  });

  it('when the token is HS256-signed with a shared secret claiming the trusted issuer, then 401 rejects its algorithm', async () => {
    const kid = decodeProtectedHeader(await tokens.operator()).kid;
    const forged = await new SignJWT(claimsFor({ kind: 'agency', agencyCode: AGENCY, roles: ['prefill'], clientId: 'forged' }))
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a shared secret that anyone holding it could use'));
    expectUnauthorized(await whoami(`Bearer ${forged}`), /algorithm is not accepted/);
  });

  it('when the token comes from an issuer this service does not trust, then 401 names the issuer problem', async () => {
    const token = await signToken(claimsFor({ kind: 'operator', operatorId: 'op' }), { issuer: 'https://idp.example.org' });
    expectUnauthorized(await whoami(`Bearer ${token}`), /not issued by an issuer this service trusts/);
  });

  it('when the token is for another audience, then 401 says so', async () => {
    const token = await signToken(claimsFor({ kind: 'operator', operatorId: 'op' }), { audience: 'dichvucong' });
    expectUnauthorized(await whoami(`Bearer ${token}`), /another audience/);
  });

  it('when the token expired longer ago than the clock tolerance, then 401 says it has expired', async () => {
    const token = await signToken(claimsFor({ kind: 'operator', operatorId: 'op' }), { expiresIn: now() - 120 });
    expectUnauthorized(await whoami(`Bearer ${token}`), /expired/);
  });

  it('when the token is not valid for another hour, then 401 says it is not valid yet', async () => {
    const token = await signToken(claimsFor({ kind: 'operator', operatorId: 'op' }), { notBefore: '1h', expiresIn: '2h' });
    expectUnauthorized(await whoami(`Bearer ${token}`), /not valid yet/);
  });

  it('when the token is signed by another ES256 key under the trusted kid, then 401 says the signature does not verify', async () => {
    const kid = decodeProtectedHeader(await tokens.operator()).kid;
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claimsFor({ kind: 'operator', operatorId: 'mallory' }))
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime('10m')
      .sign(privateKey);
    expectUnauthorized(await whoami(`Bearer ${forged}`), /signature does not verify/);
  });

  it.each<[string, JWTPayload]>([
    ['kind is missing', { sub: 'one-stop-client', agency_code: AGENCY, roles: ['prefill'] }],
    ['an agency has no agency_code', { sub: 'one-stop-client', kind: 'agency', roles: ['prefill'] }],
    ['an agency code is malformed', { sub: 'one-stop-client', kind: 'agency', agency_code: 'H56', roles: [] }],
    ['an agency claims a role that does not exist', { sub: 'one-stop-client', kind: 'agency', agency_code: AGENCY, roles: ['admin'] }],
    ['a citizen sub has 11 digits', { sub: citizenId.slice(1), kind: 'citizen' }],
    ['the kind is unknown', { sub: 'root', kind: 'superuser' }],
  ])('when the verified claims are not a principal (%s), then 401 says so', async (_case, claims) => {
    const token = await signToken(claims);
    expectUnauthorized(await whoami(`Bearer ${token}`), /does not describe an agency client, a citizen or an operator/);
  });
});

describe('GET /v1/whoami with a valid token', () => {
  it('when an agency client calls, then 200 describes the agency, its roles and client, and is not cacheable', async () => {
    const res = await whoami(`Bearer ${await tokens.agency(AGENCY, ['prefill', 'identity'])}`).expect(200);
    expect(res.body).toEqual({ kind: 'agency', agencyCode: AGENCY, roles: ['prefill', 'identity'], clientId: `one-stop-${AGENCY}` });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('when the agency client names the acting official, then the official is part of the principal', async () => {
    const officialId = makeCitizenId({ provinceCode: '001', sex: 'male', birthYear: 1982, serial: 4321 });
    const token = await signToken(claimsFor({ kind: 'agency', agencyCode: AGENCY, roles: ['documents:read'], clientId: 'mot-cua-ha-noi', officialId }));
    const res = await whoami(`Bearer ${token}`).expect(200);
    expect(res.body).toEqual({ kind: 'agency', agencyCode: AGENCY, roles: ['documents:read'], clientId: 'mot-cua-ha-noi', officialId });
  });

  it('when a citizen calls without an identity level, then 200 describes the citizen at level 2', async () => {
    const res = await whoami(`Bearer ${await tokens.citizen(citizenId)}`).expect(200);
    expect(res.body).toEqual({ kind: 'citizen', citizenId, identityLevel: 2 });
  });

  it('when a citizen at identity level 1 calls, then the level is kept', async () => {
    const token = await signToken(claimsFor({ kind: 'citizen', citizenId, identityLevel: 1 }));
    const res = await whoami(`Bearer ${token}`).expect(200);
    expect(res.body).toEqual({ kind: 'citizen', citizenId, identityLevel: 1 });
  });

  it('when an operator calls, then 200 describes the operator', async () => {
    const res = await whoami(`Bearer ${await tokens.operator('van-hanh-01')}`).expect(200);
    expect(res.body).toEqual({ kind: 'operator', operatorId: 'van-hanh-01' });
  });

  it('when the same token is presented twice, then both calls succeed with the same principal', async () => {
    const token = await tokens.agency(AGENCY, ['identity']);
    const first = await whoami(`Bearer ${token}`).expect(200);
    const second = await whoami(`Bearer ${token}`).expect(200);
    expect(second.body).toEqual(first.body);
  });
});

// Spawning the CLI costs a process start each; the engine does not matter, so once per run.
const describeOnce = process.env.MOTLAN_TEST_ENGINE === 'pglite' ? describe : describe.skip;

describeOnce('npm run token (the development token CLI)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-token-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const tokenCli = (args: string[], env: Record<string, string> = {}) => runCli('src/auth/token.cli.ts', args, { DATA_DIR: dataDir, ...env });

  it('when asked for an agency token and no server answers to check it, then stdout is one JWT that the dev issuer under DATA_DIR verifies, and stderr says in one line it was not checked', async () => {
    // The key a server started with this DATA_DIR would have made; port 1 refuses at once.
    await loadDevIssuer(dataDir);
    const run = await tokenCli(['--agency', AGENCY, '--roles', 'prefill,identity', '--url', 'http://127.0.0.1:1']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Cannot reach Motlan at http:\/\/127\.0\.0\.1:1 .*\n$/);
    expect(run.stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);

    const verify = await verifierFromConfig({ dataDir, auth: { audience: 'motlan', trustedIssuers: [], devIssuer: true } });
    await expect(verify(run.stdout.trim())).resolves.toEqual({
      principal: { kind: 'agency', agencyCode: AGENCY, roles: ['prefill', 'identity'], clientId: `one-stop-${AGENCY}` },
      // A jti on every development token, so that an operator can revoke one.
      credential: { issuer: 'urn:motlan:dev-issuer', kid: expect.any(String), jti: expect.stringMatching(/^[0-9a-f-]{36}$/), expiresAt: expect.any(Date) },
    });
  });

  it('when asked for --help, then it prints the usage and exits 0', async () => {
    const run = await tokenCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run token/);
    expect(run.stdout).toContain('--agency CODE');
  });

  it('when the citizen ID is not 12 digits, then it exits 2 with the reason on stderr and nothing on stdout', async () => {
    const run = await tokenCli(['--citizen', '123']);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^"123" is not a 12-digit personal identification number\./);
  });

  it('when NODE_ENV is production, then it refuses to sign and prints no token', async () => {
    const run = await tokenCli(['--agency', AGENCY, '--roles', 'prefill'], { NODE_ENV: 'production' });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/local issuer is off/);
  });
});
