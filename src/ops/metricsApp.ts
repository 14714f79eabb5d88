import express from 'express';
import { errorHandler, methodNotAllowed, notFoundHandler } from '../http/errorHandler';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';
import { metricsGuard, metricsHandler } from './ops.routes';

/** /metrics alone, for METRICS_PORT: nothing else of Motlan answers there. */
export function metricsApp(metrics: Metrics, token: string | undefined, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.route('/metrics').get(metricsGuard(token ? { kind: 'token', token } : { kind: 'open' }), metricsHandler(metrics)).all(methodNotAllowed);
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
