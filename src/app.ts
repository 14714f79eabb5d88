import express, { Router } from 'express';
import { pinoHttp } from 'pino-http';
import { authenticate } from './auth/authenticate';
import { whoamiRoutes } from './auth/whoami.routes';
import type { VerifyToken } from './auth/tokenVerifier';
import type { Registries } from './connectors';
import type { Database } from './db/database';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { jsonBody } from './http/jsonBody';
import { storableUrlText } from './http/storableUrlText';
import { requestIdOf } from './http/requestId';
import { errorSerializer, maskUrl, type Logger } from './logger';
import type { Metrics } from './ops/metrics';
import { opsRoutes } from './ops/ops.routes';
import { subjectsFeature } from './subjects';
import { agenciesFeature } from './agencies';
import { catalogFeature } from './catalog';
import { documentsFeature, INGEST_BODY_LIMIT_BYTES } from './documents';
import { businessMatchingService, loadModel, matchingFeature, matchingService } from './matching';
import { auditFeature } from './audit';
import { consentsFeature } from './consents';
import { jwksRoutes } from './keys/jwks.routes';
import { prefillFeature } from './prefill';
import { releaseRecorder } from './prefill/releases';
import type { SigningKey } from './keys/keyFile';
import { PORTAL_WITHOUT_SIGN_IN, portalFeature, type PortalDeps } from './portal';
import { webhooksFeature, type WebhookSettings } from './webhooks';
import { dossiersFeature, openDossier } from './dossiers';
import { reportsFeature } from './reports';
import { DEFAULT_PLAN, type PlanConfig } from './config';

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
  /** The citizen portal (/portal); absent, it is served with no way to sign in (docs/portal.md). */
  portal?: PortalDeps;
  /** Webhook settings (WEBHOOK_*); absent, receivers must be https, as in production. */
  webhooks?: Pick<WebhookSettings, 'allowHttp'>;
  /** The digitisation plan the KPI reports measure against (PLAN_*); absent, the defaults. */
  plan?: PlanConfig;
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
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: maskUrl(req.url) }),
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
  // Ops routes read no parameters; what /v1 and /portal read reaches queries.
  app.use(['/v1', '/portal'], storableUrlText);

  app.use(opsRoutes({ db: deps.db, migrationsDir: deps.migrationsDir, metrics: deps.metrics }));
  app.use(jwksRoutes(deps.signingKey));
  const consents = consentsFeature({ db: deps.db, registries: deps.registries, signingKey: deps.signingKey });

  // Everything under /v1 is personal data: authenticate before reading a single body byte.
  const v1 = Router();
  const portal = portalFeature({ ...(deps.portal ?? PORTAL_WITHOUT_SIGN_IN), db: deps.db, verifyToken: deps.verifyToken, signingKey: deps.signingKey });
  v1.use(authenticate(deps.verifyToken, portal.sessionAuth));
  v1.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Ingest bodies carry the document's bytes in base64: /documents alone gets a larger limit.
  // body-parser skips a body already parsed, so the general parser below leaves these alone.
  v1.use('/documents', jsonBody(INGEST_BODY_LIMIT_BYTES));
  v1.use(jsonBody(deps.bodyLimitBytes));
  v1.use(whoamiRoutes());
  v1.use(subjectsFeature({ db: deps.db, registries: deps.registries }));
  v1.use(agenciesFeature({ db: deps.db }));
  v1.use(catalogFeature({ db: deps.db }));
  const recordRelease = releaseRecorder(deps.signingKey);
  v1.use(documentsFeature({ db: deps.db, policy: consents.service, recordRelease }));
  const model = loadModel();
  // One matching service for the identity routes and prefill: one model, one population-size cache.
  const matching = matchingService({ db: deps.db, registries: deps.registries, model });
  v1.use(matchingFeature({ service: matching, model, business: businessMatchingService({ db: deps.db, registries: deps.registries }) }));
  v1.use(
    prefillFeature({
      db: deps.db,
      registries: deps.registries,
      policy: consents.service,
      matching,
      model,
      recordRelease,
      openDossier,
    }),
  );
  v1.use(auditFeature({ db: deps.db }));
  v1.use(consents.router);
  v1.use(dossiersFeature({ db: deps.db, consents: consents.service }));
  v1.use(reportsFeature({ db: deps.db, plan: deps.plan ?? DEFAULT_PLAN }));
  v1.use(webhooksFeature({ db: deps.db, settings: deps.webhooks ?? { allowHttp: false } }));
  app.use('/v1', v1);
  app.use('/portal', portal.router);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
