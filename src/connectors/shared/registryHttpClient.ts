import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  handleWhen,
  type ICancellationContext,
  type IPolicy,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { validatorFor } from '../../http/schemaRegistry';
import { answerCache } from './answerCache';
import { clientCredentials } from './clientCredentials';
import { systemClock, type Clock } from './clock';
import type { RegistryAnswer } from './registryAnswer';
import { RegistryAnswerInvalid, RegistryError, RegistryUnavailable, type RegistryName } from './registryErrors';
import { RegistryHttpError } from './registryHttpError';
import { isNetworkError, registryExchange } from './registryTransport';

/** How to reach one registry and how patiently; parsed from the environment in config.ts. */
export type RegistryClientSettings = RegistryEndpointSettings & RegistryCallPolicy;

export interface RegistryEndpointSettings {
  /** Base URL; the API lives under `<url>/v1`. */
  url: string;
  /** OAuth2 token endpoint; `<url>/oauth/token` when unset. */
  tokenUrl?: string | undefined;
  clientId: string;
  clientSecret: string;
}

/** How a registry client calls: timeouts, retries, breaker, cache. One policy for both registries (config.ts). */
export interface RegistryCallPolicy {
  /** Per attempt, token request included. */
  timeoutMs: number;
  /** Retries after the first attempt, for idempotent reads only. */
  retries: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Consecutive failures that open the breaker. */
  breakerThreshold: number;
  /** How long an open breaker refuses calls before letting one through (half-open). */
  breakerHalfOpenMs: number;
  cacheTtlMs: number;
  cacheMaxStaleMs: number;
  cacheMaxEntries: number;
}

export type CircuitStateName = 'closed' | 'open' | 'half_open' | 'isolated';

export interface RegistryHttpClient {
  /** A cached, retried GET; null when the registry answers 404. */
  read<T>(cacheKey: string, path: string, schema: string): Promise<RegistryAnswer<T> | null>;
  /** A POST: never retried (not idempotent), never cached, but timed out and counted by the breaker. */
  post<T>(path: string, body: unknown, schema: string): Promise<T | null>;
  /** The cached copy alone, however old within maxStale, for a fallback that needs the record itself. */
  cached<T>(cacheKey: string): RegistryAnswer<T> | undefined;
  circuitState(): CircuitStateName;
}

const NOT_FOUND = Symbol('not found');
type Attempt = (signal: AbortSignal) => Promise<unknown>;
type Policy = Pick<IPolicy<ICancellationContext>, 'execute'>;

