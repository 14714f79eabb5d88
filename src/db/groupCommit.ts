/**
 * Group commit: items submitted while a batch is being committed wait, and the next batch commits
 * them all in one transaction. Alone, an item goes out at once (no timer, no added latency); under
 * load, each item costs a share of a transaction's round trips and of its commit instead of all of
 * them. Each submitter resumes once its own item is committed, with its own result.
 *
 * When the server refused the batch (SQLSTATE class 22 data or 23 constraint: one item's bad data;
 * class 40: a deadlock or serialization failure with another process's transaction), it rolled it
 * back, and its items are then committed one by one, so only an item at fault fails. Any other error
 * (a lost connection, perhaps after COMMIT was sent) fails the whole batch and is not retried, so
 * nothing is ever written twice.
 */
export interface GroupCommit<T, R> {
  submit(item: T): Promise<R>;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

const refusedByServer = (error: unknown): boolean => /^(2[23]|40)/.test(String((error as { code?: unknown } | null)?.code ?? ''));

/**
 * `commit` writes a batch in one transaction and returns one result per item, in order. `maxBatch`
 * bounds a transaction's size (and the locks it holds); `onIdle` runs when the last batch is done
 * and nothing waits.
 */
export function groupCommit<T, R>(commit: (items: T[]) => Promise<R[]>, { maxBatch = Infinity, onIdle }: { maxBatch?: number; onIdle?: () => void } = {}): GroupCommit<T, R> {
  const waiting: Array<Waiting<T, R>> = [];
  let flushing = false;

  const settle = async (batch: Array<Waiting<T, R>>) => {
    try {
      const results = await commit(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1 || !refusedByServer(error)) for (const w of batch) w.reject(error);
      else for (const w of batch) await settle([w]);
    }
  };

  const flush = async () => {
    flushing = true;
    try {
      while (waiting.length) await settle(waiting.splice(0, maxBatch));
    } finally {
      flushing = false;
      onIdle?.();
    }
  };

  return {
    submit(item: T): Promise<R> {
      const done = new Promise<R>((resolve, reject) => waiting.push({ item, resolve, reject }));
      if (!flushing) void flush();
      return done;
    },
  };
}
