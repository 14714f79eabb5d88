import { businessClient } from '../../../src/connectors/business/businessClient';
import { generateBusinesses, representativePool } from '../../../src/connectors/business/businessGenerator';
import type { Enterprise } from '../../../src/connectors/business/businessRegistry';
import { startBusinessSimulator, type RunningBusinessSimulator } from '../../../src/connectors/business/businessSimulator';
import { generatePopulation } from '../../../src/connectors/population/populationGenerator';
import { RegistryUnavailable } from '../../../src/connectors/shared/registryErrors';
import { manualClock, testSettings } from './support';

let enterprises: Enterprise[];
let sim: RunningBusinessSimulator;
beforeAll(async () => {
  const representatives = await representativePool(generatePopulation({ seed: 3, count: 500 }), 200, 3);
  enterprises = [...generateBusinesses({ seed: 3, count: 100, representatives })];
  sim = await startBusinessSimulator({ dataset: enterprises });
});
afterAll(() => sim.close());
beforeEach(() => sim.setFaults({}));

describe('the business client against the simulator', () => {
  it('when the registry knows the code, then it answers the validated enterprise', async () => {
    const enterprise = enterprises[0]!;
    const answer = await businessClient(testSettings(sim.url)).getEnterprise(enterprise.code);
    expect(answer).toMatchObject({ data: enterprise, stale: false, source: 'registry', registry: 'business' });
  });

  it('when given a branch code, then it answers the parent enterprise, which lists the branch', async () => {
    const parent = enterprises.find((e) => e.branches.length > 0)!;
    const branch = parent.branches[0]!;
    const answer = await businessClient(testSettings(sim.url)).getEnterprise(branch.code.replace('-', ''));
    expect(answer?.data.code).toBe(parent.code);
    expect(answer?.data.branches.map((b) => b.code)).toContain(branch.code);
  });

  it('when no enterprise has a valid code, then null; when the code is invalid, then a RangeError before any call', async () => {
    const client = businessClient(testSettings(sim.url));
    expect(await client.getEnterprise('0100233488')).toBeNull();
    expect(() => client.getEnterprise('0100233480')).toThrow(RangeError);
  });

  it('when the registry is down, then a cached enterprise is served stale, and an uncached one is RegistryUnavailable', async () => {
    const clock = manualClock();
    const client = businessClient(testSettings(sim.url, { cacheTtlMs: 1_000, retries: 0 }), { clock });
    const [first, second] = enterprises as [Enterprise, Enterprise];
    await client.getEnterprise(first.code);
    clock.advance(2_000);
    sim.setFaults({ errorRate: 1, errorStatus: 502 });
    expect(await client.getEnterprise(first.code)).toMatchObject({ stale: true, source: 'cache', data: { code: first.code } });
    await expect(client.getEnterprise(second.code)).rejects.toBeInstanceOf(RegistryUnavailable);
  });
});