export function registryHttpClient(registry: RegistryName, settings: RegistryClientSettings, deps: { clock?: Clock } = {}): RegistryHttpClient {
  const clock = deps.clock ?? systemClock;
  const base = settings.url.replace(/\/$/, '');
  const credentials = clientCredentials({
    registry,
    tokenUrl: settings.tokenUrl ?? `${base}/oauth/token`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    clock,
  });
  const cache = answerCache<unknown>({ ttlMs: settings.cacheTtlMs, maxStaleMs: settings.cacheMaxStaleMs, maxEntries: settings.cacheMaxEntries, clock });

  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: settings.breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(settings.breakerThreshold),
  });
  // cockatiel times the half-open delay with Date.now(), not our clock, so the hint does too.
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
  });
  // Aggressive: the caller gets its answer at the deadline even if the socket lingers; the signal
  // then aborts the fetch so nothing is left reading.
  const perAttempt = timeout(settings.timeoutMs, TimeoutStrategy.Aggressive);
  // Invalid answers and refusals repeat identically, so only transport failures, timeouts and
  // transient statuses are retried; an open breaker is final for this call.
  const retryable = handleWhen(
    (error) => error instanceof TaskCancelledError || (error instanceof RegistryHttpError && error.transient) || isNetworkError(error),
  );
  const idempotent = wrap(
    retry(retryable, {
      maxAttempts: settings.retries,
      backoff: new ExponentialBackoff({ initialDelay: settings.backoffInitialMs, maxDelay: settings.backoffMaxMs }),
    }),
    breaker,
    perAttempt,
  );
  const once = wrap(breaker, perAttempt);

  const retryAfterSeconds = (error?: RegistryHttpError): number => {
    const header = error?.retryAfter;
    if (header && /^\d+$/.test(header)) return Math.max(1, Number(header));
    const untilHalfOpen = breaker.state === CircuitState.Open ? openedAt + settings.breakerHalfOpenMs - Date.now() : settings.breakerHalfOpenMs;
    return Math.max(1, Math.ceil(untilHalfOpen / 1000));
  };

  const toRegistryError = (error: unknown): RegistryError => {
    if (error instanceof RegistryError) return error;
    if (error instanceof BrokenCircuitError) return new RegistryUnavailable(registry, 'circuit_open', retryAfterSeconds(), 'too many recent failures; calls are paused');
    if (error instanceof TaskCancelledError) return new RegistryUnavailable(registry, 'timeout', retryAfterSeconds(), `no answer within ${settings.timeoutMs} ms`);
    if (error instanceof RegistryHttpError) {
      return new RegistryUnavailable(registry, error.transient ? 'server_error' : 'rejected', retryAfterSeconds(error), error.message);
    }
    if (isNetworkError(error)) return new RegistryUnavailable(registry, 'unreachable', retryAfterSeconds(), 'fetch failed');
    throw error;
  };

  const call = async (method: 'GET' | 'POST', path: string, body: unknown, schema: string, signal: AbortSignal): Promise<unknown> => {
    const send = async (token: string) =>
      registryExchange(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
      });
    let token = await credentials.token(signal);
    let response = await send(token);
    if (response.status === 401) {
      // The registry may have revoked or restarted; one fresh token, then we believe it.
      await response.discard();
      credentials.invalidate(token);
      token = await credentials.token(signal);
      response = await send(token);
    }
    if (response.status === 404) {
      await response.discard();
      return NOT_FOUND;
    }
    if (!response.ok) {
      await response.discard();
      throw new RegistryHttpError(response.status, response.retryAfter, `${method} ${path}`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RegistryAnswerInvalid(registry, [`answer to ${method} is not JSON (${text.length} bytes)`]);
    }
    const validate = validatorFor(schema);
    if (!validate(parsed)) {
      throw new RegistryAnswerInvalid(registry, (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`));
    }
    return parsed;
  };

  const run = async (policy: Policy, attempt: Attempt): Promise<unknown> => {
    try {
      return await policy.execute(({ signal }) => attempt(signal));
    } catch (error) {
      throw toRegistryError(error);
    }
  };

  return {
    async read<T>(cacheKey: string, path: string, schema: string) {
      const hit = cache.get(cacheKey);
      if (hit?.fresh) return { data: hit.entry.data as T, fetchedAt: hit.entry.fetchedAt, stale: false, source: 'cache' as const, registry };
      try {
        const result = await run(idempotent, (signal) => call('GET', path, undefined, schema, signal));
        if (result === NOT_FOUND) {
          cache.delete(cacheKey);
          return null;
        }
        const entry = cache.set(cacheKey, result);
        return { data: result as T, fetchedAt: entry.fetchedAt, stale: false, source: 'registry' as const, registry };
      } catch (error) {
        // Whatever went wrong, an older copy labelled stale beats no answer; without one, the error stands.
        if (hit) return { data: hit.entry.data as T, fetchedAt: hit.entry.fetchedAt, stale: true, source: 'cache' as const, registry };
        throw error;
      }
    },
    async post<T>(path: string, body: unknown, schema: string) {
      const result = await run(once, (signal) => call('POST', path, body, schema, signal));
      return result === NOT_FOUND ? null : (result as T);
    },
    cached<T>(cacheKey: string) {
      const hit = cache.get(cacheKey);
      if (!hit) return undefined;
      return { data: hit.entry.data as T, fetchedAt: hit.entry.fetchedAt, stale: !hit.fresh, source: 'cache' as const, registry };
    },
    circuitState() {
      switch (breaker.state) {
        case CircuitState.Closed:
          return 'closed';
        case CircuitState.Open:
          return 'open';
        case CircuitState.HalfOpen:
          return 'half_open';
        default:
          return 'isolated';
      }
    },
  };
}
