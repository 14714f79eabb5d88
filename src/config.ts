import os from 'node:os';
import path from 'node:path';
import type { RegistryCallPolicy, RegistryEndpointSettings } from './connectors/shared/registryHttpClient';
import { parseContentKeys, type ContentKeyring } from './keys/contentKeys';
import { parseContentStore, type ContentStoreSettings } from './contents/contentStoreSettings';

export type Environment = 'development' | 'test' | 'production';

export interface TrustedIssuer {
  /** The `iss` claim this issuer signs with. */
  issuer: string;
  /** Where its public keys are: an https/http URL of a JWKS, or `file:` + a path to one. */
  jwks: string;
}

/** Where one registry is and how Motlan authenticates to it (OAuth2 client credentials). */
export type RegistryEndpoint = RegistryEndpointSettings;

export interface RegistriesConfig extends RegistryCallPolicy {
  /** Unset: no population registry; what needs one answers 503, everything else works. */
  population: RegistryEndpoint | undefined;
  business: RegistryEndpoint | undefined;
  /** Development: start both registry simulators in-process and point the clients at them. */
  simulators: { seed: number; citizens: number; enterprises: number } | undefined;
}

/** How the webhook dispatcher delivers the outbox (docs/webhooks.md). */
export interface WebhooksConfig {
  pollMs: number;
  timeoutMs: number;
  maxAttempts: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Development and tests: receivers on http:// and on this machine or its link (loopback, link-local, unique-local). */
  allowHttp: boolean;
}

/**
 * The province's digitisation plan. First-year targets are per administrative level (the 2025 reform
 * abolished districts, so levels are configured, not hard-coded); each later year adds
 * `yearlyStepPoints`, capped at 100.
 */
export interface PlanConfig {
  /** The plan's first year; earlier years have no target. */
  startYear: number;
  /** Percent of resolved dossiers with a digitised result, in the first year; a level not named has no target. */
  firstYearTargets: Partial<Record<'central' | 'province' | 'district' | 'commune', number>>;
  yearlyStepPoints: number;
  /** Percent of applicants not asked again for any document. */
  notAskedAgainTargetPercent: number;
}

export const DEFAULT_PLAN: Readonly<PlanConfig> = Object.freeze({
  startYear: 2025,
  firstYearTargets: Object.freeze({ province: 30, district: 20, commune: 15 }),
  yearlyStepPoints: 20,
  notAskedAgainTargetPercent: 80,
});

/** At most `points` requests per `seconds`; undefined switches that limit off. */
export interface RateLimit {
  points: number;
  seconds: number;
}

/** Rate limits (README, "Limits"); keys are counted per IP address, per client or per subject. */
export interface LimitsConfig {
  /** memory: each instance counts alone; postgres: every instance on the database shares the counts. */
  store: 'memory' | 'postgres';
  perIp: RateLimit | undefined;
  perClient: RateLimit | undefined;
  /** 401 answers per IP address; once spent, that address gets 429 until the window ends. */
  failedAuth: RateLimit | undefined;
  /** Consent requests for one subject, counted per requesting agency. */
  consentRequests: RateLimit | undefined;
  /** Requests that tell whether Motlan holds someone (subjects, identity matching, prefill), per client. */
  subjectLookups: RateLimit | undefined;
}

export const DEFAULT_LIMITS: Readonly<LimitsConfig> = Object.freeze({
  store: 'memory',
  perIp: { points: 3000, seconds: 60 },
  perClient: { points: 1200, seconds: 60 },
  failedAuth: { points: 20, seconds: 900 },
  consentRequests: { points: 5, seconds: 86_400 },
  subjectLookups: { points: 300, seconds: 60 },
});

/** What one bulk import may take (docs/vault.md). */
export interface ImportBudget {
  maxBytes: number;
  maxSeconds: number;
}

export const DEFAULT_IMPORT_BUDGET: Readonly<ImportBudget> = Object.freeze({ maxBytes: 1024 * 1_048_576, maxSeconds: 900 });

