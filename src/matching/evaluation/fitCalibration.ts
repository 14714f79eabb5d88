import type { MatchingModel, SearchCalibration } from '../matchingModel';
import { evaluate } from './evaluate';
import { STRESS_CLASSES } from './labelledQueries';

// The stress class is drawn a hundred times above any real rate (labelledQueries): weighed back down.
const STRESS_WEIGHT = 0.01;
// Half a wrong and half a right pseudo-answer per step (Jeffreys' prior): a step of a few queries, all
// right, is not certain.
const PSEUDO = 0.5;

interface Block {
  from: number;
  weight: number;
  hits: number;
}

/**
 * Fits the search calibration on labelled queries of the fit seed (never an evaluation seed): the
 * fitted model's searches are run, and isotonic regression (pool adjacent violators) learns how
 * often the first candidate is the person from its Fellegi–Sunter log-odds, which already weigh it
 * against the competitors seen and the people not returned. Each step's probability is smoothed
 * by PSEUDO answers, so a step reaches 0.999 only when five hundred queries or more back it.
 */
export async function fitSearchCalibration(model: MatchingModel, { seed, count, queries }: { seed: number; count: number; queries: number }): Promise<SearchCalibration> {
  const { searchCalibration: _previous, ...uncalibrated } = model;
  const outcomes = (await evaluate(uncalibrated, { seed, count, queries, matchers: ['motlan'] })).filter((o) => o.query.mode === 'search' && o.firstLogOdds !== undefined);
  const samples = outcomes.map((o) => ({ x: o.firstLogOdds!, y: o.correct ? 1 : 0, w: STRESS_CLASSES.has(o.query.cls) ? STRESS_WEIGHT : 1 }));
  const steps = isotonicSteps(samples);
  console.error(`search calibration on ${samples.length} labelled searches: ${steps.length} steps`);
  return { queries: samples.length, steps };
}

/** Ascending steps [from log-odds, probability], non-decreasing in probability. */
export function isotonicSteps(samples: ReadonlyArray<{ x: number; y: number; w: number }>): Array<[number, number]> {
  const sorted = [...samples].sort((a, b) => a.x - b.x);
  const pooled = pool(sorted.map((s) => ({ from: s.x, weight: s.w, hits: s.w * s.y })), (b) => b.hits / b.weight);
  // Smoothing can break the order again between a small step and a large one: pooled once more.
  const smoothed = (b: Block) => (b.hits + PSEUDO) / (b.weight + 2 * PSEUDO);
  return pool(pooled, smoothed).map((b) => [round(b.from), round(smoothed(b))]);
}

/** Pool adjacent violators: merges neighbours until `rate` never decreases (ties merged too). */
function pool(blocks: readonly Block[], rate: (b: Block) => number): Block[] {
  const stack: Block[] = [];
  for (const block of blocks) {
    let current = { ...block };
    while (stack.length && rate(stack.at(-1)!) >= rate(current)) {
      const previous = stack.pop()!;
      current = { from: previous.from, weight: previous.weight + current.weight, hits: previous.hits + current.hits };
    }
    stack.push(current);
  }
  return stack;
}

const round = (n: number) => Number(n.toPrecision(6));
