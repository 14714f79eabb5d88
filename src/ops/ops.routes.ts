import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { stringify } from 'yaml';
import { ping, type Database } from '../db/database';
import { migrationStatus } from '../db/migrate';
import { methodNotAllowed } from '../http/errorHandler';
import { pageHeaders } from '../http/pageHeaders';
import { problem } from '../http/problem';
import type { Metrics } from './metrics';
import { bundleOpenApi } from './openapiDocument';

/** Who may read /metrics on the API port: anyone (development), holders of a token, or nobody (served on a port of its own, or not at all). */
export type MetricsAccess = { kind: 'open' } | { kind: 'token'; token: string } | { kind: 'closed' };

export interface OpsDeps {
  db: Database;
  migrationsDir: string;
  metrics: Metrics;
  metricsAccess: MetricsAccess;
}

/** Health, metrics and the contract: unauthenticated (metrics aside, by configuration) and free of personal data. */
export function opsRoutes({ db, migrationsDir, metrics, metricsAccess }: OpsDeps): Router {
  const router = Router();
  const openapi = bundleOpenApi();
  const openapiYaml = stringify(openapi, { aliasDuplicateObjects: false });

  router.route('/health/live').get((_req, res) => {
    res.json({ status: 'live' });
  }).all(methodNotAllowed);

  router.route('/health/ready').get(async (_req, res) => {
    try {
      await ping(db);
    } catch {
      throw problem(503, 'not-ready', 'Not ready', { detail: 'The database does not answer.', headers: { 'Retry-After': '5' } });
    }
    const migrations = await migrationStatus(db, migrationsDir);
    if (!migrations.current) {
      throw problem(503, 'not-ready', 'Not ready', { detail: 'Database migrations are not current.', headers: { 'Retry-After': '5' } });
    }
    res.json({ status: 'ready', database: 'up', migrations: { known: migrations.known, current: true } });
  }).all(methodNotAllowed);

  router.route('/metrics').get(metricsGuard(metricsAccess), metricsHandler(metrics)).all(methodNotAllowed);

  router.route('/openapi.yaml').get((_req, res) => {
    res.type('application/yaml').send(openapiYaml);
  }).all(methodNotAllowed);
  router.route('/openapi.json').get((_req, res) => {
    res.json(openapi);
  }).all(methodNotAllowed);

  router.use('/docs', docsHeaders, swaggerUi.serve, swaggerUi.setup(undefined, {
    customSiteTitle: 'Motlan API',
    swaggerOptions: { url: '/openapi.json', persistAuthorization: true },
  }));
  return router;
}

// Swagger UI's page carries inline styles and data: icons; its scripts are files.
const docsHeaders = pageHeaders({ style: "'self' 'unsafe-inline'", img: "'self' data:" });

export const metricsHandler = (metrics: Metrics): RequestHandler => async (_req, res) => {
  res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
};

/** Closed: as if there were no such route. With a token: a bearer token compared in constant time. */
export function metricsGuard(access: MetricsAccess): RequestHandler {
  const expected = access.kind === 'token' ? createHash('sha256').update(access.token).digest() : undefined;
  return (req, _res, next) => {
    if (access.kind === 'closed') throw problem(404, 'not-found', 'Not found', { detail: 'Metrics are not served on this port (METRICS_TOKEN, METRICS_PORT).' });
    if (expected) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
        throw problem(401, 'unauthorized', 'Authentication required', { detail: 'Metrics need the METRICS_TOKEN as a bearer token.', headers: { 'WWW-Authenticate': 'Bearer realm="motlan-metrics"' } });
      }
    }
    next();
  };
}