/** HTTP hardening that depends on where Motlan runs. */
export interface HttpSecurityConfig {
  /** express's `trust proxy`: which hops may set X-Forwarded-For, so per-IP limits see the client, not the proxy. */
  trustProxy: boolean | number | string;
  /** Strict-Transport-Security on every answer (production). */
  hsts: boolean;
  /** /metrics: a bearer token it needs, or a port of its own (then it is not served on the API port). */
  metricsToken: string | undefined;
  metricsPort: number | undefined;
  /** Development and tests without a token or port: /metrics open on the API port. */
  metricsOpen: boolean;
}

export interface Config {
  env: Environment;
  host: string;
  port: number;
  publicUrl: string;
  /** postgres://… for real PostgreSQL; undefined runs the embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /**
   * A streaming replica of that database (docs/scaling.md): the citizen's access-log pages and the
   * KPI reports read from it, in read-only sessions. Undefined: everything reads the primary.
   */
  databaseReplicaUrl: string | undefined;
  /**
   * Named (prepared) statements on PostgreSQL connections: on by default; off behind a pooler in
   * transaction mode that cannot keep them (PgBouncer before 1.21, or without max_prepared_statements).
   */
  databasePrepare: boolean;
  /**
   * With named statements, each is planned once per connection (plan_cache_mode=force_generic_plan,
   * sent at connection start): on by default; off for a pooler that refuses that startup parameter.
   */
  databaseGenericPlans: boolean;
  dataDir: string;
  migrationsDir: string;
  logLevel: string;
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  /** Worker processes sharing the port (node:cluster); more than one needs PostgreSQL. */
  workers: number;
  auth: {
    audience: string;
    trustedIssuers: TrustedIssuer[];
    /** A local issuer whose key lives under dataDir; development and tests only. */
    devIssuer: boolean;
  };
  registries: RegistriesConfig;
  /** Motlan's own Ed25519 private JWK (receipts, attestations); development makes one under dataDir. */
  signingKeyFile: string | undefined;
  /** Motlan's earlier private keys: never sign again, still open portal sessions and stay published. */
  signingKeyRetiredFiles: string[];
  /** How long a retired signing key stays in /.well-known/jwks.json after its retirement (docs/vault.md). */
  signingKeyRetentionDays: number;
  /** Key-encryption keys for document contents; undefined: development makes a keyring under dataDir. */
  contentKeys: ContentKeyring | undefined;
  /** Where document contents are stored (CONTENT_STORE, docs/contents.md). */
  contentStore: ContentStoreSettings;
  webhooks: WebhooksConfig;
  /** The province's digitisation plan the KPI reports compare against (docs/reports.md). */
  plan: PlanConfig;
  portal: PortalConfig;
  limits: LimitsConfig;
  importBudget: ImportBudget;
  http: HttpSecurityConfig;
  /** How often an instance reloads the token revocation list that another instance may have changed. */
  revocationRefreshMs: number;
}

/** The citizen portal (docs/portal.md): its session cookie and the OpenID Connect provider it signs in with. */
export interface PortalConfig {
  /** 32 bytes sealing the session cookie; undefined: derived from Motlan's signing key. */
  sessionKey: Uint8Array | undefined;
  sessionMinutes: number;
  /** Unset: no provider sign-in (development signs in with the local issuer instead). */
  oidc: OidcConfig | undefined;
}

