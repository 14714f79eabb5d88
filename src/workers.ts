import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger';

/**
 * The primary process of `WORKERS` > 1: it serves nothing itself, it keeps `count` workers that
 * share the port. Everything they share lives in PostgreSQL (idempotency keys, consent locks, audit
 * chains, the webhook outbox), so any worker may serve any request; `tests/api/instances.test.ts`
 * checks that two processes on one database keep every guarantee.
 *
 * The first worker migrates the database, creates missing development keys and seeds development
 * data; the others start once it listens, so they never race it. A worker that dies while serving
 * is replaced; one that dies before it ever listened (bad configuration, no database) stops the
 * whole service with its exit code, since a new one would fail the same way.
 */
export function superviseWorkers(count: number, logger: Logger): void {
  const listened = new Set<number>();
  let stopping = false;
  let failed = false;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('listening', () => {
      listened.add(worker.id);
      if (listened.size === count) logger.info({ workers: count }, `${count} workers listening`);
    });
    return worker;
  };
  fork().once('listening', () => {
    for (let i = 1; i < count; i++) fork();
  });

  const living = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: stopping ${living().length} workers`);
    for (const worker of living()) worker.process.kill('SIGTERM');
  };

  cluster.on('exit', (worker, code, signal) => {
    if (code !== 0) failed = true;
    if (!stopping && !listened.has(worker.id)) {
      logger.fatal({ pid: worker.process.pid, code, signal }, 'a worker failed to start: stopping');
      stop('SIGTERM');
    } else if (!stopping) {
      logger.error({ pid: worker.process.pid, code, signal }, 'a worker exited: starting another');
      failed = false;
      fork();
    }
    if (stopping && living().length === 0) process.exit(failed ? 1 : 0);
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Whether this process does the once-per-service start-up steps: it is alone, or the first worker. */
export const isFirstProcess = (): boolean => !cluster.isWorker || cluster.worker?.id === 1;
