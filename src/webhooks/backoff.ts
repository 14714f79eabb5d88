/**
 * Delay before retry number `failures` + 1, with "full jitter": a uniform draw between 0 and the
 * exponential cap. Receivers that fail together (one agency's gateway down) then come back spread
 * out instead of in one wave at every step.
 */
export function backoffDelay(failures: number, settings: { backoffInitialMs: number; backoffMaxMs: number }, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCap(failures, settings));
}

/** The exponential ceiling after `failures` failed attempts: initial, 2×, 4×, … up to the maximum. */
export function backoffCap(failures: number, { backoffInitialMs, backoffMaxMs }: { backoffInitialMs: number; backoffMaxMs: number }): number {
  // 2^31 already exceeds any configurable maximum; the clamp keeps the power finite.
  const exponent = Math.min(Math.max(failures - 1, 0), 31);
  return Math.min(backoffMaxMs, backoffInitialMs * 2 ** exponent);
}
