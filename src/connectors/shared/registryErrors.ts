/** Which registry a connector speaks to; carried by every answer and error for logs and problems. */
export type RegistryName = 'population' | 'business';

/** Base of every failure a registry connector reports; routes map them, nothing else catches them. */
export class RegistryError extends Error {
  constructor(
    readonly registry: RegistryName,
    message: string,
  ) {
    super(message);
  }
}

export type UnavailableReason = 'timeout' | 'circuit_open' | 'unreachable' | 'server_error' | 'rejected';

/**
 * The registry could not answer and nothing cached could stand in. Routes answer 503 with
 * `Retry-After: retryAfterSeconds`; the hint is the registry's own Retry-After when it sent one,
 * else the time until the circuit breaker next lets a call through.
 */
export class RegistryUnavailable extends RegistryError {
  override name = 'RegistryUnavailable';
  constructor(
    registry: RegistryName,
    readonly reason: UnavailableReason,
    readonly retryAfterSeconds: number,
    detail: string,
  ) {
    super(registry, `The ${registry} registry is unavailable (${reason}): ${detail}`);
  }
}

/**
 * The registry answered, but not with what its contract promises (not JSON, or failing the schema
 * under schemas/registry/). Its answers are untrusted input, so this is an error value, not a crash.
 */
export class RegistryAnswerInvalid extends RegistryError {
  override name = 'RegistryAnswerInvalid';
  constructor(
    registry: RegistryName,
    readonly problems: string[],
  ) {
    super(registry, `The ${registry} registry sent an invalid answer: ${problems.slice(0, 3).join('; ')}`);
  }
}
