/** A non-success HTTP status from a registry, before it is mapped to a RegistryError. Internal. */
export class RegistryHttpError extends Error {
  override name = 'RegistryHttpError';
  constructor(
    readonly status: number,
    /** The raw Retry-After header, if any. */
    readonly retryAfter: string | null,
    what: string,
  ) {
    super(`${what} answered HTTP ${status}`);
  }

  /** 5xx, 429 and 408 may pass; other 4xx are our mistake or a refusal, and repeat identically. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}
