import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { stringify } from 'yaml';
import { ping, type Database } from '../db/database';
import { migrationStatus } from '../db/migrate';
import { methodNotAllowed } from '../http/errorHandler';
import { problem } from '../http/problem';
import type { Metrics } from './metrics';
import { bundleOpenApi } from './openapiDocument';

export interface OpsDeps {
  db: Database;
  migrationsDir: string;
  metrics: Metrics;
}

/** Health, metrics and the contract: public, unauthenticated, and free of personal data. */
export function opsRoutes({ db, migrationsDir, metrics }: OpsDeps): Router {
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

  router.route('/metrics').get(async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  }).all(methodNotAllowed);

  router.route('/openapi.yaml').get((_req, res) => {
    res.type('application/yaml').send(openapiYaml);
  }).all(methodNotAllowed);
  router.route('/openapi.json').get((_req, res) => {
    res.json(openapi);
  }).all(methodNotAllowed);

  router.use('/docs', swaggerUi.serve, swaggerUi.setup(undefined, {
    customSiteTitle: 'Motlan API',
    swaggerOptions: { url: '/openapi.json', persistAuthorization: true },
  }));
  return router;
}
