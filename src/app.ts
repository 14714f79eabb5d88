import express, { Router } from 'express';
import { authenticate } from './auth/authenticate';
import { whoamiRoutes } from './auth/whoami.routes';
import type { VerifyToken } from './auth/tokenVerifier';
import type { Registries } from './connectors';
import type { Database } from './db/database';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { jsonBody } from './http/jsonBody';
import { storableUrlText } from './http/storableUrlText';
import { requestLogging } from './http/requestLogging';
import { routeBySegment } from './http/routeBySegment';
import type { Logger } from './logger';
import type { Metrics } from './ops/metrics';
import { opsRoutes } from './ops/ops.routes';
import { subjectsFeature } from './subjects';
import { agenciesFeature } from './agencies';
import { catalogFeature } from './catalog';
import { contentCipher, documentsFeature, INGEST_BODY_LIMIT_BYTES } from './documents';
import { businessMatchingService, loadModel, matchingFeature, matchingService } from './matching';
import { auditFeature } from './audit';
import { consentsFeature } from './consents';
import { jwksRoutes } from './keys/jwks.routes';
import { prefillFeature } from './prefill';
import { releaseRecorder } from './prefill/releases';
import type { SigningKey } from './keys/keyFile';
import type { ContentKeyring } from './keys/contentKeys';
import type { ContentStore } from './contents/contentStore';
import { PORTAL_WITHOUT_SIGN_IN, portalFeature, type PortalDeps } from './portal';
import { webhooksFeature, type WebhookSettings } from './webhooks';
import { dossiersFeature, openDossier } from './dossiers';
import { reportsFeature } from './reports';
import { DEFAULT_IMPORT_BUDGET, DEFAULT_PLAN, type HttpSecurityConfig, type ImportBudget, type LimitsConfig, type PlanConfig } from './config';
import { derivedKey } from './keys/derivedKey';
import { guardAuthentication, limitByAddress, limitByClient, limitSubjectLookups, rateLimiters } from './limits';
import { revocationsFeature } from './revocations';
import type { MetricsAccess } from './ops/ops.routes';

export interface AppDeps {
  db: Database;
  /**
   * DATABASE_REPLICA_URL's read-only handle: the citizen's access-log pages and the KPI reports read
   * from it. Absent: they read db, as everything else always does.
   */
  readDb?: Database;
  logger: Logger;
  verifyToken: VerifyToken;
  metrics: Metrics;
  migrationsDir: string;
  bodyLimitBytes: number;
  /** The national registries; a missing one makes only what needs it answer 503. */
  registries: Pick<Registries, 'population' | 'business'>;
  /** Motlan's own key: consent receipts and release attestations, published at /.well-known/jwks.json. */
  signingKey: SigningKey;
  /** Motlan's earlier keys (SIGNING_KEY_RETIRED_FILES): published, and open portal sessions sealed with them. */
  retiredSigningKeys?: SigningKey[];
  /** SIGNING_KEY_RETENTION_DAYS: how long a retired key stays published; absent, 3650. */
  signingKeyRetentionDays?: number;
  /** CONTENT_KEYS: document contents are stored encrypted under its active key. */
  contentKeys: ContentKeyring;
  /** CONTENT_STORE, bound to this database (bindContentStore); absent, contents stay in their database rows. */
  contentStore?: ContentStore;
  /** The citizen portal (/portal); absent, it is served with no way to sign in (docs/portal.md). */
  portal?: PortalDeps;
  /** Webhook settings (WEBHOOK_*); absent, receivers must be https, as in production. */
  webhooks?: Pick<WebhookSettings, 'allowHttp'>;
  /** The digitisation plan the KPI reports measure against (PLAN_*); absent, the defaults. */
  plan?: PlanConfig;
  /** Rate limits (RATE_LIMIT_*): each caller chooses, tests per app, so none is switched off by accident. */
  limits: LimitsConfig;
  /** What one bulk import may take (IMPORT_MAX_*); absent, the defaults. */
  importBudget?: ImportBudget;
  /** Proxy trust, HSTS and who reads /metrics; absent: development's (no HSTS, metrics open). */
  http?: HttpSecurityConfig;
  /** How stale this instance's copy of the token revocation list may get (TOKEN_REVOCATION_REFRESH_MS). */
  revocationRefreshMs?: number;
}

const DEVELOPMENT_HTTP: HttpSecurityConfig = Object.freeze({ trustProxy: false, hsts: false, metricsToken: undefined, metricsPort: undefined, metricsOpen: true });

