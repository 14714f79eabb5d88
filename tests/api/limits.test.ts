import { sql } from 'drizzle-orm';
import type { LimitsConfig } from '../../src/config';
import { makeCitizenId } from '../../src/ids';
import { expectToMatchSchema } from '../support/contract';
import { signToken, startTestApp, TEST_LIMITS, tokens, type TestApp } from '../support/testApp';
import { people, rows, setUpVault, UBND_XA } from './documents.support';

const limited = (over: Partial<LimitsConfig>): LimitsConfig => ({ ...TEST_LIMITS, ...over });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const agency = async (code = UBND_XA, roles: Parameters<typeof tokens.agency>[1] = ['subjects:read', 'consents:request'], clientId?: string) =>
  bearer(await tokens.agency(code, roles, clientId));

/** A 429 as the contract has it: problem+json naming the limit, with Retry-After in whole seconds. */
function expectRateLimited(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, limit: string, windowSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expectToMatchSchema(res.body, 'common/problem');
  expect(res.body).toMatchObject({ type: 'https://motlan.vn/problems/rate-limited', status: 429, limit });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(res.body.retryAfter).toBe(retryAfter);
  expect(res.body.detailVi).toMatch(/thử lại sau/);
}

describe('per address', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ limits: limited({ perIp: { points: 3, seconds: 60 } }) });
  });
  afterAll(() => app?.close());

  it('when one address sends a fourth request in a minute, then 429 with Retry-After; health checks are not counted', async () => {
    const operator = bearer(await tokens.operator());
    for (let i = 0; i < 3; i++) await app.http.get('/v1/whoami').set(operator).expect(200);
    const refused = await app.http.get('/v1/whoami').set(operator);
    expectRateLimited(refused, 'ip', 60);
    // Another client from the same address is the same address.
    expectRateLimited(await app.http.get('/v1/whoami').set(await agency()), 'ip', 60);
    await app.http.get('/health/live').expect(200);
    await app.http.get('/health/ready').expect(200);
  });
});

describe('per client', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ limits: limited({ perClient: { points: 2, seconds: 60 } }) });
  });
  afterAll(() => app?.close());

  it("when a client spends its requests, then it gets 429 and another client's requests still pass", async () => {
    const first = await agency(UBND_XA, ['subjects:read'], 'one-stop-my-phong');
    await app.http.get('/v1/whoami').set(first).expect(200);
    await app.http.get('/v1/whoami').set(first).expect(200);
    expectRateLimited(await app.http.get('/v1/whoami').set(first), 'client', 60);
    // A new token for the same client is the same client.
    expectRateLimited(await app.http.get('/v1/whoami').set(await agency(UBND_XA, ['subjects:read'], 'one-stop-my-phong')), 'client', 60);
    await app.http.get('/v1/whoami').set(await agency(UBND_XA, ['subjects:read'], 'one-stop-tan-my-chanh')).expect(200);
    await app.http.get('/v1/whoami').set(bearer(await tokens.citizen(people.hang.id))).expect(200);
  });
});

describe('failed authentication', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ limits: limited({ failedAuth: { points: 3, seconds: 900 } }) });
  });
  afterAll(() => app?.close());

  it('when an address has failed three times, then even a valid token from it gets 429 until the window ends', async () => {
    const valid = await agency();
    // Successes do not count against the address.
    for (let i = 0; i < 5; i++) await app.http.get('/v1/whoami').set(valid).expect(200);
    const forged = await signToken({ sub: 'one-stop-x', kind: 'agency', agency_code: UBND_XA, roles: [] }, { issuer: 'urn:not-trusted' });
    await app.http.get('/v1/whoami').set(bearer(forged)).expect(401);
    await app.http.get('/v1/whoami').set('Authorization', 'Bearer not.a.jwt').expect(401);
    await app.http.get('/v1/whoami').set('Cookie', 'motlan-session=guessed').expect(401);
    expectRateLimited(await app.http.get('/v1/whoami').set(bearer(forged)), 'failed-authentication', 900);
    expectRateLimited(await app.http.get('/v1/whoami').set(valid), 'failed-authentication', 900);
  });
});

