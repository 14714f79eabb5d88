import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { requestLogging } from '../../../src/http/requestLogging';
import { createLogger } from '../../../src/logger';

// The request line and req.log, at the levels production runs (warn) and development runs (info).

function appLoggingAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(requestLogging(createLogger(level, sink)));
  app.get('/v1/subjects/:id', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/v1/documents/:id', (req, res) => {
    req.log.warn('consent missing');
    res.status(403).json({ denied: true });
  });
  return { app, lines };
}

const citizenId = '087192031407';

describe('the request line', () => {
  it('when the level is warn, then a 200 writes nothing and a 403 writes one warn line with the id, the masked URL, the status and the time', async () => {
    const { app, lines } = appLoggingAt('warn');
    await request(app).get(`/v1/subjects/${citizenId}`).expect(200);
    expect(lines).toEqual([]);

    const res = await request(app).get(`/v1/documents/${citizenId}?purpose=1.000894`).set('X-Request-Id', 'mc-2026-12-06.0001').expect(403);
    expect(res.headers['x-request-id']).toBe('mc-2026-12-06.0001');
    const req = { id: 'mc-2026-12-06.0001', method: 'GET', url: '/v1/documents/087*********?purpose=*' };
    // What the handler logged through req.log carries the request too.
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'consent missing', req }),
      expect.objectContaining({ level: 'warn', msg: 'request completed', req, res: { statusCode: 403 }, responseTime: expect.any(Number) }),
    ]);
  });

  it('when the level is info, then a 200 is logged, under a new id when the one sent is not safe to echo', async () => {
    const { app, lines } = appLoggingAt('info');
    const res = await request(app).get(`/v1/subjects/${citizenId}`).set('X-Request-Id', 'id with spaces; and more').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'request completed', req: { id: res.headers['x-request-id'], method: 'GET', url: '/v1/subjects/087*********' }, res: { statusCode: 200 } })]);
    expect(JSON.stringify(lines)).not.toContain(citizenId);
  });
});