/** With a port of its own, /metrics is not on the API port at all; otherwise a token, or open in development. */
function metricsAccessOf(http: HttpSecurityConfig): MetricsAccess {
  if (http.metricsPort !== undefined) return { kind: 'closed' };
  if (http.metricsToken !== undefined) return { kind: 'token', token: http.metricsToken };
  return http.metricsOpen ? { kind: 'open' } : { kind: 'closed' };
}

export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  const http = deps.http ?? DEVELOPMENT_HTTP;
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', http.trustProxy);

  app.use(requestLogging(deps.logger));
  app.use(deps.metrics.middleware);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // TLS ends at the proxy in front of Motlan; the header still tells browsers never to try plain http.
    if (http.hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  // Ops routes read no parameters; what /v1 and /portal read reaches queries.
  app.use(['/v1', '/portal'], storableUrlText);

  const retiredSigningKeys = deps.retiredSigningKeys ?? [];
  app.use(
    routeBySegment([
      opsRoutes({ db: deps.db, readDb: deps.readDb, contentStore: deps.contentStore, migrationsDir: deps.migrationsDir, metrics: deps.metrics, metricsAccess: metricsAccessOf(http) }),
      jwksRoutes({ db: deps.db, keys: { active: deps.signingKey, retired: retiredSigningKeys }, retentionDays: deps.signingKeyRetentionDays ?? 3650 }),
    ]),
  );
  // Health, metrics and the contract above are not counted: probes and scrapers call them all day.
  const limiters = rateLimiters({ config: deps.limits, db: deps.db, keySecret: derivedKey(deps.signingKey, 'motlan-rate-limit-keys/1') });
  app.use(['/v1', '/portal'], limitByAddress(limiters.ip));
  const consents = consentsFeature({ db: deps.db, registries: deps.registries, signingKey: deps.signingKey, limitConsentRequests: limiters['consent-requests'].consume });
  const revocations = revocationsFeature({ db: deps.db, refreshMs: deps.revocationRefreshMs ?? 5_000 });

  // Everything under /v1 is personal data: authenticate before reading a single body byte.
  const v1 = Router();
  const portal = portalFeature({ ...(deps.portal ?? PORTAL_WITHOUT_SIGN_IN), db: deps.db, verifyToken: deps.verifyToken, signingKey: deps.signingKey, retiredSigningKeys });
  v1.use(guardAuthentication(limiters['failed-authentication'], authenticate(deps.verifyToken, portal.sessionAuth, revocations.service.isRevoked)));
  v1.use(limitByClient(limiters.client));
  v1.use(['/subjects', '/identity', '/prefill'], limitSubjectLookups(limiters['subject-lookups']));
  v1.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Ingest bodies carry the document's bytes in base64: /documents alone gets a larger limit.
  // body-parser skips a body already parsed, so the general parser below leaves these alone.
  v1.use('/documents', jsonBody(INGEST_BODY_LIMIT_BYTES));
  v1.use(jsonBody(deps.bodyLimitBytes));
  const recordRelease = releaseRecorder(deps.signingKey);
  const model = loadModel();
  // One matching service for the identity routes and prefill: one model, one population-size cache.
  const matching = matchingService({ db: deps.db, registries: deps.registries, model });
  v1.use(
    routeBySegment([
      whoamiRoutes(),
      subjectsFeature({ db: deps.db, registries: deps.registries }),
      agenciesFeature({ db: deps.db }),
      catalogFeature({ db: deps.db }),
      documentsFeature({ db: deps.db, policy: consents.service, cipher: contentCipher(deps.contentKeys), contentStore: deps.contentStore, logger: deps.logger, importBudget: deps.importBudget ?? DEFAULT_IMPORT_BUDGET }),
      matchingFeature({ service: matching, model, business: businessMatchingService({ db: deps.db, registries: deps.registries }) }),
      prefillFeature({ db: deps.db, registries: deps.registries, policy: consents.service, matching, model, recordRelease, openDossier }),
      auditFeature({ db: deps.db, readDb: deps.readDb, representation: consents.service }),
      consents.router,
      dossiersFeature({ db: deps.db, consents: consents.service }),
      reportsFeature({ db: deps.db, readDb: deps.readDb, plan: deps.plan ?? DEFAULT_PLAN }),
      webhooksFeature({ db: deps.db, settings: deps.webhooks ?? { allowHttp: false } }),
      revocations.router,
    ]),
  );
  app.use('/v1', v1);
  app.use('/portal', portal.router);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
