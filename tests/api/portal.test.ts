import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../../src/config';
import { makeCitizenId } from '../../src/ids';
import { expectToMatchSchema, mountedRoutes } from '../support/contract';
import { bearer, cookieFrom, oidcConfigFor, startFakeProvider, startPortalApp, type FakeProvider, type PortalTestApp } from './portal.support';

const hang = { id: makeCitizenId({ provinceCode: '082', sex: 'female', birthYear: 1987, serial: 4521 }), name: 'Nguyễn Thị Thu Hằng' };
const phuc = { id: makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1985, serial: 1102 }), name: 'Trần Văn Phúc' };
const SO_TU_PHAP = '000.17.22.H56';
const SESSION = 'motlan-session';
const SIGN_IN = 'motlan-signin';
const grant = { grantee: { agencyCode: SO_TU_PHAP }, purposes: ['1.000894'], documentTypes: ['birth-certificate'] };

/** Where the callback's hand-off page sends the browser next. */
function nextPage(res: { text: string }): string | undefined {
  return /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(res.text)?.[1];
}

async function registerPeople(app: PortalTestApp) {
  const operator = await bearer.operator();
  for (const p of [hang, phuc]) await app.http.put(`/v1/subjects/${p.id}`).set(operator).send({ name: p.name }).expect(201);
  await app.http.put(`/v1/agencies/${SO_TU_PHAP}`).set(operator).send({ name: 'Sở Tư pháp tỉnh Đồng Tháp', level: 'province', parentCode: null, jwks: { keys: [] } });
}

/** Signs in through the development sign-in; returns the cookie pair and the session's CSRF token. */
async function devSignIn(app: PortalTestApp, citizenId: string, identityLevel: 1 | 2 = 2) {
  const res = await app.http.post('/portal/dev/sign-in').send({ citizenId, identityLevel }).expect(201);
  return { cookie: cookieFrom(res, SESSION)!.pair, csrf: res.body.csrfToken as string, body: res.body };
}

