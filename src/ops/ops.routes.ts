import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { stringify } from 'yaml';
import { contentStoreAnswers, type ContentStore } from '../contents';
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
  /** DATABASE_REPLICA_URL's handle, when it is not the primary's. */
  readDb?: Database;
  contentStore?: ContentStore;
  migrationsDir: string;
  metrics: Metrics;
  metricsAccess: MetricsAccess;
}

/** Health, metrics and the contract: unauthenticated (metrics aside, by configuration) and free of personal data. */
export function opsRoutes({ db, readDb, contentStore, migrationsDir, metrics, metricsAccess }: OpsDeps): Router {
  const router = Router();
  const openapi = bundleOpenApi();
  const openapiYaml = stringify(openapi, { aliasDuplicateObjects: false });

  router.route('/health/live').get((_req, res) => {
    res.json({ status: 'live' });
  }).all(methodNotAllowed);

  // Every dependency the instance was configured with must answer: a replica down fails citizens'
  // access-log pages, a content store down or replaced fails every content read and ingest.
  router.route('/health/ready').get(async (_req, res) => {
    const replica = readDb && readDb !== db ? readDb : undefined;
    const failures = (
      await Promise.all([
        failureOf(() => ping(db), 'The database does not answer.'),
        replica && failureOf(() => ping(replica), 'The read replica (DATABASE_REPLICA_URL) does not answer.'),
        contentStore && failureOf(async () => contentStoreAnswers(db, contentStore).then((a) => (a.ok ? undefined : a.detail)), 'The content store (CONTENT_STORE) does not answer.'),
      ])
    ).filter((f): f is string => !!f);
    const migrations = failures.length ? undefined : await migrationStatus(db, migrationsDir);
    if (migrations && !migrations.current) failures.push('Database migrations are not current.');
    if (!migrations || failures.length) throw problem(503, 'not-ready', 'Not ready', { detail: failures.join(' '), headers: { 'Retry-After': '5' } });
    res.json({ status: 'ready', database: 'up', replica: replica ? 'up' : 'none', contentStore: contentStore ? 'up' : 'none', migrations: { known: migrations.known, current: true } });
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

const PROBE_TIMEOUT_MS = 3000;

/** What a readiness probe found wrong: its own detail, or `unanswered` when it failed or took too long. */
async function failureOf(probe: () => Promise<string | void>, unanswered: string): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([probe(), late])) ?? undefined;
  } catch {
    return unanswered;
  } finally {
    clearTimeout(timer);
  }
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
