import { groupCommit } from '../../../src/db/groupCommit';

// The batching rules alone; the releases and access-log appends that use them are tested through the
// API on a real database (tests/api/consents.races.test.ts, audit.test.ts, instances.test.ts).

/** A commit that records each batch and finishes when `open` is called, so a test decides what arrives meanwhile. */
function recordingCommit(fail?: (batch: string[]) => unknown) {
  const batches: string[][] = [];
  const pending: Array<() => void> = [];
  const commit = (items: string[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve, reject) =>
      pending.push(() => {
        const error = fail?.(items);
        if (error) reject(error);
        else resolve(items.map((i) => `committed ${i}`));
      }),
    );
  };
  const openAll = async () => {
    while (pending.length) {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, commit, openAll };
}

describe('group commit', () => {
  it('when an item arrives alone, then it is committed at once, in a batch of its own', async () => {
    const { batches, commit, openAll } = recordingCommit();
    const queue = groupCommit(commit);
    const done = queue.submit('hồ sơ 1');
    expect(batches).toEqual([['hồ sơ 1']]);
    await openAll();
    await expect(done).resolves.toBe('committed hồ sơ 1');
  });

  it('when items arrive while a batch commits, then the next batch takes them together, at most maxBatch at a time, each with its own result', async () => {
    const { batches, commit, openAll } = recordingCommit();
    const queue = groupCommit(commit, { maxBatch: 3 });
    const all = ['a', 'b', 'c', 'd', 'e', 'f'].map((i) => queue.submit(i));
    await openAll();
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
    await expect(Promise.all(all)).resolves.toEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((i) => `committed ${i}`));
  });

  it('when a batch fails on one item\'s bad data, then its batch-mates are committed one by one and only that item fails', async () => {
    const bad = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    const { batches, commit, openAll } = recordingCommit((items) => (items.includes('bad') ? bad : undefined));
    const queue = groupCommit(commit);
    const first = queue.submit('first');
    const rest = ['x', 'bad', 'y'].map((i) => queue.submit(i).then((r) => r, (e: Error) => e));
    await openAll();
    await first;
    expect(await Promise.all(rest)).toEqual(['committed x', bad, 'committed y']);
    expect(batches).toEqual([['first'], ['x', 'bad', 'y'], ['x'], ['bad'], ['y']]);
  });

  it('when a batch meets a deadlock with another process, then its items are committed one by one', async () => {
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const { batches, commit, openAll } = recordingCommit((items) => (items.length > 1 ? deadlock : undefined));
    const queue = groupCommit(commit);
    const all = ['first', 'x', 'y'].map((i) => queue.submit(i));
    await openAll();
    expect(await Promise.all(all)).toEqual(['committed first', 'committed x', 'committed y']);
    expect(batches).toEqual([['first'], ['x', 'y'], ['x'], ['y']]);
  });

  it('when a batch fails otherwise (the connection is lost), then every item in it fails and nothing is tried again', async () => {
    const lost = Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });
    const { batches, commit, openAll } = recordingCommit((items) => (items.length > 1 ? lost : undefined));
    const queue = groupCommit(commit);
    const first = queue.submit('first');
    const rest = ['x', 'y'].map((i) => queue.submit(i).then((r) => r, (e: Error) => e));
    await openAll();
    await first;
    expect(await Promise.all(rest)).toEqual([lost, lost]);
    expect(batches).toEqual([['first'], ['x', 'y']]);
  });

  it('when the last batch is done and nothing waits, then onIdle runs once', async () => {
    const { commit, openAll } = recordingCommit();
    let idle = 0;
    const queue = groupCommit(commit, { onIdle: () => idle++ });
    const both = [queue.submit('a'), queue.submit('b')];
    await openAll();
    await Promise.all(both);
    expect(idle).toBe(1);
  });
});
