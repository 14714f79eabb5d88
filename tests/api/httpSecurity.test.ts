import supertest from 'supertest';
import type { HttpSecurityConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/ops/metrics';
import { metricsApp } from '../../src/ops/metricsApp';
import { startTestApp, TEST_LIMITS, tokens, type TestApp } from '../support/testApp';

const PRODUCTION: HttpSecurityConfig = { trustProxy: false, hsts: true, metricsToken: undefined, metricsPort: undefined, metricsOpen: false };
const METRICS_TOKEN = 'b3f1c0a5e0c94c7d9d7f1f0e6c2a4b8d-metrics';

describe('in production', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ http: PRODUCTION });
  });
  afterAll(() => app?.close());

  it('when anything is served, then it carries HSTS', async () => {
    for (const path of ['/health/live', '/v1/whoami', '/portal/', '/docs/']) {
      const res = await app.http.get(path);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    }
  });

  it('when /metrics has neither a token nor a port of its own, then nobody gets it on the API port', async () => {
    const res = await app.http.get('/metrics').set('Authorization', `Bearer ${await tokens.operator()}`).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toContain('motlan_http_requests_total');
  });
});

describe('the interactive docs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('when /docs is served, then it may not be framed and runs only its own scripts; development sends no HSTS', async () => {
    const res = await app.http.get('/docs/').expect(200);
    expect(res.headers['x-frame-options']).toBe('DENY');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // The script the page loads comes under the same policy.
    const init = await app.http.get('/docs/swagger-ui-init.js').expect(200);
    expect(init.headers['content-security-policy']).toBe(csp);
  });

  it('when metrics are open (development), then /metrics answers without a token', async () => {
    const res = await app.http.get('/metrics').expect(200);
    expect(res.text).toContain('motlan_http_requests_total');
  });
});

describe('metrics behind a token', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ http: { ...PRODUCTION, metricsToken: METRICS_TOKEN } });
  });
  afterAll(() => app?.close());

  it('when the scraper sends no token or a wrong one, then 401; with METRICS_TOKEN, the metrics', async () => {
    await app.http.get('/metrics').expect(401);
    await app.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
    // An API token is no metrics token.
    await app.http.get('/metrics').set('Authorization', `Bearer ${await tokens.operator()}`).expect(401);
    const res = await app.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.text).toContain('motlan_http_requests_total');
  });
});

describe('metrics on a port of their own', () => {
  it('when METRICS_PORT is set, then the API port does not serve them and the metrics port serves nothing else', async () => {
    const app = await startTestApp({ http: { ...PRODUCTION, metricsOpen: true, metricsPort: 9464 } });
    try {
      await app.http.get('/metrics').expect(404);
    } finally {
      await app.close();
    }
    const metrics = supertest(metricsApp(createMetrics(), undefined, createLogger('silent')));
    expect((await metrics.get('/metrics').expect(200)).text).toContain('process_cpu');
    await metrics.get('/v1/whoami').expect(404);
    await metrics.get('/health/live').expect(404);
    const guarded = supertest(metricsApp(createMetrics(), METRICS_TOKEN, createLogger('silent')));
    await guarded.get('/metrics').expect(401);
    await guarded.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
  });
});

describe('behind a proxy', () => {
  it('when TRUST_PROXY names the proxy, then each client address is limited on its own; without it, X-Forwarded-For changes nothing', async () => {
    const limits = { ...TEST_LIMITS, perIp: { points: 1, seconds: 60 } };
    const trusting = await startTestApp({ limits, http: { ...PRODUCTION, hsts: false, trustProxy: 'loopback' } });
    const naive = await startTestApp({ limits }, { database: trusting.database });
    try {
      const operator = { Authorization: `Bearer ${await tokens.operator()}` };
      await trusting.http.get('/v1/whoami').set(operator).set('X-Forwarded-For', '203.0.113.7').expect(200);
      await trusting.http.get('/v1/whoami').set(operator).set('X-Forwarded-For', '203.0.113.8').expect(200);
      expect((await trusting.http.get('/v1/whoami').set(operator).set('X-Forwarded-For', '203.0.113.7')).status).toBe(429);

      await naive.http.get('/v1/whoami').set(operator).set('X-Forwarded-For', '203.0.113.7').expect(200);
      expect((await naive.http.get('/v1/whoami').set(operator).set('X-Forwarded-For', '203.0.113.8')).status).toBe(429);
    } finally {
      await naive.close();
      await trusting.close();
    }
  });
});
