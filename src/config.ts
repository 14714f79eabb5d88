import path from 'node:path';

export type Environment = 'development' | 'test' | 'production';

export interface TrustedIssuer {
  /** The `iss` claim this issuer signs with. */
  issuer: string;
  /** Where its public keys are: an https/http URL of a JWKS, or `file:` + a path to one. */
  jwks: string;
}

/** Where one registry is and how Motlan authenticates to it (OAuth2 client credentials). */
export interface RegistryEndpoint {
  url: string;
  /** Unset: `<url>/oauth/token`. */
  tokenUrl: string | undefined;
  clientId: string;
  clientSecret: string;
}

export interface RegistriesConfig {
  /** Unset: no population registry; what needs one answers 503, everything else works. */
  population: RegistryEndpoint | undefined;
  business: RegistryEndpoint | undefined;
  /** Shared by both clients; see docs/connectors.md. */
  timeoutMs: number;
  retries: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  breakerThreshold: number;
  breakerHalfOpenMs: number;
  cacheTtlMs: number;
  cacheMaxStaleMs: number;
  cacheMaxEntries: number;
  /** Development: start both registry simulators in-process and point the clients at them. */
  simulators: { seed: number; citizens: number; enterprises: number } | undefined;
}

export interface Config {
  env: Environment;
  host: string;
  port: number;
  publicUrl: string;
  /** postgres://… for real PostgreSQL; undefined runs the embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  migrationsDir: string;
  logLevel: string;
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  auth: {
    audience: string;
    trustedIssuers: TrustedIssuer[];
    /** A local issuer whose key lives under dataDir; development and tests only. */
    devIssuer: boolean;
  };
  registries: RegistriesConfig;
  /** Motlan's own Ed25519 private JWK (receipts, attestations); development makes one under dataDir. */
  signingKeyFile: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The project root, found from this file so that running from another folder still works. */
export const projectRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

export const DEV_ISSUER = 'urn:motlan:dev-issuer';

/** Reads the environment once; nothing else in Motlan reads process.env. */
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
  const config: Config = {
    env: nodeEnv,
    host: env.HOST || (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    port,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || path.join(projectRoot, 'data')),
    migrationsDir: path.resolve(env.MIGRATIONS_DIR || path.join(projectRoot, 'migrations')),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    bodyLimitBytes: parseInteger('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 1_048_576, 1024, 512 * 1_048_576),
    shutdownTimeoutMs: parseInteger('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, 10_000, 0, 600_000),
    auth: {
      audience: env.AUTH_AUDIENCE || 'motlan',
      trustedIssuers: parseTrustedIssuers(env.AUTH_TRUSTED_ISSUERS),
      devIssuer,
    },
    registries: parseRegistries(env, nodeEnv),
    signingKeyFile: emptyToUndefined(env.SIGNING_KEY_FILE) && path.resolve(env.SIGNING_KEY_FILE!),
  };
  return Object.freeze(config);
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

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
