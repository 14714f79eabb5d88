import express, { Router } from 'express';
import { pinoHttp } from 'pino-http';
import { authenticate } from './auth/authenticate';
import { whoamiRoutes } from './auth/whoami.routes';
import type { VerifyToken } from './auth/tokenVerifier';
import type { Registries } from './connectors';
import type { Database } from './db/database';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { requestIdOf } from './http/requestId';
import { errorSerializer, maskIdentifiers, type Logger } from './logger';
import type { Metrics } from './ops/metrics';
import { opsRoutes } from './ops/ops.routes';
import { subjectsFeature } from './subjects';
import { agenciesFeature } from './agencies';
import { documentsFeature, INGEST_BODY_LIMIT_BYTES } from './documents';
import { matchingFeature } from './matching';
import { auditFeature } from './audit';
import { consentsFeature } from './consents';
import { jwksRoutes } from './keys/jwks.routes';
import type { SigningKey } from './keys/keyFile';

export interface AppDeps {
  db: Database;
  logger: Logger;
  verifyToken: VerifyToken;
  metrics: Metrics;
  migrationsDir: string;
  bodyLimitBytes: number;
  /** The national registries; a missing one makes only what needs it answer 503. */
  registries: Pick<Registries, 'population' | 'business'>;
  /** Motlan's own key: consent receipts and release attestations, published at /.well-known/jwks.json. */
  signingKey: SigningKey;
}

export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = requestIdOf(req);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: maskIdentifiers(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: errorSerializer,
      },
    }),
  );
  app.use(deps.metrics.middleware);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  app.use(opsRoutes({ db: deps.db, migrationsDir: deps.migrationsDir, metrics: deps.metrics }));
  app.use(jwksRoutes(deps.signingKey));
  const consents = consentsFeature({ db: deps.db, registries: deps.registries, signingKey: deps.signingKey });

  // Everything under /v1 is personal data: authenticate before reading a single body byte.
  const v1 = Router();
  v1.use(authenticate(deps.verifyToken));
  v1.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Ingest bodies carry the document's bytes in base64: /documents alone gets a larger limit.
  // body-parser skips a body already parsed, so the general parser below leaves these alone.
  v1.use('/documents', express.json({ limit: INGEST_BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'] }));
  v1.use(express.json({ limit: deps.bodyLimitBytes, type: ['application/json', 'application/*+json'] }));
  v1.use(whoamiRoutes());
  v1.use(subjectsFeature({ db: deps.db, registries: deps.registries }));
  v1.use(agenciesFeature({ db: deps.db }));
  v1.use(documentsFeature({ db: deps.db, policy: consents.service }));
  v1.use(matchingFeature({ db: deps.db, registries: deps.registries }));
  v1.use(auditFeature({ db: deps.db }));
  v1.use(consents.router);
  app.use('/v1', v1);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