export interface OidcConfig {
  /** The provider's issuer URL; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Unset: a public client, protected by PKCE alone. */
  clientSecret: string | undefined;
  redirectUri: string;
  scopes: string;
  /** The id_token claim holding the 12-digit personal ID. */
  citizenIdClaim: string;
  /** The id_token claim holding the electronic-identity level (1 or 2). */
  identityLevelClaim: string;
  nameClaim: string;
  /** What the sign-in button calls the provider. */
  displayName: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The project root, found from this file so that running from another folder still works. */
export const projectRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

export const DEV_ISSUER = 'urn:motlan:dev-issuer';

/** Reads the environment once; nothing else in Motlan reads process.env. */
/** WORKERS: a count, or `auto` for one per core the process may use. */
function parseWorkers(raw: string | undefined, databaseUrl: string | undefined): number {
  const workers = raw?.trim() === 'auto' ? os.availableParallelism() : parseInteger('WORKERS', raw, 1, 1, 256);
  // Each PGlite database belongs to one process: several workers need a database server to share.
  if (workers > 1 && !databaseUrl) throw new ConfigError(`WORKERS=${raw} needs DATABASE_URL: the embedded PGlite serves one process only`);
  return workers;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const nodeEnv = parseEnvironment(env.NODE_ENV);
  const port = parseInteger('PORT', env.PORT, 3000, 0, 65535);
  const devIssuer = parseSwitch('DEV_ISSUER', env.DEV_ISSUER, nodeEnv !== 'production');
  if (devIssuer && nodeEnv === 'production') {
    throw new ConfigError('DEV_ISSUER must be off when NODE_ENV=production: the local issuer signs tokens for anyone');
  }
  const databaseUrl = emptyToUndefined(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const databaseReplicaUrl = parseReplicaUrl(env.DATABASE_REPLICA_URL, databaseUrl);
  const dataDir = path.resolve(env.DATA_DIR || path.join(projectRoot, 'data'));
  const config: Config = {
    env: nodeEnv,
    host: env.HOST || (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    port,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl,
    databaseReplicaUrl,
    databasePrepare: parseSwitch('DATABASE_PREPARE', env.DATABASE_PREPARE, true),
    databaseGenericPlans: parseSwitch('DATABASE_GENERIC_PLANS', env.DATABASE_GENERIC_PLANS, true),
    dataDir,
    migrationsDir: path.resolve(env.MIGRATIONS_DIR || path.join(projectRoot, 'migrations')),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    bodyLimitBytes: parseInteger('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 1_048_576, 1024, 512 * 1_048_576),
    shutdownTimeoutMs: parseInteger('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, 10_000, 0, 600_000),
    workers: parseWorkers(env.WORKERS, databaseUrl),
    auth: {
      audience: env.AUTH_AUDIENCE || 'motlan',
      trustedIssuers: parseTrustedIssuers(env.AUTH_TRUSTED_ISSUERS),
      devIssuer,
    },
    registries: parseRegistries(env, nodeEnv),
    signingKeyFile: emptyToUndefined(env.SIGNING_KEY_FILE) && path.resolve(env.SIGNING_KEY_FILE!),
    signingKeyRetiredFiles: (emptyToUndefined(env.SIGNING_KEY_RETIRED_FILES)?.split(',') ?? []).map((f) => f.trim()).filter(Boolean).map((f) => path.resolve(f)),
    signingKeyRetentionDays: parseInteger('SIGNING_KEY_RETENTION_DAYS', env.SIGNING_KEY_RETENTION_DAYS, 3650, 1, 36_500),
    contentKeys: parseContentKeyring(env.CONTENT_KEYS),
    contentStore: parseContentStoreSetting(env.CONTENT_STORE, dataDir, nodeEnv, databaseUrl),
    webhooks: parseWebhooks(env, nodeEnv),
    plan: parsePlan(env),
    portal: parsePortal(env, nodeEnv, (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '')),
    limits: parseLimits(env),
    importBudget: {
      maxBytes: parseInteger('IMPORT_MAX_BYTES', env.IMPORT_MAX_BYTES, DEFAULT_IMPORT_BUDGET.maxBytes, 1024, 64 * 1024 * 1_048_576),
      maxSeconds: parseInteger('IMPORT_MAX_SECONDS', env.IMPORT_MAX_SECONDS, DEFAULT_IMPORT_BUDGET.maxSeconds, 1, 86_400),
    },
    http: parseHttpSecurity(env, nodeEnv, port),
    revocationRefreshMs: parseInteger('TOKEN_REVOCATION_REFRESH_MS', env.TOKEN_REVOCATION_REFRESH_MS, 5_000, 0, 300_000),
  };
  return Object.freeze(config);
}

/** DATABASE_REPLICA_URL: only beside DATABASE_URL, since the embedded PGlite has no replica. */
function parseReplicaUrl(raw: string | undefined, databaseUrl: string | undefined): string | undefined {
  const url = emptyToUndefined(raw);
  if (url === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_REPLICA_URL must start with postgres:// or postgresql://');
  if (!databaseUrl) throw new ConfigError('DATABASE_REPLICA_URL needs DATABASE_URL: the embedded PGlite has no replica');
  // The same URL would read the primary through a second pool and call it a replica: a mistake worth stopping on.
  if (url === databaseUrl) throw new ConfigError('DATABASE_REPLICA_URL must name the replica, not the same URL as DATABASE_URL (leave it unset to read the primary)');
  return url;
}

function parseEnvironment(value: string | undefined): Environment {
  const v = value || 'development';
  if (v === 'development' || v === 'test' || v === 'production') return v;
  throw new ConfigError(`NODE_ENV must be development, test or production, not "${v}"`);
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, not ${n}`);
  return n;
}

function parseSwitch(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['on', 'true', '1'].includes(value)) return true;
  if (['off', 'false', '0'].includes(value)) return false;
  throw new ConfigError(`${name} must be on or off, not "${value}"`);
}

function parseLogLevel(value: string | undefined): string {
  const level = value || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "${level}"`);
  }
  return level;
}

function parseTrustedIssuers(value: string | undefined): TrustedIssuer[] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError('AUTH_TRUSTED_ISSUERS must be JSON: [{"issuer": "...", "jwks": "https://... or file:..."}]');
  }
  if (!Array.isArray(parsed)) throw new ConfigError('AUTH_TRUSTED_ISSUERS must be a JSON array');
  return parsed.map((entry, i) => {
    const e = entry as Partial<TrustedIssuer>;
    if (typeof e?.issuer !== 'string' || !e.issuer || typeof e.jwks !== 'string' || !/^(https?:|file:)/.test(e.jwks)) {
      throw new ConfigError(`AUTH_TRUSTED_ISSUERS[${i}] needs "issuer" and "jwks" (an http(s) URL or file:path)`);
    }
    if (e.issuer === DEV_ISSUER) throw new ConfigError(`AUTH_TRUSTED_ISSUERS[${i}] may not name the development issuer`);
    return { issuer: e.issuer, jwks: e.jwks };
  });
}

function parseContentKeyring(value: string | undefined): ContentKeyring | undefined {
  if (value === undefined || value === '') return undefined;
  const keyring = parseContentKeys(value);
  if (typeof keyring === 'string') throw new ConfigError(keyring);
  return keyring;
}

function parseContentStoreSetting(value: string | undefined, dataDir: string, nodeEnv: Environment, databaseUrl: string | undefined): ContentStoreSettings {
  // With a database server, instances usually run on several machines: DATA_DIR on each is not one store.
  if (nodeEnv === 'production' && databaseUrl && !emptyToUndefined(value)) {
    throw new ConfigError('CONTENT_STORE must be set when NODE_ENV=production with DATABASE_URL: s3://bucket/prefix?endpoint=…, file:/a/shared/volume, or database (docs/contents.md)');
  }
  const settings = parseContentStore(value, dataDir);
  if (typeof settings === 'string') throw new ConfigError(settings);
  return settings;
}

function parseRegistries(env: NodeJS.ProcessEnv, nodeEnv: Environment): RegistriesConfig {
  const population = parseRegistryEndpoint(env, 'POPULATION_REGISTRY');
  const business = parseRegistryEndpoint(env, 'BUSINESS_REGISTRY');
  // Simulators stand in only where no real registry is named, and never in production.
  const simulate = parseSwitch('REGISTRY_SIMULATORS', env.REGISTRY_SIMULATORS, nodeEnv === 'development' && !population && !business);
  if (simulate && nodeEnv === 'production') throw new ConfigError('REGISTRY_SIMULATORS must be off when NODE_ENV=production: they serve synthetic people');
  if (simulate && (population || business)) {
    throw new ConfigError('REGISTRY_SIMULATORS=on replaces the registries: unset POPULATION_REGISTRY_URL and BUSINESS_REGISTRY_URL, or turn the simulators off');
  }
  const halfOpenMs = parseInteger('REGISTRY_BREAKER_HALF_OPEN_MS', env.REGISTRY_BREAKER_HALF_OPEN_MS, 30_000, 100, 3_600_000);
  return {
    population,
    business,
    timeoutMs: parseInteger('REGISTRY_TIMEOUT_MS', env.REGISTRY_TIMEOUT_MS, 2_000, 50, 120_000),
    retries: parseInteger('REGISTRY_RETRIES', env.REGISTRY_RETRIES, 2, 0, 10),
    backoffInitialMs: parseInteger('REGISTRY_BACKOFF_MS', env.REGISTRY_BACKOFF_MS, 100, 1, 60_000),
    backoffMaxMs: parseInteger('REGISTRY_BACKOFF_MAX_MS', env.REGISTRY_BACKOFF_MAX_MS, 2_000, 1, 600_000),
    breakerThreshold: parseInteger('REGISTRY_BREAKER_THRESHOLD', env.REGISTRY_BREAKER_THRESHOLD, 5, 1, 1000),
    breakerHalfOpenMs: halfOpenMs,
    cacheTtlMs: parseInteger('REGISTRY_CACHE_TTL_SECONDS', env.REGISTRY_CACHE_TTL_SECONDS, 300, 0, 86_400 * 30) * 1000,
    cacheMaxStaleMs: parseInteger('REGISTRY_CACHE_MAX_STALE_SECONDS', env.REGISTRY_CACHE_MAX_STALE_SECONDS, 86_400, 0, 86_400 * 30) * 1000,
    cacheMaxEntries: parseInteger('REGISTRY_CACHE_MAX_ENTRIES', env.REGISTRY_CACHE_MAX_ENTRIES, 10_000, 0, 10_000_000),
    simulators: simulate
      ? {
          seed: parseInteger('REGISTRY_SIMULATOR_SEED', env.REGISTRY_SIMULATOR_SEED, 42, 0, 2 ** 32 - 1),
          citizens: parseInteger('REGISTRY_SIMULATOR_CITIZENS', env.REGISTRY_SIMULATOR_CITIZENS, 2_000, 1, 5_000_000),
          enterprises: parseInteger('REGISTRY_SIMULATOR_ENTERPRISES', env.REGISTRY_SIMULATOR_ENTERPRISES, 300, 1, 1_000_000),
        }
      : undefined,
  };
}

function parseWebhooks(env: NodeJS.ProcessEnv, nodeEnv: Environment): WebhooksConfig {
  const backoffInitialMs = parseInteger('WEBHOOK_BACKOFF_INITIAL_MS', env.WEBHOOK_BACKOFF_INITIAL_MS, 10_000, 1, 3_600_000);
  const backoffMaxMs = parseInteger('WEBHOOK_BACKOFF_MAX_MS', env.WEBHOOK_BACKOFF_MAX_MS, 3_600_000, 1, 7 * 86_400_000);
  if (backoffMaxMs < backoffInitialMs) throw new ConfigError(`WEBHOOK_BACKOFF_MAX_MS (${backoffMaxMs}) must not be below WEBHOOK_BACKOFF_INITIAL_MS (${backoffInitialMs})`);
  // Plain http would let anyone on the path read and replay deliveries, and it also lifts the
  // loopback and link-local refusal (the SSRF guard): development and tests only.
  const allowHttp = parseSwitch('WEBHOOK_ALLOW_HTTP', env.WEBHOOK_ALLOW_HTTP, nodeEnv !== 'production');
  if (allowHttp && nodeEnv === 'production') throw new ConfigError('WEBHOOK_ALLOW_HTTP must be off when NODE_ENV=production: it lets agencies point Motlan at http, loopback and link-local addresses');
  return {
    pollMs: parseInteger('WEBHOOK_POLL_MS', env.WEBHOOK_POLL_MS, 2_000, 50, 3_600_000),
    timeoutMs: parseInteger('WEBHOOK_TIMEOUT_MS', env.WEBHOOK_TIMEOUT_MS, 10_000, 100, 120_000),
    maxAttempts: parseInteger('WEBHOOK_MAX_ATTEMPTS', env.WEBHOOK_MAX_ATTEMPTS, 12, 1, 100),
    backoffInitialMs,
    backoffMaxMs,
    allowHttp,
  };
}

function parseLimits(env: NodeJS.ProcessEnv): LimitsConfig {
  const store = env.RATE_LIMIT_STORE || 'memory';
  if (store !== 'memory' && store !== 'postgres') throw new ConfigError(`RATE_LIMIT_STORE must be memory or postgres, not "${store}"`);
  return {
    store,
    perIp: parseRateLimit('RATE_LIMIT_PER_IP', env.RATE_LIMIT_PER_IP, DEFAULT_LIMITS.perIp),
    perClient: parseRateLimit('RATE_LIMIT_PER_CLIENT', env.RATE_LIMIT_PER_CLIENT, DEFAULT_LIMITS.perClient),
    failedAuth: parseRateLimit('RATE_LIMIT_FAILED_AUTH', env.RATE_LIMIT_FAILED_AUTH, DEFAULT_LIMITS.failedAuth),
    consentRequests: parseRateLimit('RATE_LIMIT_CONSENT_REQUESTS', env.RATE_LIMIT_CONSENT_REQUESTS, DEFAULT_LIMITS.consentRequests),
    subjectLookups: parseRateLimit('RATE_LIMIT_SUBJECT_LOOKUPS', env.RATE_LIMIT_SUBJECT_LOOKUPS, DEFAULT_LIMITS.subjectLookups),
  };
}

const WINDOW_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `600/1m`: 600 requests a minute; `off`: no limit. */
function parseRateLimit(name: string, value: string | undefined, fallback: RateLimit | undefined): RateLimit | undefined {
  if (value === undefined || value === '') return fallback;
  if (value === 'off') return undefined;
  const m = /^(\d{1,9})\/(\d{1,6})(s|m|h|d)$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new ConfigError(`${name} must be a count per window such as 600/1m (s, m, h or d), or off, not "${value}"`);
  return { points: Number(m[1]), seconds: Number(m[2]) * WINDOW_SECONDS[m[3]!]! };
}

function parseHttpSecurity(env: NodeJS.ProcessEnv, nodeEnv: Environment, port: number): HttpSecurityConfig {
  const proxy = env.TRUST_PROXY || 'off';
  let trustProxy: HttpSecurityConfig['trustProxy'];
  if (proxy === 'off') trustProxy = false;
  else if (/^\d{1,2}$/.test(proxy)) trustProxy = Number(proxy);
  else if (/^[0-9a-fA-F.:/, ]+$|^(loopback|linklocal|uniquelocal)(, *(loopback|linklocal|uniquelocal))*$/.test(proxy)) trustProxy = proxy;
  else throw new ConfigError(`TRUST_PROXY must be off, a hop count, loopback/linklocal/uniquelocal or a list of addresses, not "${proxy}"`);
  const metricsToken = emptyToUndefined(env.METRICS_TOKEN);
  if (metricsToken !== undefined && metricsToken.length < 32) throw new ConfigError('METRICS_TOKEN must be at least 32 characters');
  const metricsPort = env.METRICS_PORT ? parseInteger('METRICS_PORT', env.METRICS_PORT, 0, 1, 65535) : undefined;
  if (metricsPort !== undefined && metricsPort === port) throw new ConfigError('METRICS_PORT must differ from PORT');
  // Metrics show routes and their load: in production, without a token or a port of their own, nobody gets them.
  const metricsOpen = metricsToken === undefined && metricsPort === undefined && nodeEnv !== 'production';
  return { trustProxy, hsts: parseSwitch('HSTS', env.HSTS, nodeEnv === 'production'), metricsToken, metricsPort, metricsOpen };
}

function parsePlan(env: NodeJS.ProcessEnv): PlanConfig {
  const targets = emptyToUndefined(env.PLAN_FIRST_YEAR_TARGETS);
  const firstYearTargets: PlanConfig['firstYearTargets'] = targets ? {} : { ...DEFAULT_PLAN.firstYearTargets };
  for (const pair of targets ? targets.split(',') : []) {
    const m = /^\s*(central|province|district|commune)\s*[:=]\s*(\d{1,3})\s*$/.exec(pair);
    if (!m || Number(m[2]) > 100) throw new ConfigError(`PLAN_FIRST_YEAR_TARGETS must list level:percent pairs, e.g. "province:30,district:20,commune:15", not "${targets}"`);
    firstYearTargets[m[1] as keyof PlanConfig['firstYearTargets']] = Number(m[2]);
  }
  return {
    startYear: parseInteger('PLAN_START_YEAR', env.PLAN_START_YEAR, DEFAULT_PLAN.startYear, 2000, 2100),
    firstYearTargets,
    yearlyStepPoints: parseInteger('PLAN_YEARLY_STEP_POINTS', env.PLAN_YEARLY_STEP_POINTS, DEFAULT_PLAN.yearlyStepPoints, 0, 100),
    notAskedAgainTargetPercent: parseInteger('PLAN_NOT_ASKED_AGAIN_TARGET', env.PLAN_NOT_ASKED_AGAIN_TARGET, DEFAULT_PLAN.notAskedAgainTargetPercent, 0, 100),
  };
}

function parseRegistryEndpoint(env: NodeJS.ProcessEnv, prefix: string): RegistryEndpoint | undefined {
  const url = emptyToUndefined(env[`${prefix}_URL`]);
  if (!url) return undefined;
  const tokenUrl = emptyToUndefined(env[`${prefix}_TOKEN_URL`]);
  for (const [name, value] of [[`${prefix}_URL`, url], [`${prefix}_TOKEN_URL`, tokenUrl]] as const) {
    if (value !== undefined && !/^https?:\/\/[^/]/.test(value)) throw new ConfigError(`${name} must be an http(s) URL, not "${value}"`);
  }
  const clientId = emptyToUndefined(env[`${prefix}_CLIENT_ID`]);
  const clientSecret = emptyToUndefined(env[`${prefix}_CLIENT_SECRET`]);
  if (!clientId || !clientSecret) throw new ConfigError(`${prefix}_URL is set, so ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET must be too`);
  return { url: url.replace(/\/$/, ''), tokenUrl, clientId, clientSecret };
}

function parsePortal(env: NodeJS.ProcessEnv, nodeEnv: Environment, publicUrl: string): PortalConfig {
  const key = emptyToUndefined(env.PORTAL_SESSION_KEY);
  let sessionKey: Uint8Array | undefined;
  if (key !== undefined) {
    sessionKey = /^[A-Za-z0-9_-]{43}$/.test(key) ? new Uint8Array(Buffer.from(key, 'base64url')) : undefined;
    if (sessionKey?.length !== 32) throw new ConfigError('PORTAL_SESSION_KEY must be 32 random bytes in base64url (43 characters), e.g. from: openssl rand 32 | basenc --base64url');
  }
  const issuer = emptyToUndefined(env.OIDC_ISSUER);
  let oidc: OidcConfig | undefined;
  if (issuer !== undefined) {
    // A provider over plain http would hand identities to anyone on the path: only for local tests.
    const scheme = nodeEnv === 'production' ? /^https:\/\/[^/]/ : /^https?:\/\/[^/]/;
    if (!scheme.test(issuer)) throw new ConfigError(`OIDC_ISSUER must be an ${nodeEnv === 'production' ? 'https' : 'http(s)'} URL, not "${issuer}"`);
    const clientId = emptyToUndefined(env.OIDC_CLIENT_ID);
    if (!clientId) throw new ConfigError('OIDC_ISSUER is set, so OIDC_CLIENT_ID must be too');
    if (nodeEnv === 'production' && !publicUrl.startsWith('https://')) {
      throw new ConfigError('PUBLIC_URL must be https when the portal signs citizens in (NODE_ENV=production): its session cookie is Secure');
    }
    const redirectUri = emptyToUndefined(env.OIDC_REDIRECT_URI) ?? `${publicUrl}/portal/callback`;
    if (!/^https?:\/\/[^/]/.test(redirectUri)) throw new ConfigError(`OIDC_REDIRECT_URI must be an http(s) URL, not "${redirectUri}"`);
    const scopes = emptyToUndefined(env.OIDC_SCOPES) ?? 'openid';
    if (!scopes.split(' ').includes('openid')) throw new ConfigError('OIDC_SCOPES must include openid');
    const claim = (name: string, fallback: string) => {
      const value = emptyToUndefined(env[name]) ?? fallback;
      if (!/^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/.test(value)) throw new ConfigError(`${name} must be a claim name, not "${value}"`);
      return value;
    };
    oidc = {
      // Kept as given: the id_token's iss must equal it exactly, trailing slash included.
      issuer,
      clientId,
      clientSecret: emptyToUndefined(env.OIDC_CLIENT_SECRET),
      redirectUri,
      scopes,
      citizenIdClaim: claim('OIDC_CITIZEN_ID_CLAIM', 'sub'),
      identityLevelClaim: claim('OIDC_IDENTITY_LEVEL_CLAIM', 'identity_level'),
      nameClaim: claim('OIDC_NAME_CLAIM', 'name'),
      displayName: emptyToUndefined(env.OIDC_DISPLAY_NAME) ?? 'VNeID',
    };
  }
  return { sessionKey, sessionMinutes: parseInteger('PORTAL_SESSION_MINUTES', env.PORTAL_SESSION_MINUTES, 30, 5, 720), oidc };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
