/** A random source in [0, 1); generators and fault injection take one so a seed reproduces a run. */
export type Random = () => number;

/**
 * mulberry32 (Tommy Ettinger, public domain): 32 bits of state, a few integer operations per draw,
 * quality ample for synthetic data and far faster than a cryptographic source. Not for secrets.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

/**
 * Draws from a weighted table in O(log n): weights need not sum to 1, and the cumulative sums are
 * built once per table.
 */
export function weightedPicker<T>(table: ReadonlyArray<readonly [T, number]>): (random: Random) => T {
  const values = table.map(([value]) => value);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of table) cumulative.push((total += weight));
  return (random) => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return values[lo] as T;
  };
}
