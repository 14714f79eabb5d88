import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import { generateBusinesses } from '../../src/connectors/business/businessGenerator';
import {
  businessClient,
  populationClient,
  startBusinessSimulator,
  startPopulationSimulator,
  type Citizen,
  type Enterprise,
} from '../../src/connectors';
import { makeCitizenId } from '../../src/ids';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { testSettings } from '../unit/connectors/support';

const people: Citizen[] = [...generatePopulation({ seed: 11, count: 200 })];
const enterprises: Enterprise[] = [...generateBusinesses({ seed: 11, count: 20, representatives: people })];
const person = people.find((c) => c.oldIdCard && c.birthDate.length === 10 && c.status === 'alive')!;
const withBranch = enterprises.find((e) => e.branches.length > 0)!;

let population: Awaited<ReturnType<typeof startPopulationSimulator>>;
let business: Awaited<ReturnType<typeof startBusinessSimulator>>;
let app: TestApp;
let auth: { Authorization: string };

beforeAll(async () => {
  population = await startPopulationSimulator({ dataset: people, port: 0 });
  business = await startBusinessSimulator({ dataset: enterprises, port: 0 });
  app = await startTestApp({
    registries: {
      // A short TTL so a second read after an outage has to fall back on the stale copy.
      population: populationClient(testSettings(population.url, { cacheTtlMs: 1, retries: 1, breakerThreshold: 50 })),
      business: businessClient(testSettings(business.url, { retries: 0 })),
    },
  });
  auth = { Authorization: `Bearer ${await tokens.agency('000.00.00.H56', ['subjects:read'])}` };
});
afterAll(async () => {
  await app?.close();
  await Promise.all([population?.close(), business?.close()]);
});
afterEach(() => {
  population.setFaults({});
  business.setFaults({});
});

describe('refreshing a subject from the national registries', () => {
  it('when a citizen is refreshed, then the registry snapshot is stored without ethnicity or religion, and the old ID card becomes an alias', async () => {
    const res = await app.http.post(`/v1/subjects/${person.id}/refresh`).set(auth).expect(201);
    expectToMatchSchema(res.body, 'subjects/subject-refresh');
    expect(res.body).toMatchObject({ nationalId: person.id, name: person.fullName, birthDate: person.birthDate, sex: person.sex });
    expect(res.body.freshness).toMatchObject({ registry: 'population', source: 'registry', stale: false });
    expect(res.body.registry.source).toBe('population');
    expect(res.body.registry.snapshot.sensitive).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain(person.sensitive.ethnicity === 'Kinh' ? '"Kinh"' : person.sensitive.ethnicity);
    expect(res.body.aliases).toEqual([expect.objectContaining({ kind: 'old_id_card', value: person.oldIdCard })]);

    // The old number now finds the person.
    const byAlias = await app.http.get(`/v1/subjects/${person.oldIdCard}`).set(auth).expect(200);
    expect(byAlias.body.id).toBe(res.body.id);
  });

  it('when the population registry is down after an earlier read, then the copy is served and labelled stale', async () => {
    population.setFaults({ outage: { until: new Date(Date.now() + 60_000).toISOString() } });
    const res = await app.http.post(`/v1/subjects/${person.id}/refresh`).set(auth).expect(200);
    expect(res.body.freshness).toMatchObject({ source: 'cache', stale: true });
  });

  it('when the registry is down and nothing is cached, then 503 with Retry-After, and nothing is stored', async () => {
    const other = people.find((c) => c.id !== person.id && c.birthDate.length === 10)!;
    population.setFaults({ outage: { until: new Date(Date.now() + 60_000).toISOString() } });
    const res = await app.http.post(`/v1/subjects/${other.id}/refresh`).set(auth).expect(503);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.type).toMatch(/registry-unavailable$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    await app.http.get(`/v1/subjects/${other.id}`).set(auth).expect(404);
  });

  it('when the registry answers with a malformed body, then 502 and nothing is stored', async () => {
    const other = people.filter((c) => c.id !== person.id)[5]!;
    population.setFaults({ malformedRate: 1 });
    const res = await app.http.post(`/v1/subjects/${other.id}/refresh`).set(auth).expect(502);
    expect(res.body.type).toMatch(/registry-answer-invalid$/);
    await app.http.get(`/v1/subjects/${other.id}`).set(auth).expect(404);
  });

  it('refreshes an enterprise, and a branch by its 13-digit code from the parent record', async () => {
    const enterprise = await app.http.post(`/v1/subjects/${withBranch.code}/refresh`).set(auth).expect(201);
    expect(enterprise.body).toMatchObject({ kind: 'business', name: withBranch.names.vi, freshness: { registry: 'business' } });
    const branch = withBranch.branches[0]!;
    const res = await app.http.post(`/v1/subjects/${branch.code}/refresh`).set(auth).expect(201);
    expect(res.body).toMatchObject({ kind: 'business', nationalId: branch.code, name: branch.name });
    expect(res.body.registry.snapshot.parentCode).toBe(withBranch.code);
  });

  it('when the registry has no such citizen, then 404', async () => {
    const known = new Set(people.map((c) => c.id));
    let serial = 0;
    let unknown = makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1970, serial });
    while (known.has(unknown)) unknown = makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1970, serial: ++serial });
    await app.http.post(`/v1/subjects/${unknown}/refresh`).set(auth).expect(404);
  });

  it('when no registry is configured, then 503 registry-not-configured', async () => {
    const bare = await startTestApp();
    try {
      const res = await bare.http.post(`/v1/subjects/${person.id}/refresh`).set(auth).expect(503);
      expect(res.body.type).toMatch(/registry-not-configured$/);
    } finally {
      await bare.close();
    }
  });

  it('when a citizen tries to refresh, then 403', async () => {
    await app.http.post(`/v1/subjects/${person.id}/refresh`).set('Authorization', `Bearer ${await tokens.citizen(person.id)}`).expect(403);
  });
});
