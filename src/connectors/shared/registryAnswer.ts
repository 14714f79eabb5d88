import type { RegistryName } from './registryErrors';

/**
 * A registry answer with how fresh it is. `source` says where this copy came from: `registry`
 * (fetched for this call) or `cache` (fetched earlier, within its TTL, or past it when `stale`).
 * A stale answer is served only when the registry could not be asked; callers show it as such.
 */
export interface RegistryAnswer<T> {
  data: T;
  fetchedAt: Date;
  stale: boolean;
  source: 'registry' | 'cache';
  registry: RegistryName;
}
