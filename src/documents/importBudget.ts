import type { ImportBudget } from '../config';
import type { ImportSummary } from './documents.import';

/** Why an import stopped before the end of its body. */
export class ImportStopped extends Error {
  override name = 'ImportStopped';
  /** What was read and written before the stop. */
  summary: ImportSummary | undefined;
  constructor(readonly reason: 'max-bytes' | 'max-seconds' | 'not-ndjson', message: string) {
    super(message);
  }
}

const TIMED_OUT = Symbol('timed out');

/**
 * The request body, chunk by chunk, within the budget: past `maxBytes` read, or `maxSeconds` after
 * the start (a sender that stalls included), it throws ImportStopped. Time spent writing between
 * chunks counts too, as the check runs before each read.
 */
export async function* withinBudget(source: AsyncIterator<Buffer | string>, budget: ImportBudget, now: () => number = Date.now): AsyncGenerator<Buffer | string> {
  const deadline = now() + budget.maxSeconds * 1000;
  const outOfTime = () => new ImportStopped('max-seconds', `An import may take at most ${budget.maxSeconds} s; send the rest of the file in another request.`);
  let bytes = 0;
  for (;;) {
    const left = deadline - now();
    if (left <= 0) throw outOfTime();
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([source.next(), new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(resolve, left, TIMED_OUT)))]);
    clearTimeout(timer);
    if (next === TIMED_OUT) throw outOfTime();
    if (next.done) return;
    bytes += next.value.length;
    if (bytes > budget.maxBytes) throw new ImportStopped('max-bytes', `An import may carry at most ${budget.maxBytes} bytes; split the file.`);
    yield next.value;
  }
}
