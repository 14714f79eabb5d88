import type { Clock } from './clock';

export interface CachedEntry<T> {
  data: T;
  fetchedAt: Date;
}

export interface AnswerCacheOptions {
  ttlMs: number;
  /** How long past its TTL an entry may still be served, marked stale, while the registry is down. */
  maxStaleMs: number;
  /** Personal data held in memory: bounded, the least recently used goes first. */
  maxEntries: number;
  clock: Clock;
}

export interface AnswerCache<T> {
  /** The entry and whether it is still within its TTL; undefined when absent or too old even to be stale. */
  get(key: string): { entry: CachedEntry<T>; fresh: boolean } | undefined;
  set(key: string, data: T): CachedEntry<T>;
  delete(key: string): void;
  readonly size: number;
}

export function answerCache<T>({ ttlMs, maxStaleMs, maxEntries, clock }: AnswerCacheOptions): AnswerCache<T> {
  // A Map iterates in insertion order: re-inserting on read makes the first key the least recently used.
  const entries = new Map<string, CachedEntry<T>>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      const age = clock.now().getTime() - entry.fetchedAt.getTime();
      if (age > ttlMs + maxStaleMs) {
        entries.delete(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return { entry, fresh: age < ttlMs };
    },
    set(key, data) {
      const entry = { data, fetchedAt: clock.now() };
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      return entry;
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
