import fc from 'fast-check';
import { backoffCap, backoffDelay } from '../../../src/webhooks/backoff';

const settings = { backoffInitialMs: 10_000, backoffMaxMs: 3_600_000 };

describe('retry backoff with full jitter', () => {
  it('doubles the ceiling from the initial delay after each failure, up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffCap(n, settings))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
    expect(backoffCap(9, settings)).toBe(2_560_000);
    expect(backoffCap(10, settings)).toBe(3_600_000);
    expect(backoffCap(1_000, settings)).toBe(3_600_000);
  });

  it('draws every delay between 0 and the ceiling, whatever the failure count, settings and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.integer({ min: 0, max: 7 * 86_400_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, initial, extra, draw) => {
          const s = { backoffInitialMs: initial, backoffMaxMs: initial + extra };
          const delay = backoffDelay(failures, s, () => draw);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(backoffCap(failures, s), 1));
          expect(backoffCap(failures, s)).toBeLessThanOrEqual(s.backoffMaxMs);
        },
      ),
    );
  });

  it('spreads retries out: the draw scales the delay, so receivers failing together do not retry together', () => {
    expect(backoffDelay(3, settings, () => 0)).toBe(0);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(20_000);
    expect(backoffDelay(3, settings, () => 0.999999)).toBe(39_999);
  });
});
