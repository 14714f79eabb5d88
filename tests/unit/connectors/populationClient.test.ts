import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { populationClient } from '../../../src/connectors/population/populationClient';
import { generatePopulation } from '../../../src/connectors/population/populationGenerator';
import type { Citizen } from '../../../src/connectors/population/populationRegistry';
import { startPopulationSimulator, type RunningPopulationSimulator } from '../../../src/connectors/population/populationSimulator';
import { RegistryAnswerInvalid, RegistryUnavailable } from '../../../src/connectors/shared/registryErrors';
import { manualClock, sleep, testSettings } from './support';

// Real HTTP both ways: the client under test against the simulator, in-process, no mocks.
const citizens = [...generatePopulation({ seed: 11, count: 50 })];
const [alice, bob, carol] = citizens as [Citizen, Citizen, Citizen, ...Citizen[]];
let sim: RunningPopulationSimulator;

beforeAll(async () => {
  sim = await startPopulationSimulator({ dataset: citizens });
});
afterAll(() => sim.close());
beforeEach(() => sim.setFaults({}));

const calls = () => sim.stats().dataCalls;
const rejection = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

/** A hand-made registry (what the simulator cannot be made to do) at a URL for `run`, closed after. */
async function withRegistry(handler: http.RequestListener, run: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the population client against the simulator', () => {
  it('when the registry knows the ID, then it answers the validated record, fresh from the registry', async () => {
    const client = populationClient(testSettings(sim.url));
    const answer = await client.getCitizen(alice.id);
    expect(answer).toMatchObject({ data: alice, stale: false, source: 'registry', registry: 'population' });
    expect(answer?.fetchedAt).toBeInstanceOf(Date);
  });

  it('when no one has the ID, then it answers null', async () => {
    const client = populationClient(testSettings(sim.url));
    expect(await client.getCitizen('001099000000')).toBeNull();
  });

  it('when the ID is malformed, then it refuses before calling the registry', async () => {
    const client = populationClient(testSettings(sim.url));
    const before = calls();
    expect(() => client.getCitizen('12345')).toThrow(RangeError);
    expect(calls()).toBe(before);
  });

  it('when asked again within the TTL, then it answers from the cache without a call', async () => {
    const clock = manualClock();
    const client = populationClient(testSettings(sim.url, { cacheTtlMs: 10_000 }), { clock });
    await client.getCitizen(alice.id);
    const before = calls();
    clock.advance(5_000);
    const answer = await client.getCitizen(alice.id);
    expect(answer).toMatchObject({ source: 'cache', stale: false });
    expect(calls()).toBe(before);
  });

  it('when the first two calls fail, then it retries with backoff and succeeds', async () => {
    const client = populationClient(testSettings(sim.url, { retries: 2 }));
    sim.setFaults({ failNext: 2 });
    const before = calls();
    const answer = await client.getCitizen(bob.id);
    expect(answer).toMatchObject({ data: { id: bob.id }, source: 'registry' });
    expect(calls() - before).toBe(3);
  });

  it('when a verification (a POST) fails, then it is not retried', async () => {
    const client = populationClient(testSettings(sim.url, { retries: 2 }));
    await client.getCitizen(carol.id); // fetches the token first, so only the data call is counted
    sim.setFaults({ failNext: 1 });
    const before = calls();
    const freshClient = populationClient(testSettings(sim.url, { retries: 2 }));
    const error = await rejection(freshClient.verifyAttributes(carol.id, { sex: carol.sex }));
    expect(error).toBeInstanceOf(RegistryUnavailable);
    expect(calls() - before).toBe(1);
  });

  it('when failures reach the threshold, then the breaker opens, refuses calls, half-opens for one trial, and closes on success', async () => {
    const client = populationClient(testSettings(sim.url, { retries: 0, breakerThreshold: 3, breakerHalfOpenMs: 300, cacheTtlMs: 0 }));
    sim.setFaults({ failNext: 3 });
    for (let i = 0; i < 3; i++) expect(await rejection(client.getCitizen(alice.id))).toMatchObject({ reason: 'server_error' });
    expect(client.circuitState()).toBe('open');

    const before = calls();
    const refused = await rejection(client.getCitizen(alice.id));
    expect(refused).toBeInstanceOf(RegistryUnavailable);
    expect(refused).toMatchObject({ reason: 'circuit_open', retryAfterSeconds: 1 });
    expect(calls()).toBe(before); // an open breaker does not even call

    // Half-open: one trial goes through; it fails, so the breaker opens again at once.
    await sleep(350);
    sim.setFaults({ failNext: 1 });
    expect(await rejection(client.getCitizen(alice.id))).toMatchObject({ reason: 'server_error' });
    expect(client.circuitState()).toBe('open');
    expect(await rejection(client.getCitizen(alice.id))).toMatchObject({ reason: 'circuit_open' });

    // The next trial succeeds and closes it.
    await sleep(350);
    expect(await client.getCitizen(alice.id)).toMatchObject({ source: 'registry', stale: false });
    expect(client.circuitState()).toBe('closed');
  });

  it('when the answer is malformed (truncated or off-schema), then it is an error value, not a crash, and not retried', async () => {
    const client = populationClient(testSettings(sim.url, { cacheTtlMs: 0, breakerThreshold: 100 }));
    await client.getCitizen(alice.id); // token first
    sim.setFaults({ malformedRate: 1 });
    const before = calls();
    for (let i = 0; i < 6; i++) {
      const error = await rejection(populationClient(testSettings(sim.url, { cacheTtlMs: 0 })).getCitizen(bob.id));
      expect(error).toBeInstanceOf(RegistryAnswerInvalid);
      expect((error as RegistryAnswerInvalid).problems.length).toBeGreaterThan(0);
    }
    expect(calls() - before).toBe(6);
  });

  it('when the registry hangs, then each attempt is cut at the timeout and the call ends in bounded time', async () => {
    const client = populationClient(testSettings(sim.url, { timeoutMs: 150, retries: 1, backoffMaxMs: 10 }));
    await populationClient(testSettings(sim.url)).getCitizen(alice.id); // the token endpoint never hangs
    sim.setFaults({ timeoutRate: 1, hangMs: 30_000 });
    const started = Date.now();
    const error = await rejection(client.getCitizen(carol.id));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(RegistryUnavailable);
    expect(error).toMatchObject({ reason: 'timeout' });
    // Two attempts of 150 ms, a token fetch and a backoff of at most 10 ms.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('when the registry is down and the cached copy is past its TTL, then the copy is served, labelled stale', async () => {
    const clock = manualClock();
    const client = populationClient(testSettings(sim.url, { cacheTtlMs: 1_000 }), { clock });
    const fresh = await client.getCitizen(alice.id);
    clock.advance(5_000);
    sim.setFaults({ outage: { until: new Date(Date.now() + 60_000).toISOString() } });
    const stale = await client.getCitizen(alice.id);
    expect(stale).toMatchObject({ data: alice, stale: true, source: 'cache' });
    expect(stale?.fetchedAt).toEqual(fresh?.fetchedAt);

    // Verification falls back to the cached record, labelled stale too.
    const verified = await client.verifyAttributes(alice.id, { fullName: alice.fullName, sex: alice.sex });
    expect(verified).toMatchObject({ stale: true, source: 'cache', data: { allMatch: true } });
  });

  it('when the registry is down and nothing is cached, then RegistryUnavailable carries the registry’s Retry-After', async () => {
    const client = populationClient(testSettings(sim.url, { retries: 1 }));
    sim.setFaults({ outage: { until: new Date(Date.now() + 90_000).toISOString() } });
    const error = await rejection(client.getCitizen(bob.id));
    expect(error).toBeInstanceOf(RegistryUnavailable);
    const unavailable = error as RegistryUnavailable;
    expect(unavailable.reason).toBe('server_error');
    expect(unavailable.retryAfterSeconds).toBeGreaterThanOrEqual(89);
    expect(unavailable.retryAfterSeconds).toBeLessThanOrEqual(90);
  });

  it('when nothing listens at the URL, then RegistryUnavailable (unreachable), never a hang', async () => {
    const gone = await startPopulationSimulator({ dataset: [] });
    await gone.close();
    const client = populationClient(testSettings(gone.url, { retries: 1 }));
    expect(await rejection(client.getCitizen(alice.id))).toMatchObject({ name: 'RegistryUnavailable', reason: 'unreachable' });
  });

  it('when the registry cuts the connection in the middle of an answer, then RegistryUnavailable (unreachable) after the retries, never a crash', async () => {
    // A registry that hands out tokens, then starts every record and drops the connection halfway.
    let dataCalls = 0;
    await withRegistry((req, res) => {
      if (req.url === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'cut-halfway', token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      dataCalls++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      res.write(`{"id":"${alice.id}","fullName":"${alice.fullName}"`);
      setImmediate(() => res.socket?.destroy());
    }, async (url) => {
      const client = populationClient(testSettings(url, { retries: 1 }));
      expect(await rejection(client.getCitizen(alice.id))).toMatchObject({ name: 'RegistryUnavailable', reason: 'unreachable' });
      expect(dataCalls).toBe(2);
    });
  });

  it('when the token endpoint answers a token that cannot travel in a header, then RegistryAnswerInvalid, never a crash', async () => {
    await withRegistry((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'mã thông báo của Bộ Công an', token_type: 'Bearer', expires_in: 3600 }));
    }, async (url) => {
      const client = populationClient(testSettings(url, { retries: 0 }));
      expect(await rejection(client.getCitizen(alice.id))).toMatchObject({ name: 'RegistryAnswerInvalid' });
    });
  });

  it('fetches one token and reuses it until shortly before it expires', async () => {
    const clock = manualClock();
    const own = await startPopulationSimulator({ dataset: citizens, clock, tokenTtlSeconds: 60 });
    try {
      const client = populationClient(testSettings(own.url, { cacheTtlMs: 0 }), { clock });
      await Promise.all([client.getCitizen(alice.id), client.getCitizen(bob.id)]);
      await client.getCitizen(carol.id);
      await client.verifyAttributes(alice.id, { sex: alice.sex });
      expect(own.stats()).toEqual({ tokensIssued: 1, dataCalls: 4 });

      clock.advance(50_000);
      await client.getCitizen(alice.id);
      expect(own.stats().tokensIssued).toBe(1);
      // Renewed a little before expiry (60 s), not after a refusal.
      clock.advance(5_000);
      await client.getCitizen(alice.id);
      expect(own.stats()).toEqual({ tokensIssued: 2, dataCalls: 6 });
    } finally {
      await own.close();
    }
  });

  it('when the registry forgot the token (a restart), then it fetches a new one once and carries on', async () => {
    const clock = manualClock();
    const own = await startPopulationSimulator({ dataset: citizens, clock, tokenTtlSeconds: 60 });
    try {
      // The client trusts the token for 54 s of its own clock; the registry's clock says it expired.
      const client = populationClient(testSettings(own.url, { cacheTtlMs: 0 }), { clock: manualClock() });
      await client.getCitizen(alice.id);
      clock.advance(61_000);
      expect(await client.getCitizen(alice.id)).toMatchObject({ source: 'registry' });
      expect(own.stats().tokensIssued).toBe(2);
    } finally {
      await own.close();
    }
  });

  it('verifies stated attributes without disclosing the record', async () => {
    const client = populationClient(testSettings(sim.url));
    const answer = await client.verifyAttributes(alice.id, {
      fullName: alice.fullName.toUpperCase(),
      birthDate: alice.birthDate,
      sex: alice.sex === 'male' ? 'female' : 'male',
    });
    expect(answer?.data).toEqual({ id: alice.id, outcomes: { fullName: 'match', birthDate: 'match', sex: 'mismatch' }, allMatch: false });
    expect(await client.verifyAttributes('001099000000', { sex: 'male' })).toBeNull();
  });
});