describe('portal configuration', () => {
  const base = { NODE_ENV: 'development' };

  it('without OIDC_ISSUER there is no provider sign-in, and sessions last 30 minutes', () => {
    expect(loadConfig(base).portal).toEqual({ sessionKey: undefined, sessionMinutes: 30, oidc: undefined });
  });

  it('reads the provider: issuer kept as given, defaults for redirect, scopes and claims', () => {
    const config = loadConfig({ ...base, PORT: '4000', OIDC_ISSUER: 'https://sso.vneid.gov.vn/', OIDC_CLIENT_ID: 'motlan' });
    expect(config.portal.oidc).toEqual({
      issuer: 'https://sso.vneid.gov.vn/',
      clientId: 'motlan',
      clientSecret: undefined,
      redirectUri: 'http://localhost:4000/portal/callback',
      scopes: 'openid',
      citizenIdClaim: 'sub',
      identityLevelClaim: 'identity_level',
      nameClaim: 'name',
      displayName: 'VNeID',
    });
  });

  it.each([
    [{ OIDC_ISSUER: 'https://idp.example' }, /OIDC_CLIENT_ID/],
    [{ OIDC_ISSUER: 'ftp://idp.example', OIDC_CLIENT_ID: 'x' }, /OIDC_ISSUER/],
    [{ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'x', OIDC_SCOPES: 'profile' }, /openid/],
    [{ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'x', OIDC_CITIZEN_ID_CLAIM: 'bad claim' }, /OIDC_CITIZEN_ID_CLAIM/],
    [{ PORTAL_SESSION_KEY: 'too-short' }, /PORTAL_SESSION_KEY/],
    [{ PORTAL_SESSION_MINUTES: '2' }, /PORTAL_SESSION_MINUTES/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('in production the provider must be https, and so must PUBLIC_URL (the cookie is Secure)', () => {
    const prod = { NODE_ENV: 'production', SIGNING_KEY_FILE: '/dev/null', OIDC_CLIENT_ID: 'motlan' };
    expect(() => loadConfig({ ...prod, OIDC_ISSUER: 'http://idp.example', PUBLIC_URL: 'https://motlan.example' })).toThrow(/https/);
    expect(() => loadConfig({ ...prod, OIDC_ISSUER: 'https://idp.example', PUBLIC_URL: 'http://motlan.example' })).toThrow(/PUBLIC_URL/);
    expect(loadConfig({ ...prod, OIDC_ISSUER: 'https://idp.example', PUBLIC_URL: 'https://motlan.example' }).portal.oidc?.redirectUri).toBe('https://motlan.example/portal/callback');
  });

  it('takes a 32-byte session key in base64url', () => {
    const key = Buffer.alloc(32, 7).toString('base64url');
    expect(loadConfig({ ...base, PORTAL_SESSION_KEY: key }).portal.sessionKey).toEqual(new Uint8Array(Buffer.alloc(32, 7)));
  });
});

describe('sign-in with an OpenID Connect provider (authorization code + PKCE)', () => {
  let provider: FakeProvider;
  let app: PortalTestApp;
  beforeAll(async () => {
    provider = await startFakeProvider({ claims: { sub: hang.id, identity_level: 2, name: hang.name } });
    app = await startPortalApp({ portal: { oidc: oidcConfigFor(provider) } });
    await registerPeople(app);
  });
  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });
  beforeEach(() => {
    provider.behaviour = { claims: { sub: hang.id, identity_level: 2, name: hang.name } };
  });

  /** The browser's round trip: portal → provider → callback; returns the callback's response. */
  async function signIn(tamper: (callback: string) => string = (c) => c, signInCookie = true) {
    const start = await app.http.get('/portal/sign-in').expect(200);
    const pending = cookieFrom(start, SIGN_IN)!;
    const callback = await provider.authorize(start.body.authorizationUrl);
    const req = app.http.get(tamper(callback));
    return signInCookie ? req.set('Cookie', pending.pair) : req;
  }

  it('sends the browser to the provider with PKCE S256, state and nonce, remembering them in a short Lax cookie', async () => {
    const res = await app.http.get('/portal/sign-in').expect(200);
    expectToMatchSchema(res.body, 'portal/sign-in-start');
    const url = new URL(res.body.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: 'http://motlan.test/portal/callback',
      scope: 'openid profile',
      code_challenge_method: 'S256',
    });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = cookieFrom(res, SIGN_IN)!.header;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=600/);
    // The cookie is sealed: neither the state nor the verifier can be read from it.
    expect(cookie).not.toContain(url.searchParams.get('state')!);
  });

  it('when the citizen comes back with a code, then the code is redeemed with the verifier and a Strict http-only session starts', async () => {
    const res = await signIn();
    expect(res.status).toBe(200);
    expect(nextPage(res)).toBe('/portal/');
    expect(provider.redemptions.at(-1)).toEqual({ verifierMatches: true, clientAuthenticated: true, redirectUri: 'http://motlan.test/portal/callback' });
    const session = cookieFrom(res, SESSION)!;
    expect(session.header).toMatch(/HttpOnly/);
    expect(session.header).toMatch(/SameSite=Strict/);
    expect(session.header).not.toMatch(/Secure/);
    expect(cookieFrom(res, SIGN_IN)!.header).toMatch(/Expires=Thu, 01 Jan 1970/);

    const me = await app.http.get('/portal/session').set('Cookie', session.pair).expect(200);
    expectToMatchSchema(me.body, 'portal/session');
    expect(me.body).toMatchObject({ citizen: { id: hang.id, name: hang.name, identityLevel: 2 }, via: 'oidc' });
    // The same cookie reaches the documented /v1 citizen routes.
    const consents = await app.http.get('/v1/me/consents').set('Cookie', session.pair).expect(200);
    expect(consents.body.items).toEqual([]);
  });

  it('maps configured claims: the ID from another claim, the level from a string', async () => {
    const other = await startPortalApp({ portal: { oidc: oidcConfigFor(provider, { citizenIdClaim: 'citizen_id', identityLevelClaim: 'acr' }) } });
    try {
      provider.behaviour = { claims: { sub: 'opaque-subject-42', citizen_id: phuc.id, acr: 'urn:vneid:loa:1' } };
      const start = await other.http.get('/portal/sign-in').expect(200);
      const res = await other.http.get(await provider.authorize(start.body.authorizationUrl)).set('Cookie', cookieFrom(start, SIGN_IN)!.pair).expect(200);
      const me = await other.http.get('/portal/session').set('Cookie', cookieFrom(res, SESSION)!.pair).expect(200);
      expect(me.body.citizen).toEqual({ id: phuc.id, name: null, identityLevel: 1 });
    } finally {
      await other.close();
    }
  });

  it.each<[string, (p: FakeProvider) => void, ((c: string) => string) | undefined, string]>([
    ['the state was changed on the way back', () => undefined, (c) => c.replace(/state=[^&]+/, 'state=forged'), 'state_mismatch'],
    ['the id_token carries another nonce', (p) => (p.behaviour.nonce = 'replayed-nonce'), undefined, 'id_token_invalid'],
    ['the id_token is for another client', (p) => (p.behaviour.audience = 'someone-else'), undefined, 'id_token_invalid'],
    ['the id_token names another issuer', (p) => (p.behaviour.issuer = 'https://evil.example'), undefined, 'id_token_invalid'],
    ['the id_token is signed with a key the provider does not publish', (p) => (p.behaviour.foreignKey = true), undefined, 'id_token_invalid'],
    ['the subject is not a personal ID', (p) => (p.behaviour.claims = { sub: '123' }), undefined, 'no_citizen_id'],
    ['the citizen cancelled at the provider', (p) => (p.behaviour.error = 'access_denied'), undefined, 'cancelled'],
    ['the code is replayed', () => undefined, undefined, 'token_rejected'],
  ])('when %s, then no session starts and the portal says why', async (_case, arrange, tamper, reason) => {
    arrange(provider);
    let res;
    if (reason === 'token_rejected') {
      const start = await app.http.get('/portal/sign-in').expect(200);
      const callback = await provider.authorize(start.body.authorizationUrl);
      await app.http.get(callback).set('Cookie', cookieFrom(start, SIGN_IN)!.pair).expect(200);
      res = await app.http.get(callback).set('Cookie', cookieFrom(start, SIGN_IN)!.pair);
    } else res = await signIn(tamper);
    expect(res.status).toBe(200);
    expect(nextPage(res)).toBe(`/portal/?signin_error=${reason}`);
    expect(cookieFrom(res, SESSION)).toBeUndefined();
  });

  it('when the sign-in cookie is missing (another browser, or too late), then the callback refuses', async () => {
    const res = await signIn(undefined, false);
    expect(nextPage(res)).toBe('/portal/?signin_error=expired');
    expect(cookieFrom(res, SESSION)).toBeUndefined();
  });

  it('when the provider cannot be reached, then the sign-in does not start', async () => {
    const down = await startPortalApp({ portal: { oidc: oidcConfigFor(provider, { issuer: 'http://127.0.0.1:9/idp' }) } });
    try {
      const res = await down.http.get('/portal/sign-in').expect(503);
      expect(res.body.type).toBe('https://motlan.vn/problems/sign-in-provider-unavailable');
      expect(cookieFrom(res, SIGN_IN)).toBeUndefined();
    } finally {
      await down.close();
    }
  });

  it('a level-1 identity may look but not consent (Decree 69/2024)', async () => {
    provider.behaviour = { claims: { sub: hang.id, identity_level: 1 } };
    const res = await signIn();
    const session = await app.http.get('/portal/session').set('Cookie', cookieFrom(res, SESSION)!.pair).expect(200);
    const refused = await app.http.post('/v1/me/consents').set('Cookie', cookieFrom(res, SESSION)!.pair).set('X-CSRF-Token', session.body.csrfToken).send(grant).expect(403);
    expect(refused.body.type).toBe('https://motlan.vn/problems/identity-level-too-low');
  });
});

