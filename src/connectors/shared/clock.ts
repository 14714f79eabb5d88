/** Time is injected so tests control token expiry and cache freshness. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
