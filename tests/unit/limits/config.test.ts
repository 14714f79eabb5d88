import { ConfigError, DEFAULT_LIMITS, loadConfig } from '../../../src/config';

describe('limits in the configuration', () => {
  it('when nothing is set, then the documented defaults, counted in memory', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.limits).toEqual({
      store: 'memory',
      perIp: { points: 3000, seconds: 60 },
      perClient: { points: 1200, seconds: 60 },
      failedAuth: { points: 20, seconds: 900 },
      consentRequests: { points: 5, seconds: 86_400 },
      subjectLookups: { points: 300, seconds: 60 },
    });
    expect(config.importBudget).toEqual({ maxBytes: 1024 * 1_048_576, maxSeconds: 900 });
    expect(config.http).toEqual({ trustProxy: false, hsts: false, metricsToken: undefined, metricsPort: undefined, metricsOpen: true });
    expect(config.revocationRefreshMs).toBe(5000);
  });

  it('reads a count per window in s, m, h or d, and off', () => {
    const config = loadConfig({
      RATE_LIMIT_STORE: 'postgres',
      RATE_LIMIT_PER_IP: '50/1s',
      RATE_LIMIT_PER_CLIENT: 'off',
      RATE_LIMIT_FAILED_AUTH: '10/1h',
      RATE_LIMIT_CONSENT_REQUESTS: '3/7d',
      RATE_LIMIT_SUBJECT_LOOKUPS: '100/5m',
    });
    expect(config.limits).toEqual({
      store: 'postgres',
      perIp: { points: 50, seconds: 1 },
      perClient: undefined,
      failedAuth: { points: 10, seconds: 3600 },
      consentRequests: { points: 3, seconds: 7 * 86_400 },
      subjectLookups: { points: 100, seconds: 300 },
    });
  });

  it.each([
    [{ RATE_LIMIT_STORE: 'redis' }, /RATE_LIMIT_STORE must be memory or postgres/],
    [{ RATE_LIMIT_PER_IP: '600' }, /RATE_LIMIT_PER_IP must be a count per window/],
    [{ RATE_LIMIT_PER_CLIENT: '0/1m' }, /RATE_LIMIT_PER_CLIENT/],
    [{ RATE_LIMIT_FAILED_AUTH: '10/1w' }, /RATE_LIMIT_FAILED_AUTH/],
    [{ IMPORT_MAX_BYTES: '10MB' }, /IMPORT_MAX_BYTES must be a whole number/],
    [{ IMPORT_MAX_SECONDS: '0' }, /IMPORT_MAX_SECONDS must be between/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be at least 32/],
    [{ METRICS_PORT: '3000' }, /METRICS_PORT must differ from PORT/],
  ])('when %j, then Motlan refuses to start, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('in production: HSTS on, metrics closed unless a token or a port is set, proxies trusted only when named', () => {
    const production = loadConfig({ NODE_ENV: 'production', DEV_ISSUER: 'off' }).http;
    expect(production).toEqual({ trustProxy: false, hsts: true, metricsToken: undefined, metricsPort: undefined, metricsOpen: false });
    const behindProxy = loadConfig({ NODE_ENV: 'production', DEV_ISSUER: 'off', TRUST_PROXY: '1', METRICS_PORT: '9464', HSTS: 'off' }).http;
    expect(behindProxy).toEqual({ trustProxy: 1, hsts: false, metricsToken: undefined, metricsPort: 9464, metricsOpen: false });
    expect(loadConfig({ TRUST_PROXY: 'loopback, uniquelocal' }).http.trustProxy).toBe('loopback, uniquelocal');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).http.trustProxy).toBe('10.0.0.0/8');
  });
});
