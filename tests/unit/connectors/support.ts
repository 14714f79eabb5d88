import type { Clock } from '../../../src/connectors/shared/clock';
import type { RegistryClientSettings } from '../../../src/connectors/shared/registryHttpClient';
import { DEFAULT_SIMULATOR_CLIENTS } from '../../../src/connectors/shared/simulatorServer';

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2025-06-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

/** Tight timings so resilience tests take milliseconds; each test overrides what it exercises. */
export function testSettings(url: string, overrides: Partial<RegistryClientSettings> = {}): RegistryClientSettings {
  return {
    url,
    clientId: 'motlan',
    clientSecret: DEFAULT_SIMULATOR_CLIENTS.motlan ?? '',
    timeoutMs: 500,
    retries: 2,
    backoffInitialMs: 5,
    backoffMaxMs: 20,
    breakerThreshold: 3,
    breakerHalfOpenMs: 200,
    cacheTtlMs: 60_000,
    cacheMaxStaleMs: 3_600_000,
    cacheMaxEntries: 100,
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
