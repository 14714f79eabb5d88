import { openTestDatabase } from '../support/testDatabase';
import { startTestApp, type TestApp } from '../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('operations', () => {
  it('when the database answers and migrations are applied, then /health/ready is 200', async () => {
    const res = await app.http.get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'ready', database: 'up', replica: 'none', contentStore: 'none', migrations: { current: true } });
  });

  it('when a read replica is configured, then /health/ready asks it too, and answers 503 naming it when it does not answer', async () => {
    const replica = await openTestDatabase();
    const withReplica = await startTestApp({ readDb: replica.db }, { database: app.database });
    try {
      const ready = await withReplica.http.get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'ready', database: 'up', replica: 'up' });
      await replica.close();
      const res = await withReplica.http.get('/health/ready').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'https://motlan.vn/problems/not-ready', status: 503, detail: 'The read replica (DATABASE_REPLICA_URL) does not answer.' });
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await withReplica.close();
    }
  });

  it('when asked for metrics after a request, then the request is counted by route template', async () => {
    await app.http.get('/health/live').expect(200);
    const res = await app.http.get('/metrics').expect(200);
    expect(res.text).toMatch(/motlan_http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/);
    expect(res.text).toContain('motlan_http_request_duration_seconds_bucket');
  });

  it('serves the bundled contract with every schema reference local', async () => {
    const res = await app.http.get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(JSON.stringify(res.body)).not.toMatch(/"\$ref":"(?!#)/);
    expect(res.body.components.schemas.Problem).toBeDefined();
  });

  it('serves interactive docs at /docs', async () => {
    const res = await app.http.get('/docs/').expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
