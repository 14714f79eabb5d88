import express, { Router, type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { routeBySegment } from '../../../src/http/routeBySegment';

// Feature routers run only where they serve the request's first segment: the answers must be those
// of the same routers mounted one after the other.

function features() {
  const log: string[] = [];
  const documents = Router();
  documents.get('/documents/import-status', (_req, res) => void res.json({ by: 'documents', route: 'import-status' }));
  documents.get('/subjects/:id/documents', (req, res) => void res.json({ by: 'documents', subject: req.params.id }));
  const subjects = Router();
  subjects.get('/subjects/:id', (req, res) => void res.json({ by: 'subjects', subject: req.params.id }));
  subjects.get('/documents/:id', (req, res) => void res.json({ by: 'subjects', document: req.params.id }));
  // A middleware without a path: it may serve any request, so it runs for all of them.
  const watcher = Router();
  watcher.use((req, _res, next) => {
    log.push(req.url);
    next();
  });
  // A router mounted without a path inside another serves what its routes serve.
  const identity = Router();
  const verify = Router();
  verify.post('/identity/verify', (_req, res) => void res.json({ by: 'identity' }));
  identity.use(verify);
  const failing = Router();
  failing.get('/reports/:id', () => {
    throw new Error('report store down');
  });
  return { routers: [documents, watcher, subjects, identity, failing], log };
}

function appWith(mount: 'by-segment' | 'in-turn') {
  const { routers, log } = features();
  const app = express();
  if (mount === 'by-segment') app.use('/v1', routeBySegment(routers));
  else for (const r of routers) app.use('/v1', r);
  app.use((req, res) => void res.status(404).json({ missing: req.path }));
  const errors: ErrorRequestHandler = (error: Error, _req, res, _next) => void res.status(500).json({ error: error.message });
  app.use(errors);
  return { app, log };
}

const requests: Array<[method: 'get' | 'post', path: string]> = [
  ['get', '/v1/documents/import-status'],
  ['get', '/v1/documents/5b0c6a2e-2f8e-4a57-9d59-0c7f0f1b1a11'],
  ['get', '/v1/DOCUMENTS/import-status'],
  ['get', '/v1/subjects/087192031407'],
  ['get', '/v1/subjects/087192031407/documents'],
  ['post', '/v1/identity/verify'],
  ['get', '/v1/identity/verify'],
  ['get', '/v1/reports/2026'],
  ['get', '/v1/dossiers/000.31.22.H56-261206-0001'],
  ['get', '/v1/'],
  ['get', '/v1'],
];

describe('routeBySegment', () => {
  it.each(requests)('when %s %s, then it answers as the routers mounted in turn do', async (method, path) => {
    const inTurn = appWith('in-turn');
    const bySegment = appWith('by-segment');
    const expected = await request(inTurn.app)[method](path);
    const got = await request(bySegment.app)[method](path);
    expect({ status: got.status, body: got.body }).toEqual({ status: expected.status, body: expected.body });
    // The middleware that may serve any path saw the request in both.
    expect(bySegment.log).toEqual(inTurn.log);
  });

  it('when two routers serve one segment, then they run in their order, and the first that answers wins', async () => {
    const { app } = appWith('by-segment');
    expect((await request(app).get('/v1/documents/import-status')).body).toEqual({ by: 'documents', route: 'import-status' });
    expect((await request(app).get('/v1/documents/0001')).body).toEqual({ by: 'subjects', document: '0001' });
    expect((await request(app).get('/v1/subjects/087192031407/documents')).body).toEqual({ by: 'documents', subject: '087192031407' });
  });
});