describe('the session cookie on /v1', () => {
  let app: PortalTestApp;
  let now = new Date('2026-11-27T03:00:00Z');
  beforeAll(async () => {
    app = await startPortalApp({ devSignIn: true, clock: () => now });
    await registerPeople(app);
  });
  afterAll(() => app?.close());

  it('reads with the cookie alone; changes need the CSRF token of that same session', async () => {
    const { cookie, csrf } = await devSignIn(app, hang.id);
    await app.http.get('/v1/me/consents').set('Cookie', cookie).expect(200);

    const missing = await app.http.post('/v1/me/consents').set('Cookie', cookie).send(grant).expect(403);
    expect(missing.body.type).toBe('https://motlan.vn/problems/csrf-token-invalid');
    const other = await devSignIn(app, hang.id);
    await app.http.post('/v1/me/consents').set('Cookie', cookie).set('X-CSRF-Token', other.csrf).send(grant).expect(403);
    const consents = await app.http.get('/v1/me/consents').set('Cookie', cookie).expect(200);
    expect(consents.body.items).toEqual([]);

    const created = await app.http.post('/v1/me/consents').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(grant).expect(201);
    expect(created.body).toMatchObject({ channel: 'portal', grantee: { agencyCode: SO_TU_PHAP } });
    await app.http.post(`/v1/me/consents/${created.body.id}/revoke`).set('Cookie', cookie).expect(403);
    await app.http.post(`/v1/me/consents/${created.body.id}/revoke`).set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(200);
  });

  it('a forged or altered cookie is 401, never someone else', async () => {
    const { cookie } = await devSignIn(app, hang.id);
    const [name, value] = cookie.split('=') as [string, string];
    const altered = `${name}=${value.slice(0, -4)}${value.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await app.http.get('/v1/me/consents').set('Cookie', altered).expect(401);
    await app.http.get('/portal/session').set('Cookie', altered).expect(401);
    await app.http.get('/v1/me/consents').set('Cookie', `${SESSION}=not-a-session`).expect(401);
  });

  it('only a citizen: the cookie does not open agency or operator routes', async () => {
    const { cookie } = await devSignIn(app, hang.id);
    await app.http.get(`/v1/subjects/${phuc.id}`).set('Cookie', cookie).expect(403);
    await app.http.get('/v1/legal-bases').set('Cookie', cookie).expect(403);
  });

  it('a bearer token wins over the cookie', async () => {
    const { cookie } = await devSignIn(app, hang.id);
    const res = await app.http.get('/v1/whoami').set('Cookie', cookie).set(await bearer.citizen(phuc.id)).expect(200);
    expect(res.body).toMatchObject({ kind: 'citizen', citizenId: phuc.id });
  });

  it('expires: past its lifetime the same cookie is refused; while the citizen is active it is renewed', async () => {
    now = new Date('2026-11-27T03:00:00Z');
    const { cookie } = await devSignIn(app, hang.id);
    now = new Date('2026-11-27T03:20:00Z');
    const renewed = await app.http.get('/portal/session').set('Cookie', cookie).expect(200);
    expect(renewed.body.expiresAt).toBe('2026-11-27T03:50:00.000Z');
    const fresh = cookieFrom(renewed, SESSION)!.pair;
    now = new Date('2026-11-27T03:40:00Z');
    await app.http.get('/v1/me/consents').set('Cookie', cookie).expect(401);
    await app.http.get('/v1/me/consents').set('Cookie', fresh).expect(200);
    now = new Date('2026-11-27T04:30:00Z');
    await app.http.get('/v1/me/consents').set('Cookie', fresh).expect(401);
    now = new Date('2026-11-27T03:00:00Z');
  });

  it('signing out needs the CSRF token, then clears the cookie', async () => {
    const { cookie, csrf } = await devSignIn(app, hang.id);
    await app.http.delete('/portal/session').set('Cookie', cookie).expect(403);
    const out = await app.http.delete('/portal/session').set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204);
    expect(cookieFrom(out, SESSION)!.header).toMatch(/Expires=Thu, 01 Jan 1970/);
    await app.http.get('/portal/session').expect(401);
  });
});

describe('signing out ends the session on the server', () => {
  let app: PortalTestApp;
  let other: PortalTestApp;
  beforeAll(async () => {
    app = await startPortalApp({ devSignIn: true });
    // A second instance on the same database, as behind a load balancer.
    other = await startPortalApp({ devSignIn: true, database: app.database });
    await registerPeople(app);
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  it('when Hằng signs out, then a copy of her cookie taken before works on no instance, and her other session is untouched', async () => {
    const { cookie, csrf } = await devSignIn(app, hang.id);
    const phone = await devSignIn(app, hang.id);
    await app.http.get('/v1/me/consents').set('Cookie', cookie).expect(200);
    await other.http.get('/v1/me/consents').set('Cookie', cookie).expect(200);

    await other.http.delete('/portal/session').set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204);

    for (const instance of [app, other]) {
      await instance.http.get('/portal/session').set('Cookie', cookie).expect(401);
      const refused = await instance.http.get('/v1/me/consents').set('Cookie', cookie).expect(401);
      expect(refused.body.detail).toMatch(/session has ended/);
      await instance.http.post('/v1/me/consents').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(grant).expect(401);
      await instance.http.get('/v1/me/consents').set('Cookie', phone.cookie).expect(200);
    }
  });

  it('when the session table holds the session, then it holds no personal data', async () => {
    await devSignIn(app, phuc.id);
    const stored = await app.database.db.execute(sql`select * from portal_sessions`);
    const text = JSON.stringify(Array.isArray(stored) ? stored : (stored as unknown as { rows: unknown[] }).rows);
    expect(text).not.toContain(phuc.id);
    expect(text).not.toContain(hang.id);
  });
});

describe('the development sign-in', () => {
  let app: PortalTestApp;
  beforeAll(async () => {
    app = await startPortalApp({ devSignIn: true });
    await registerPeople(app);
  });
  afterAll(() => app?.close());

  it('signs in with a token of the local issuer, at the level asked for', async () => {
    const { body } = await devSignIn(app, phuc.id, 1);
    expectToMatchSchema(body, 'portal/session');
    expect(body).toMatchObject({ citizen: { id: phuc.id, identityLevel: 1 }, via: 'dev' });
    const methods = await app.http.get('/portal/sign-in-methods').expect(200);
    expectToMatchSchema(methods.body, 'portal/sign-in-methods');
    expect(methods.body).toEqual({ provider: null, dev: { citizens: [] } });
  });

  it('takes JSON only, from the portal itself: a form on another site cannot sign a browser in', async () => {
    await app.http.post('/portal/dev/sign-in').type('form').send({ citizenId: hang.id }).expect(415);
    await app.http.post('/portal/dev/sign-in').set('Origin', 'https://evil.example').send({ citizenId: hang.id }).expect(403);
    await app.http.post('/portal/dev/sign-in').send({ citizenId: '12345' }).expect(400);
  });

  it('is not there when the local issuer is off, and its sessions no longer count', async () => {
    const off = await startPortalApp({ devSignIn: false });
    try {
      // The same key seals both apps' cookies (derived from the same signing key).
      const { cookie } = await devSignIn(app, hang.id);
      await off.http.get('/portal/session').set('Cookie', cookie).expect(401);
      await off.http.get('/v1/me/consents').set('Cookie', cookie).expect(401);
      await off.http.post('/portal/dev/sign-in').send({ citizenId: hang.id }).expect(404);
      const methods = await off.http.get('/portal/sign-in-methods').expect(200);
      expect(methods.body).toEqual({ provider: null, dev: null });
      await off.http.get('/portal/sign-in').expect(404);
    } finally {
      await off.close();
    }
  });

  it('over https the cookie is Secure with the __Host- prefix', async () => {
    const https = await startPortalApp({ devSignIn: true, publicUrl: 'https://motlan.example' });
    try {
      const res = await https.http.post('/portal/dev/sign-in').send({ citizenId: hang.id }).expect(201);
      const cookie = cookieFrom(res, `__Host-${SESSION}`)!;
      expect(cookie.header).toMatch(/; Path=\/; /);
      expect(cookie.header).toMatch(/; Secure/);
      expect(cookie.header).not.toMatch(/Domain=/);
      await https.http.get('/portal/session').set('Cookie', cookie.pair).expect(200);
      // The plain-http name is not read over https.
      await https.http.get('/portal/session').set('Cookie', cookie.pair.replace('__Host-', '')).expect(401);
    } finally {
      await https.close();
    }
  });
});

describe('the portal pages and directory', () => {
  let app: PortalTestApp;
  beforeAll(async () => {
    app = await startPortalApp({ devSignIn: true });
    await registerPeople(app);
  });
  afterAll(() => app?.close());

  it('serves the page in Vietnamese with a strict content security policy', async () => {
    const res = await app.http.get('/portal/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html lang="vi">');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    await app.http.get('/portal/app.js').expect(200).expect('Content-Type', /javascript/);
    await app.http.get('/portal').expect(301);
  });

  it('names agencies for signed-in citizens only', async () => {
    await app.http.get('/portal/agencies').expect(401);
    const { cookie } = await devSignIn(app, hang.id);
    const res = await app.http.get(`/portal/agencies?codes=${SO_TU_PHAP},000.99.99.H56`).set('Cookie', cookie).expect(200);
    expectToMatchSchema(res.body, 'portal/agency-directory');
    expect(res.body.items).toEqual([{ code: SO_TU_PHAP, name: 'Sở Tư pháp tỉnh Đồng Tháp', level: 'province' }]);
    const search = await app.http.get(`/portal/agencies?q=${encodeURIComponent('tư pháp')}`).set('Cookie', cookie).expect(200);
    expect(search.body.items.map((a: { code: string }) => a.code)).toEqual([SO_TU_PHAP]);
    const procedures = await app.http.get('/portal/procedures?codes=1.000894').set('Cookie', cookie).expect(200);
    expectToMatchSchema(procedures.body, 'portal/procedure-directory');
    await app.http.get('/portal/agencies?codes=%27%3Bdrop').set('Cookie', cookie).expect(400);
  });

  it('documents every /portal route it mounts in openapi.yaml, and nothing more', () => {
    const document = parse(fs.readFileSync(path.join(__dirname, '../../openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths)
      .filter(([p]) => p.startsWith('/portal'))
      .flatMap(([p, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(mountedRoutes(app.app).filter((r) => r.includes(' /portal'))).toEqual(documented);
  });
});
