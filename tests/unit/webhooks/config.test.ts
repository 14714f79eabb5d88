import { ConfigError, loadConfig } from '../../../src/config';

describe('WEBHOOK_* settings', () => {
  it('default to a schedule of hours, https receivers in production and http allowed in development', () => {
    const production = loadConfig({ NODE_ENV: 'production', DEV_ISSUER: 'off' }).webhooks;
    expect(production).toEqual({ pollMs: 2_000, timeoutMs: 10_000, maxAttempts: 12, backoffInitialMs: 10_000, backoffMaxMs: 3_600_000, allowHttp: false });
    expect(loadConfig({ NODE_ENV: 'development', REGISTRY_SIMULATORS: 'off' }).webhooks.allowHttp).toBe(true);
    // It also lifts the loopback and link-local refusal, so production cannot have it.
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_ISSUER: 'off', WEBHOOK_ALLOW_HTTP: 'on' })).toThrow(/WEBHOOK_ALLOW_HTTP must be off when NODE_ENV=production/);
  });

  it('reads each variable', () => {
    const webhooks = loadConfig({ NODE_ENV: 'test', WEBHOOK_POLL_MS: '500', WEBHOOK_TIMEOUT_MS: '3000', WEBHOOK_MAX_ATTEMPTS: '5', WEBHOOK_BACKOFF_INITIAL_MS: '100', WEBHOOK_BACKOFF_MAX_MS: '100', WEBHOOK_ALLOW_HTTP: 'off' }).webhooks;
    expect(webhooks).toEqual({ pollMs: 500, timeoutMs: 3_000, maxAttempts: 5, backoffInitialMs: 100, backoffMaxMs: 100, allowHttp: false });
  });

  it.each([
    [{ WEBHOOK_MAX_ATTEMPTS: '0' }, /WEBHOOK_MAX_ATTEMPTS must be between 1 and 100/],
    [{ WEBHOOK_TIMEOUT_MS: '10s' }, /WEBHOOK_TIMEOUT_MS must be a whole number/],
    [{ WEBHOOK_POLL_MS: '10' }, /WEBHOOK_POLL_MS must be between 50/],
    [{ WEBHOOK_BACKOFF_INITIAL_MS: '60000', WEBHOOK_BACKOFF_MAX_MS: '1000' }, /WEBHOOK_BACKOFF_MAX_MS \(1000\) must not be below WEBHOOK_BACKOFF_INITIAL_MS \(60000\)/],
    [{ WEBHOOK_ALLOW_HTTP: 'maybe' }, /WEBHOOK_ALLOW_HTTP must be on or off/],
  ])('refuses %p', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(message);
  });
});
