import type { Server } from 'node:http';
import { buildApp } from './app';
import { verifierFromConfig } from './auth';
import { ConfigError, loadConfig, type Config } from './config';
import { DatabaseUnavailableError, openDatabase } from './db/database';
import { migrate } from './db/migrate';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './ops/metrics';

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

  let database;
  try {
    database = await openDatabase(config);
    const applied = await migrate(database.db, database.engine, config.migrationsDir);
    logger.info({ engine: database.engine, applied }, applied ? `applied ${applied} migration(s)` : 'database schema is current');
  } catch (error) {
    const reason = error instanceof DatabaseUnavailableError ? error.message : `database migration failed: ${(error as Error).message}`;
    logger.fatal(reason);
    await database?.close().catch(() => undefined);
    process.exit(1);
  }

  let app;
  try {
    app = buildApp({
      db: database.db,
      logger,
      verifyToken: await verifierFromConfig(config),
      metrics: createMetrics(),
      migrationsDir: config.migrationsDir,
      bodyLimitBytes: config.bodyLimitBytes,
    });
  } catch (error) {
    // A missing JWKS file, an unwritable key folder, a broken openapi.yaml: say which, not a stack.
    logger.fatal(`cannot start: ${(error as Error).message}`);
    await database.close().catch(() => undefined);
    process.exit(1);
  }

  const server = app.listen(config.port, config.host);
  server.on('error', (error: NodeJS.ErrnoException) => {
    logger.fatal(`cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`);
    void database.close().finally(() => process.exit(1));
  });
  server.on('listening', () => announce(config, logger, database.engine));
  stopGracefully(server, () => database.close(), config.shutdownTimeoutMs, logger);
}

function announce(config: Config, logger: Logger, engine: string): void {
  logger.info({ engine, env: config.env }, `Motlan listening on ${config.publicUrl}`);
  if (config.env === 'production') return;
  // Printed plainly, once, for the person who just typed `npm start`.
  const lines = [
    `  Motlan is running (${engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
    `  API             ${config.publicUrl}/v1`,
    `  Docs            ${config.publicUrl}/docs`,
    `  Health          ${config.publicUrl}/health/ready`,
  ];
  if (config.auth.devIssuer) lines.push('  Dev token       npm run token -- --agency 000.00.00.H56 --roles prefill,identity');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

/** Stop accepting, let in-flight requests finish, then close the database so PGlite flushes cleanly. */
function stopGracefully(server: Server, closeDatabase: () => Promise<void>, timeoutMs: number, logger: Logger): void {
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
        await closeDatabase();
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
