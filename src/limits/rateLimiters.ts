import { createHmac } from 'node:crypto';
import { lt } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitsConfig, RateLimit } from '../config';
import type { Database } from '../db/database';
import { problem } from '../http/problem';
import { rateLimits } from './limits.tables';

/** Which rule refused: the `limit` member of a 429 problem, and the prefix of its counters. */
export type LimitName = 'ip' | 'client' | 'failed-authentication' | 'consent-requests' | 'subject-lookups';

const SWEEP_EVERY = 10_000;

export interface Limiter {
  /** Counts one request for `key`; throws a 429 problem once the window's points are spent. */
  consume(key: string): Promise<void>;
  /** Throws the 429 when `key` has spent its points, without counting this request. */
  check(key: string): Promise<void>;
}

export type Limiters = Record<LimitName, Limiter>;

const DESCRIPTIONS: Record<LimitName, { en: string; vi: string }> = {
  ip: { en: 'requests from this address', vi: 'yêu cầu từ địa chỉ này' },
  client: { en: 'requests by this client', vi: 'yêu cầu của ứng dụng này' },
  'failed-authentication': { en: 'failed sign-ins from this address', vi: 'lần xác thực thất bại từ địa chỉ này' },
  'consent-requests': { en: "consent requests by this agency for this person or business", vi: 'yêu cầu đồng ý của cơ quan này gửi cùng một người hoặc doanh nghiệp' },
  'subject-lookups': { en: 'lookups of people and businesses by this client', vi: 'lượt tra cứu công dân, doanh nghiệp của ứng dụng này' },
};

export function tooManyRequests(name: LimitName, limit: RateLimit, msBeforeNext: number) {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const what = DESCRIPTIONS[name];
  return problem(429, 'rate-limited', 'Too many requests', {
    detail: `At most ${limit.points} ${what.en} per ${limit.seconds} s; try again in ${retryAfter} s.`,
    headers: { 'Retry-After': String(retryAfter) },
    extensions: {
      limit: name,
      retryAfter,
      detailVi: `Tối đa ${limit.points} ${what.vi} trong ${limit.seconds} giây; vui lòng thử lại sau ${retryAfter} giây.`,
    },
  });
}

/**
 * One limiter per rule, in memory or in PostgreSQL. Keys are HMACs under `keySecret`, so the
 * counter table holds no personal ID; a database that fails falls back to counting in memory
 * (rate-limiter-flexible's insurance) rather than refusing or waving everything through.
 */
export function rateLimiters({ config, db, keySecret }: { config: LimitsConfig; db: Database; keySecret: Uint8Array }): Limiters {
  const hashed = (key: string) => createHmac('sha256', keySecret).update(key).digest('base64url');
  // An expired counter is reset in place by its next use; keys never seen again are swept now and
  // then by the requests themselves, not by a timer that would outlive the database it cleans.
  let counted = 0;
  const sweep = () => {
    if (config.store !== 'postgres' || ++counted % SWEEP_EVERY !== 0) return;
    void db.delete(rateLimits).where(lt(rateLimits.expire, new Date(Date.now() - 3_600_000))).catch(() => undefined);
  };
  const make = (name: LimitName, limit: RateLimit | undefined): Limiter => {
    if (!limit) return { consume: async () => undefined, check: async () => undefined };
    const options = { keyPrefix: name, points: limit.points, duration: limit.seconds };
    const limiter: RateLimiterAbstract =
      config.store === 'postgres'
        ? new RateLimiterDrizzle({ ...options, storeClient: db, schema: rateLimits, clearExpiredByTimeout: false, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
    const refuse = (rejection: unknown): never => {
      if (rejection instanceof RateLimiterRes) throw tooManyRequests(name, limit, rejection.msBeforeNext);
      throw rejection;
    };
    return {
      consume: (key) => {
        sweep();
        return limiter.consume(hashed(key)).then(() => undefined, refuse);
      },
      async check(key) {
        const state = await limiter.get(hashed(key));
        if (state && state.consumedPoints >= limit.points) refuse(state);
      },
    };
  };
  return {
    ip: make('ip', config.perIp),
    client: make('client', config.perClient),
    'failed-authentication': make('failed-authentication', config.failedAuth),
    'consent-requests': make('consent-requests', config.consentRequests),
    'subject-lookups': make('subject-lookups', config.subjectLookups),
  };
}
