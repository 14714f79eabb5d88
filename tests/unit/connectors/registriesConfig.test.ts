import { ConfigError, loadConfig } from '../../../src/config';
import { startRegistries } from '../../../src/connectors';

describe('registry configuration', () => {
  it('in development without registry URLs, starts the simulators and points the clients at them', async () => {
    const config = loadConfig({ NODE_ENV: 'development', REGISTRY_SIMULATOR_CITIZENS: '200', REGISTRY_SIMULATOR_ENTERPRISES: '20' });
    expect(config.registries.simulators).toEqual({ seed: 42, citizens: 200, enterprises: 20 });
    const registries = await startRegistries(config.registries);
    try {
      expect(registries.simulatorUrls?.population).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The business simulator's representatives are people the population simulator knows.
      const people = await fetch(`${registries.simulatorUrls!.business}/health`);
      expect(people.status).toBe(200);
      expect(registries.population).toBeDefined();
      expect(registries.business).toBeDefined();
    } finally {
      await registries.close();
    }
  });

  it('reads real registries with their client credentials, and no simulators', () => {
    const { registries } = loadConfig({
      NODE_ENV: 'production',
      POPULATION_REGISTRY_URL: 'https://dancu.example.vn/api/',
      POPULATION_REGISTRY_CLIENT_ID: 'motlan',
      POPULATION_REGISTRY_CLIENT_SECRET: 's3cret',
      REGISTRY_TIMEOUT_MS: '1500',
      REGISTRY_CACHE_TTL_SECONDS: '60',
    });
    expect(registries.population).toEqual({ url: 'https://dancu.example.vn/api', tokenUrl: undefined, clientId: 'motlan', clientSecret: 's3cret' });
    expect(registries.business).toBeUndefined();
    expect(registries.simulators).toBeUndefined();
    expect(registries.timeoutMs).toBe(1500);
    expect(registries.cacheTtlMs).toBe(60_000);
  });

  it.each([
    [{ POPULATION_REGISTRY_URL: 'https://x.example' }, /CLIENT_ID and POPULATION_REGISTRY_CLIENT_SECRET/],
    [{ BUSINESS_REGISTRY_URL: 'ftp://x', BUSINESS_REGISTRY_CLIENT_ID: 'a', BUSINESS_REGISTRY_CLIENT_SECRET: 'b' }, /http\(s\) URL/],
    [{ NODE_ENV: 'production', REGISTRY_SIMULATORS: 'on' }, /must be off when NODE_ENV=production/],
    [{ REGISTRY_SIMULATORS: 'on', POPULATION_REGISTRY_URL: 'https://x.example', POPULATION_REGISTRY_CLIENT_ID: 'a', POPULATION_REGISTRY_CLIENT_SECRET: 'b' }, /replaces the registries/],
    [{ REGISTRY_TIMEOUT_MS: '10' }, /REGISTRY_TIMEOUT_MS must be between/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'development', ...env } as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'development', ...env } as NodeJS.ProcessEnv)).toThrow(message);
  });

  it('in test and production, starts no simulators unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).registries.simulators).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production' }).registries.simulators).toBeUndefined();
  });
});
