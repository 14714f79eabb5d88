import { parseTaxCode } from '../../ids';
import type { Clock } from '../shared/clock';
import { registryHttpClient, type CircuitStateName, type RegistryClientSettings } from '../shared/registryHttpClient';
import type { BusinessRegistry, Enterprise } from './businessRegistry';

export interface BusinessClient extends BusinessRegistry {
  /** For health reports and tests. */
  circuitState(): CircuitStateName;
}

/** The business registry over HTTP: the API of schemas/registry/, which the simulator speaks too. */
export function businessClient(settings: RegistryClientSettings, deps: { clock?: Clock } = {}): BusinessClient {
  const http = registryHttpClient('business', settings, deps);
  return {
    getEnterprise(code) {
      // A malformed code is the caller's bug (routes validate first); never send it to the registry.
      const parsed = parseTaxCode(code);
      if (!parsed.ok) throw new RangeError(`Not an enterprise code: ${parsed.error.message.en}`);
      // A dependent unit has no record of its own: it is listed in its parent's.
      const enterprise = parsed.value.kind === 'branch' ? parsed.value.parentCode : parsed.value.code;
      return http.read<Enterprise>(enterprise, `/v1/enterprises/${enterprise}`, 'registry/enterprise');
    },
    circuitState: () => http.circuitState(),
  };
}
