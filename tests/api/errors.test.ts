import type { Response } from 'supertest';
import { validatorFor } from '../../src/http/schemaRegistry';
import { startTestApp, tokens, type TestApp } from '../support/testApp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const problemSchema = validatorFor('common/problem');

/** Every error leaves as RFC 9457 problem+json that satisfies the documented Problem schema. */
function expectProblem(res: Response, status: number, slug: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(problemSchema(res.body) ? [] : problemSchema.errors).toEqual([]);
  expect(res.body).toMatchObject({ type: `https://motlan.vn/problems/${slug}`, status, title: expect.any(String) });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
}

let app: TestApp;
let agencyToken: string;
beforeAll(async () => {
  app = await startTestApp();
  agencyToken = await tokens.agency('000.00.00.H56', ['prefill']);
});
afterAll(() => app?.close());

describe('unknown routes', () => {
  it('when a path outside /v1 matches no route, then 404 names the method and path', async () => {
    const res = await app.http.get('/khong-ton-tai?ma=1');
    expectProblem(res, 404, 'not-found');
    expect(res.body).toMatchObject({ instance: '/khong-ton-tai', detail: 'No route GET /khong-ton-tai.' });
  });

  it('when an authenticated caller asks for an unknown /v1 path, then 404', async () => {
    const res = await app.http.get('/v1/ho-so').set('Authorization', `Bearer ${agencyToken}`);
    expectProblem(res, 404, 'not-found');
    expect(res.body.instance).toBe('/v1/ho-so');
  });

  it('when an anonymous caller asks for an unknown /v1 path, then 401: nothing under /v1 is revealed before authentication', async () => {
    const res = await app.http.get('/v1/ho-so');
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  });
});

describe('wrong methods', () => {
  it('when /health/live is POSTed to, then 405 with Allow listing GET and HEAD', async () => {
    const res = await app.http.post('/health/live').send({});
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.body.detail).toMatch(/^POST is not supported here/);
  });

  it('when /v1/whoami is DELETEd by an authenticated caller, then 405 with Allow listing GET and HEAD', async () => {
    const res = await app.http.delete('/v1/whoami').set('Authorization', `Bearer ${agencyToken}`);
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});

describe('unexpected failures', () => {
  const secret = 'pool exhausted at postgres://motlan:hunter2@db.noi-bo.gov.vn/motlan';
  let failing: TestApp;
  beforeAll(async () => {
    failing = await startTestApp({
      verifyToken: async () => {
        throw new Error(secret);
      },
    });
  });
  afterAll(() => failing?.close());

  it('when a dependency throws something unanticipated, then 500 carries the request id and nothing internal', async () => {
    const res = await failing.http.get('/v1/whoami').set('Authorization', `Bearer ${agencyToken}`);
    expectProblem(res, 500, 'internal-error');
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(res.body.detail).toMatch(/Quote the request id/);
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('pool exhausted');
    expect(res.text).not.toMatch(/stack|\bat .+\.ts:\d+/);
  });

  it('when the caller sent a request id, then the 500 quotes that id', async () => {
    const res = await failing.http.get('/v1/whoami').set('Authorization', `Bearer ${agencyToken}`).set('X-Request-Id', 'mot-cua-20251127-0042');
    expectProblem(res, 500, 'internal-error');
    expect(res.body.requestId).toBe('mot-cua-20251127-0042');
  });
});

describe('X-Request-Id', () => {
  it('when the caller sends a safe id, then it is echoed in the header', async () => {
    const res = await app.http.get('/health/live').set('X-Request-Id', 'one-stop.HN:2025-11-27_0001').expect(200);
    expect(res.headers['x-request-id']).toBe('one-stop.HN:2025-11-27_0001');
  });

  it('when the caller sends none, then a UUID is generated', async () => {
    const res = await app.http.get('/health/live').expect(200);
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it.each([
    ['contains spaces', 'my request 1'],
    ['is 200 characters long', 'a'.repeat(200)],
    ['carries markup', '<script>alert(1)</script>'],
  ])('when the caller id %s, then it is replaced by a generated UUID, in the header and the problem', async (_case, given) => {
    const res = await app.http.get('/khong-ton-tai').set('X-Request-Id', given);
    expectProblem(res, 404, 'not-found');
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(res.text).not.toContain(given);
  });
});
