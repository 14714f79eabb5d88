import { parseCitizenId } from '../../ids';
import { systemClock, type Clock } from '../shared/clock';
import { RegistryError } from '../shared/registryErrors';
import { registryHttpClient, type CircuitStateName, type RegistryClientSettings } from '../shared/registryHttpClient';
import type { AttributeClaims, Citizen, PopulationRegistry, Verification } from './populationRegistry';
import { verifyClaims } from './verifyClaims';

export interface PopulationClient extends PopulationRegistry {
  /** For health reports and tests. */
  circuitState(): CircuitStateName;
}

/** The population registry over HTTP: the API of schemas/registry/, which the simulator speaks too. */
export function populationClient(settings: RegistryClientSettings, deps: { clock?: Clock } = {}): PopulationClient {
  const http = registryHttpClient('population', settings, deps);
  const checked = (id: string): string => {
    // A malformed ID is the caller's bug (routes validate first); never send it to the registry.
    const parsed = parseCitizenId(id);
    if (!parsed.ok) throw new RangeError(`Not a personal ID: ${parsed.error.message.en}`);
    return parsed.value.id;
  };

  return {
    getCitizen(id) {
      const key = checked(id);
      return http.read<Citizen>(key, `/v1/citizens/${key}`, 'registry/citizen');
    },
    async verifyAttributes(id: string, claims: AttributeClaims) {
      const key = checked(id);
      try {
        const data = await http.post<Verification>(`/v1/citizens/${key}/verification`, claims, 'registry/verification');
        return data && { data, fetchedAt: (deps.clock ?? systemClock).now(), stale: false, source: 'registry' as const, registry: 'population' as const };
      } catch (error) {
        // Verification is a read in disguise: when the registry is down, a cached record can still
        // answer, labelled stale like any cached answer.
        const cached = error instanceof RegistryError ? http.cached<Citizen>(key) : undefined;
        if (!cached) throw error;
        return { ...cached, data: verifyClaims(cached.data, claims), stale: true };
      }
    },
    circuitState: () => http.circuitState(),
  };
}
