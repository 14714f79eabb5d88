import type { Random } from './seededRandom';

/**
 * What a simulator does wrong, on purpose. Every field is optional; an empty object is a healthy
 * registry. The JSON form is schemas/registry/faults.json (PUT /__faults).
 */
export interface Faults {
  /** Added to every answer, token endpoint included. */
  latencyMs?: number;
  /** Uniform extra latency in [0, jitterMs). */
  jitterMs?: number;
  /** Share of data calls answered with errorStatus. */
  errorRate?: number;
  /** Default 503. */
  errorStatus?: number;
  /** The next N data calls fail with errorStatus, whatever the rates: deterministic, for tests. */
  failNext?: number;
  /** Share of data calls that hang (no answer for hangMs), beyond any sane client timeout. */
  timeoutRate?: number;
  /** Default 60000. */
  hangMs?: number;
  /** Share of data calls answered with a broken body: truncated JSON or JSON off its schema. */
  malformedRate?: number;
  /** Every call, token endpoint included, gets 503 + Retry-After between these instants (ISO 8601). */
  outage?: { from?: string; until: string };
}

export type FaultDecision =
  | { kind: 'pass'; delayMs: number; malformed: boolean }
  | { kind: 'error'; delayMs: number; status: number }
  | { kind: 'hang'; delayMs: number; hangMs: number };

/** Seconds until a current outage ends (the Retry-After a down registry would send), or undefined when up. */
export function outageRetryAfter(faults: Faults, now: Date): number | undefined {
  if (!faults.outage) return undefined;
  const t = now.getTime();
  const from = faults.outage.from ? Date.parse(faults.outage.from) : -Infinity;
  const until = Date.parse(faults.outage.until);
  return t >= from && t < until ? Math.max(1, Math.ceil((until - t) / 1000)) : undefined;
}

/** Decides the fate of one call. `dataCall` is false for the token endpoint, which only suffers latency. */
export function decideFault(faults: Faults, random: Random, dataCall: boolean): { decision: FaultDecision; faults: Faults } {
  const delayMs = (faults.latencyMs ?? 0) + (faults.jitterMs ? random() * faults.jitterMs : 0);
  const status = faults.errorStatus ?? 503;
  if (!dataCall) return { decision: { kind: 'pass', delayMs, malformed: false }, faults };
  if (faults.failNext && faults.failNext > 0) {
    return { decision: { kind: 'error', delayMs, status }, faults: { ...faults, failNext: faults.failNext - 1 } };
  }
  if (faults.errorRate && random() < faults.errorRate) return { decision: { kind: 'error', delayMs, status }, faults };
  if (faults.timeoutRate && random() < faults.timeoutRate) return { decision: { kind: 'hang', delayMs, hangMs: faults.hangMs ?? 60_000 }, faults };
  const malformed = !!faults.malformedRate && random() < faults.malformedRate;
  return { decision: { kind: 'pass', delayMs, malformed }, faults };
}

/** A broken rendering of a valid body: half the time cut mid-way, half the time well-formed JSON that breaks the schema. */
export function malform(body: unknown, random: Random): string {
  const text = JSON.stringify(body);
  if (random() < 0.5) return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  return JSON.stringify({ ...(body as object), id: 12345, status: 'unknown', unexpected: true });
}
