import { randomBytes } from 'node:crypto';
import type { RegistriesConfig, RegistryEndpoint } from '../config';
import { businessClient } from './business/businessClient';
import type { BusinessRegistry } from './business/businessRegistry';
import { startBusinessSimulator } from './business/businessSimulator';
import { generatePopulation } from './population/populationGenerator';
import { populationClient } from './population/populationClient';
import type { PopulationRegistry } from './population/populationRegistry';
import { startPopulationSimulator } from './population/populationSimulator';
import type { Clock } from './shared/clock';
import type { RegistryClientSettings } from './shared/registryHttpClient';

export type { BusinessRegistry, Enterprise, Branch, LegalRepresentative, EnterpriseStatus } from './business/businessRegistry';
export type { PopulationRegistry, Citizen, AttributeClaims, AttributeOutcome, Verification, PersonLink, RegistryAddress, SensitiveAttributes } from './population/populationRegistry';
export type { RegistryAnswer } from './shared/registryAnswer';
export { RegistryError, RegistryUnavailable, RegistryAnswerInvalid } from './shared/registryErrors';
export type { RegistryName, UnavailableReason } from './shared/registryErrors';
export { populationClient } from './population/populationClient';
export { businessClient } from './business/businessClient';
export { startPopulationSimulator } from './population/populationSimulator';
export { startBusinessSimulator } from './business/businessSimulator';
export type { Faults } from './shared/faults';

export interface Registries {
  /** Undefined when no population registry is configured: what needs one answers 503. */
  population: PopulationRegistry | undefined;
  business: BusinessRegistry | undefined;
  /** The in-process simulators' URLs, when Motlan started them. */
  simulatorUrls: { population: string; business: string } | undefined;
  close(): Promise<void>;
}

/**
 * The registry clients, per configuration. In development (REGISTRY_SIMULATORS on) both simulators
 * start in-process on free ports, with a fresh client secret, and the clients point at them.
 */
export async function startRegistries(config: RegistriesConfig, deps: { clock?: Clock } = {}): Promise<Registries> {
  const { population: _population, business: _business, simulators: _simulators, ...policy } = config;
  const settings = (endpoint: RegistryEndpoint): RegistryClientSettings => ({ ...endpoint, ...policy });

  if (!config.simulators) {
    return {
      population: config.population && populationClient(settings(config.population), deps),
      business: config.business && businessClient(settings(config.business), deps),
      simulatorUrls: undefined,
      close: async () => undefined,
    };
  }

  const { seed, citizens, enterprises } = config.simulators;
  const clientId = 'motlan-dev';
  const clientSecret = randomBytes(18).toString('base64url');
  const clients = { [clientId]: clientSecret };
  const population = await startPopulationSimulator({ seed, count: citizens, clients });
  // The same seed and count give the same people, so legal representatives are citizens the
  // population simulator knows.
  const business = await startBusinessSimulator({ seed, count: enterprises, clients, population: generatePopulation({ seed, count: citizens }) }).catch(
    async (error: unknown) => {
      await population.close();
      throw error;
    },
  );
  const endpoint = (url: string): RegistryEndpoint => ({ url, tokenUrl: undefined, clientId, clientSecret });
  return {
    population: populationClient(settings(endpoint(population.url)), deps),
    business: businessClient(settings(endpoint(business.url)), deps),
    simulatorUrls: { population: population.url, business: business.url },
    close: async () => {
      await Promise.all([population.close(), business.close()]);
    },
  };
}
