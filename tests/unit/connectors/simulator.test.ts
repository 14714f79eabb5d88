import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { populationClient } from '../../../src/connectors/population/populationClient';
import { generatePopulation } from '../../../src/connectors/population/populationGenerator';
import { startPopulationSimulator, type RunningPopulationSimulator } from '../../../src/connectors/population/populationSimulator';
import { writeNdjson } from '../../../src/connectors/shared/ndjson';
import { DEFAULT_SIMULATOR_CLIENTS } from '../../../src/connectors/shared/simulatorServer';
import { testSettings } from './support';

const people = [...generatePopulation({ seed: 8, count: 30 })];
const someone = people[0]!;
let sim: RunningPopulationSimulator;
beforeAll(async () => {
  sim = await startPopulationSimulator({ dataset: people });
});
afterAll(() => sim.close());
beforeEach(() => sim.setFaults({}));

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
async function token(): Promise<string> {
  const response = await fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic('motlan', DEFAULT_SIMULATOR_CLIENTS.motlan!), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('the registry simulator', () => {
  it('issues client-credentials tokens only to known clients', async () => {
    const refused = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic('motlan', 'wrong'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'invalid_client' });
    const wrongGrant = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=password&client_id=motlan&client_secret=${DEFAULT_SIMULATOR_CLIENTS.motlan}`,
    });
    expect(wrongGrant.status).toBe(400);
  });

  it('refuses data calls without a valid bearer token', async () => {
    const none = await fetch(`${sim.url}/v1/citizens/${someone.id}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const forged = await fetch(`${sim.url}/v1/citizens/${someone.id}`, { headers: { authorization: 'Bearer forged' } });
    expect(forged.status).toBe(401);
    const ok = await fetch(`${sim.url}/v1/citizens/${someone.id}`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(ok.status).toBe(200);
  });

  it('takes faults over HTTP, validated, and reports them back', async () => {
    const bad = await fetch(`${sim.url}/__faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"errorRate": 2}' });
    expect(bad.status).toBe(400);
    const faults = { latencyMs: 5, errorRate: 0, outage: { until: new Date(Date.now() + 30_000).toISOString() } };
    const put = await fetch(`${sim.url}/__faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    expect(put.status).toBe(200);
    expect(await (await fetch(`${sim.url}/__faults`)).json()).toEqual(faults);

    const down = await fetch(`${sim.url}/v1/citizens/${someone.id}`);
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);

    expect((await fetch(`${sim.url}/__faults`, { method: 'DELETE' })).status).toBe(204);
    expect(sim.faults()).toEqual({});
  });

  it('applies latency to every call', async () => {
    sim.setFaults({ latencyMs: 120 });
    const started = Date.now();
    await fetch(`${sim.url}/v1/citizens/${someone.id}`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(230);
  });

  it('refuses faults that break their schema from the in-process setter too', () => {
    expect(() => sim.setFaults({ errorRate: -1 })).toThrow(/Invalid faults/);
  });

  it('loads a dataset from NDJSON and serves it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-sim-')), 'population.ndjson');
    const out = fs.createWriteStream(file);
    await writeNdjson(people, out);
    await new Promise((resolve) => out.end(resolve));
    const fromFile = await startPopulationSimulator({ dataset: file });
    try {
      expect(fromFile.size).toBe(people.length);
      expect(await populationClient(testSettings(fromFile.url)).getCitizen(someone.id)).toMatchObject({ data: someone });
    } finally {
      await fromFile.close();
    }
  });

  it('refuses an NDJSON dataset with a bad line, naming the line', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-sim-')), 'broken.ndjson');
    fs.writeFileSync(file, `${JSON.stringify(people[0])}\n${JSON.stringify({ ...people[1], id: '12' })}\n`);
    await expect(startPopulationSimulator({ dataset: file })).rejects.toThrow(/broken\.ndjson:2: .*\/id/);
  });

  it('closes promptly even while a call hangs', async () => {
    const own = await startPopulationSimulator({ dataset: people, faults: { timeoutRate: 1, hangMs: 60_000 } });
    const hanging = fetch(`${own.url}/v1/citizens/${someone.id}`, { headers: { authorization: 'Bearer x' } }).catch(() => undefined);
    const started = Date.now();
    await own.close();
    await hanging;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('the registry simulator, on bad input', () => {
  it('answers a body that is not JSON with a problem, not a crash', async () => {
    const response = await fetch(`${sim.url}/v1/citizens/${someone.id}/verification`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('treats undecodable Basic credentials as an unknown client', async () => {
    const response = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic('%E0%A4%A', 'x'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(401);
  });
});
