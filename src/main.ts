import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { buildApp } from './app';
import { verifierFromConfig } from './auth';
import { ConfigError, loadConfig, type Config } from './config';
import { startRegistries, type Registries } from './connectors';
import { DatabaseUnavailableError, openDatabase } from './db/database';
import { openReplica, readHandle, type OpenReplica } from './db/replica';
import { migrate } from './db/migrate';
import { seedDevAgencies } from './agencies/devAgencies';
import { createLogger, type Logger } from './logger';
import { loadMotlanKeys, registerMotlanKeys } from './keys/motlanKey';
import { contentKeysFor } from './keys/contentKeys';
import { contentCipher } from './documents';
import { connectContentStore } from './contents';
import { createMetrics } from './ops/metrics';
import { metricsApp } from './ops/metricsApp';
import { loadDevIssuer, signDevToken } from './auth/devIssuer';
import { pickDevCitizens } from './portal/devCitizens';
import { seedPortalDev } from './portal/devSeed';
import type { PortalDeps } from './portal';
import { webhookDispatcher } from './webhooks';
import { isFirstProcess, superviseWorkers } from './workers';

async function start(): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Motlan cannot start: ${error.message}`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) return superviseWorkers(config.workers, logger);
  const first = isFirstProcess();
  const opened: Array<{ close(): Promise<void> }> = [];

  /** Runs one start-up step; a failure is one fatal line naming the step, never a stack trace. */
  const stage = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      const reason = error instanceof DatabaseUnavailableError ? error.message : `${what} failed: ${(error as Error).message}`;
      logger.fatal(reason);
      await Promise.all(opened.map((o) => o.close().catch(() => undefined)));
      process.exit(1);
    }
  };

  const database = await stage('opening the database', () => openDatabase(config));
  opened.push(database);
  let replica: OpenReplica | undefined;
  if (config.databaseReplicaUrl) {
    const url = config.databaseReplicaUrl;
    replica = await stage('opening the read replica', () => openReplica(url, { prepare: config.databasePrepare, genericPlans: config.databaseGenericPlans }));
    opened.push(replica);
    // Allowed (a test, a replica being rebuilt), but an operator should know the reads hit a primary.
    if (!replica.inRecovery) logger.warn('DATABASE_REPLICA_URL names a server that is not in recovery (not a standby): its reads are still read-only');
  }
  const applied = await stage('database migration', () => migrate(database.db, database.engine, config.migrationsDir));
  logger.info({ engine: database.engine, applied }, applied ? `applied ${applied} migration(s)` : 'database schema is current');
  if (first && config.env !== 'production' && config.auth.devIssuer) {
    await stage('development seed', () => seedDevAgencies({ db: database.db, dataDir: config.dataDir }));
  }
  // Started here so a bad registry configuration stops the start; routes that need a registry
  // (identity matching, prefill) receive these clients when they arrive.
  const registries = await stage('starting the registry connectors', () => startRegistries(config.registries));
  opened.push(registries);
  const motlanKeys = await stage("loading Motlan's signing keys", () => loadMotlanKeys(config));
  const signingKey = motlanKeys.active;
  await stage("recording Motlan's signing keys", () => registerMotlanKeys(database.db, motlanKeys, new Date()));
  const contentKeys = await stage('loading the content keys', async () => contentKeysFor(config));
  const contentStore = await stage('checking the content store', () => connectContentStore(database.db, config.contentStore));
  if (contentStore) opened.push(contentStore);
  const portal = await stage('preparing the citizen portal', () => portalDeps(config));
  const metrics = createMetrics();
  // A missing JWKS file, a broken openapi.yaml: each says which.
  const app = await stage('building the app', async () =>
    buildApp({
      db: database.db,
      readDb: readHandle(database.db, replica),
      logger,
      verifyToken: await verifierFromConfig(config),
      signingKey,
      retiredSigningKeys: motlanKeys.retired,
      signingKeyRetentionDays: config.signingKeyRetentionDays,
      contentKeys,
      contentStore,
      metrics,
      migrationsDir: config.migrationsDir,
      bodyLimitBytes: config.bodyLimitBytes,
      registries,
      webhooks: config.webhooks,
      plan: config.plan,
      portal,
      limits: config.limits,
      importBudget: config.importBudget,
      http: config.http,
      revocationRefreshMs: config.revocationRefreshMs,
    }),
  );
  // After the app is built, so a configuration that cannot serve fails before any sample data is made.
  if (first && portal.devSignIn?.citizens.length) {
    const citizens = portal.devSignIn.citizens;
    await stage('portal development seed', () => seedPortalDev({ db: database.db, dataDir: config.dataDir, registries, signingKey, cipher: contentCipher(contentKeys), contentStore, citizens, logger }));
  }
  // Delivers the webhook outbox (docs/webhooks.md); several instances may run it side by side.
  const dispatcher = webhookDispatcher({ db: database.db, signingKey, logger, settings: config.webhooks });

  // Prometheus scrapes a port of its own when one is set, one that need not be reachable from outside.
  const metricsServer = config.http.metricsPort === undefined ? undefined : metricsApp(metrics, config.http.metricsToken, logger).listen(config.http.metricsPort, config.host);
  metricsServer?.on('error', (error: NodeJS.ErrnoException) => {
    logger.fatal(`cannot listen for metrics on ${config.host}:${config.http.metricsPort}: ${error.code ?? error.message}`);
    void closeAll().finally(() => process.exit(1));
  });

  // The dispatcher stops first: an attempt in flight finishes and is logged before the database closes.
  const closeAll = async () => {
    metricsServer?.close();
    await dispatcher.stop();
    await Promise.all(opened.map((o) => o.close()));
  };
  const server = app.listen(config.port, config.host);
  server.on('error', (error: NodeJS.ErrnoException) => {
    logger.fatal(`cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`);
    void closeAll().finally(() => process.exit(1));
  });
  server.on('listening', () => {
    announce(config, logger, database.engine, registries, first);
    dispatcher.start();
  });
  stopGracefully(server, closeAll, config.shutdownTimeoutMs, logger);
}

/** The portal's settings; with the local issuer on, its development sign-in and simulated citizens. */
async function portalDeps(config: Config): Promise<PortalDeps> {
  const base = { config: config.portal, publicUrl: config.publicUrl };
  if (!config.auth.devIssuer) return { ...base, devSignIn: undefined };
  const issuer = await loadDevIssuer(config.dataDir);
  return {
    ...base,
    devSignIn: {
      // Short-lived: it is verified at once and only the portal session is kept.
      signToken: (citizenId, identityLevel) => signDevToken(issuer, { kind: 'citizen', citizenId, identityLevel }, config.auth.audience, 60),
      citizens: await pickDevCitizens(config.registries.simulators),
    },
  };
}

function announce(config: Config, logger: Logger, engine: string, registries: Registries, banner: boolean): void {
  logger.info({ engine, env: config.env }, `Motlan listening on ${config.publicUrl}`);
  if (config.env === 'production' || !banner) return;
  // Printed plainly, once, for the person who just typed `npm start`.
  const lines = [
    `  Motlan is running (${engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
    `  API             ${config.publicUrl}/v1`,
    `  Docs            ${config.publicUrl}/docs`,
    `  Health          ${config.publicUrl}/health/ready`,
  ];
  if (registries.simulatorUrls) {
    lines.push(
      `  Population DB   ${registries.simulatorUrls.population} (simulator, faults at /__faults)`,
      `  Business reg.   ${registries.simulatorUrls.business} (simulator, faults at /__faults)`,
    );
  }
  lines.splice(3, 0, `  Citizen portal  ${config.publicUrl}/portal${config.auth.devIssuer ? ' (development sign-in: pick a simulated citizen)' : ''}`);
  if (config.auth.devIssuer) lines.push('  Dev token       npm run token -- --agency 000.00.00.H56 --roles prefill,identity');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

/** Stop accepting, let in-flight requests finish, then close the database (so PGlite flushes cleanly) and the simulators. */
function stopGracefully(server: Server, closeAll: () => Promise<void>, timeoutMs: number, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing in-flight requests`);
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    force.unref();
    server.close(async () => {
      clearTimeout(force);
      try {
        await closeAll();
        logger.info('stopped');
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'database did not close cleanly');
        process.exit(1);
      }
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

start().catch((error: unknown) => {
  console.error(`Motlan cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