describe('consent requests per subject', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ limits: limited({ consentRequests: { points: 2, seconds: 86_400 } }) });
    await setUpVault(app);
  });
  afterAll(() => app?.close());

  const ask = (subject: string) => ({ subject, purpose: '1.000894', documentTypes: ['birth-certificate'], note: 'Để đăng ký kết hôn.' });
  const requestsFor = async () => (await rows<{ n: number }>(app, sql`select count(*)::int as n from consent_requests`))[0]!.n;

  it("when an agency asks the same citizen a third time in a day, then 429 and nothing is stored; other citizens and other agencies are not held back", async () => {
    const commune = await agency(UBND_XA, ['consents:request']);
    await app.http.post('/v1/consent-requests').set(commune).send(ask(people.anh.id)).expect(201);
    await app.http.post('/v1/consent-requests').set(commune).send(ask(people.anh.id)).expect(201);
    const before = await requestsFor();
    expectRateLimited(await app.http.post('/v1/consent-requests').set(commune).send(ask(people.anh.id)), 'consent-requests', 86_400);
    expect(await requestsFor()).toBe(before);

    await app.http.post('/v1/consent-requests').set(commune).send(ask(people.hang.id)).expect(201);
    await app.http.post('/v1/consent-requests').set(await agency('000.17.22.H56', ['consents:request'])).send(ask(people.anh.id)).expect(201);
  });

  it('when the ID is one Motlan does not hold, then it spends the same allowance, so probing IDs stays slow', async () => {
    const stranger = makeCitizenId({ provinceCode: '087', sex: 'male', birthYear: 1990, serial: 55_501 });
    const commune = await agency(UBND_XA, ['consents:request']);
    const first = await app.http.post('/v1/consent-requests').set(commune).send(ask(stranger));
    expect(first.status).not.toBe(429);
    await app.http.post('/v1/consent-requests').set(commune).send(ask(stranger));
    expectRateLimited(await app.http.post('/v1/consent-requests').set(commune).send(ask(stranger)), 'consent-requests', 86_400);
  });
});

describe('lookups that reveal whether Motlan holds someone', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ limits: limited({ subjectLookups: { points: 3, seconds: 60 } }) });
    await setUpVault(app);
  });
  afterAll(() => app?.close());

  it('when an agency client has looked up three subjects, then further lookups, matching and prefill are 429, and other routes still answer', async () => {
    const client = await agency(UBND_XA, ['subjects:read', 'identity', 'prefill']);
    await app.http.get(`/v1/subjects/${people.hang.id}`).set(client).expect(200);
    await app.http.get(`/v1/subjects/${makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1961, serial: 90_001 })}`).set(client).expect(404);
    await app.http.get(`/v1/subjects/${people.anh.id}`).set(client).expect(200);
    expectRateLimited(await app.http.get(`/v1/subjects/${people.phuc.id}`).set(client), 'subject-lookups', 60);
    expectRateLimited(await app.http.post('/v1/identity/verify').set(client).send({}), 'subject-lookups', 60);
    expectRateLimited(await app.http.post('/v1/prefill').set(client).send({}), 'subject-lookups', 60);
    await app.http.get('/v1/whoami').set(client).expect(200);
    // Operators maintain the registry: the per-client limit holds them, not this one.
    const operator = bearer(await tokens.operator());
    for (let i = 0; i < 4; i++) await app.http.get(`/v1/subjects/${people.hang.id}`).set(operator).expect(200);
  });
});

describe('limits kept in PostgreSQL', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    const limits = limited({ store: 'postgres', perClient: { points: 3, seconds: 60 } });
    first = await startTestApp({ limits });
    second = await startTestApp({ limits }, { database: first.database });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('when a client spreads its requests over two instances on one database, then they count together, under keys that name no one', async () => {
    const citizen = bearer(await tokens.citizen(people.hang.id));
    await first.http.get('/v1/whoami').set(citizen).expect(200);
    await second.http.get('/v1/whoami').set(citizen).expect(200);
    await first.http.get('/v1/whoami').set(citizen).expect(200);
    expectRateLimited(await second.http.get('/v1/whoami').set(citizen), 'client', 60);
    expectRateLimited(await first.http.get('/v1/whoami').set(citizen), 'client', 60);

    const keys = await rows<{ key: string; points: number }>(first, sql`select key, points from rate_limits`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.map((k) => k.key).join(' ')).not.toContain(people.hang.id);
    expect(keys.map((k) => k.key).join(' ')).not.toContain('127.0.0.1');
  });
});
