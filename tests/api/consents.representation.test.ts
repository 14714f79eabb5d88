import { generateBusinesses } from '../../src/connectors/business/businessGenerator';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import { businessClient, populationClient, startBusinessSimulator, startPopulationSimulator, type Citizen, type Enterprise } from '../../src/connectors';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { testSettings } from '../unit/connectors/support';

// The generator reckons ages at the end of 2025; a child born 2015 or later is a minor until at least 2033.
const people: Citizen[] = [...generatePopulation({ seed: 23, count: 400 })];
const byId = new Map(people.map((p) => [p.id, p]));
const child = people.find((c) => c.birthDate.slice(0, 4) >= '2015' && c.father?.id && byId.has(c.father.id))!;
const father = byId.get(child.father!.id!)!;
const adultChild = people.find((c) => c.birthDate.slice(0, 4) <= '1995' && c.father?.id && byId.has(c.father.id));
const enterprises: Enterprise[] = [...generateBusinesses({ seed: 23, count: 10, representatives: people })];
const enterprise = enterprises[0]!;
const representative = byId.get(enterprise.legalRepresentatives[0]!.id)!;
const grant = { grantee: { level: 'commune' }, purposes: ['1.001193'], documentTypes: ['birth-certificate'] };

let population: Awaited<ReturnType<typeof startPopulationSimulator>>;
let business: Awaited<ReturnType<typeof startBusinessSimulator>>;
let app: TestApp;
const as = async (id: string) => ({ Authorization: `Bearer ${await tokens.citizen(id)}` });

beforeAll(async () => {
  population = await startPopulationSimulator({ dataset: people, port: 0 });
  business = await startBusinessSimulator({ dataset: enterprises, port: 0 });
  app = await startTestApp({
    registries: { population: populationClient(testSettings(population.url)), business: businessClient(testSettings(business.url)) },
  });
  const operator = { Authorization: `Bearer ${await tokens.operator()}` };
  for (const id of [child.id, father.id, representative.id, ...(adultChild ? [adultChild.id] : [])]) {
    await app.http.post(`/v1/subjects/${id}/refresh`).set(operator).expect((r) => expect([200, 201]).toContain(r.status));
  }
  await app.http.post(`/v1/subjects/${enterprise.code}/refresh`).set(operator).expect(201);
});
afterAll(async () => {
  await app?.close();
  await Promise.all([population?.close(), business?.close()]);
});

describe('who may act for whom', () => {
  it('a parent, as the population registry links them, consents for a minor child', async () => {
    const res = await app.http.post(`/v1/me/consents?onBehalfOf=${child.id}`).set(await as(father.id)).send(grant).expect(201);
    expect(res.body.actingAs).toBe('parent');
    const childsView = await app.http.get('/v1/me/consents').set(await as(child.id)).expect(200);
    expect(childsView.body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);
  });

  it('someone the registry does not name as parent is refused', async () => {
    const stranger = people.find((p) => p.id !== child.father?.id && p.id !== child.mother?.id && p.id !== child.id)!;
    const res = await app.http.post(`/v1/me/consents?onBehalfOf=${child.id}`).set(await as(stranger.id)).send(grant).expect(403);
    expect(res.body.detail).toMatch(/parent/);
  });

  it('a parent no longer acts for a child who has come of age', async () => {
    expect(adultChild).toBeDefined();
    const parent = byId.get(adultChild!.father!.id!)!;
    await app.http.post(`/v1/subjects/${parent.id}/refresh`).set({ Authorization: `Bearer ${await tokens.operator()}` });
    const res = await app.http.post(`/v1/me/consents?onBehalfOf=${adultChild!.id}`).set(await as(parent.id)).send(grant).expect(403);
    expect(res.body.detail).toMatch(/under 18/);
  });

  it('a legal representative, as the business registry names them, manages the business\'s consents', async () => {
    const res = await app.http.post(`/v1/me/consents?onBehalfOf=${enterprise.code}`).set(await as(representative.id)).send({ ...grant, documentTypes: ['enterprise-registration'] }).expect(201);
    expect(res.body.actingAs).toBe('legal_representative');
    const list = await app.http.get(`/v1/me/consents?onBehalfOf=${enterprise.code}`).set(await as(representative.id)).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([res.body.id]);
    await app.http.get(`/v1/me/consents?onBehalfOf=${enterprise.code}`).set(await as(child.id)).expect(403);
  });

  it('when the population registry is down and nothing is cached, acting for a child is a 503, not a guess', async () => {
    const other = people.find((c) => c.birthDate.slice(0, 4) >= '2015' && c.id !== child.id && c.father?.id === father.id) ?? people.find((c) => c.birthDate.slice(0, 4) >= '2016' && c.id !== child.id)!;
    population.setFaults({ outage: { until: new Date(Date.now() + 60_000).toISOString() } });
    try {
      const res = await app.http.get(`/v1/me/consents?onBehalfOf=${other.id}`).set(await as(father.id));
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      population.setFaults({});
    }
  });
});

describe('a parent or legal representative reads the access log of whom they act for', () => {
  type Entry = { actor: string; action: string; decision: string; rule: string; requestId: string; description: { vi: string; en: string } };

  it('when the father reads his minor child\'s access log, then 200 with the child\'s entries, and the child\'s log records that he read it', async () => {
    const res = await app.http.get(`/v1/me/access-log?onBehalfOf=${child.id}`).set(await as(father.id)).expect(200);
    expectToMatchSchema(res.body, 'audit/access-log');
    // The consent the father gave for the child earlier in this file is on the child's chain.
    expect(res.body.items.some((e: Entry) => e.action === 'consent.grant')).toBe(true);
    const verification = await app.http.get(`/v1/me/access-log/verification?onBehalfOf=${child.id}`).set(await as(father.id)).expect(200);
    expectToMatchSchema(verification.body, 'audit/chain-verification');
    expect(verification.body.valid).toBe(true);

    const childsView = await app.http.get('/v1/me/access-log').set(await as(child.id)).expect(200);
    const read = childsView.body.items.find((e: Entry) => e.requestId === res.headers['x-request-id']);
    expect(read).toMatchObject({ actor: 'citizen:parent', action: 'access_log.read', decision: 'allow', rule: 'representation:parent' });
    expect(read.description.vi).toMatch(/^Cha hoặc mẹ của bạn đã xem nhật ký truy cập của bạn ngày \d{2}\/\d{2}\/\d{4}, theo quan hệ cha mẹ – con/);
    expect(childsView.body.items.find((e: Entry) => e.requestId === verification.headers['x-request-id'])).toMatchObject({ actor: 'citizen:parent', action: 'access_log.verify' });
    // Who read it is said by capacity: no entry carries the father's ID.
    expect(JSON.stringify(childsView.body)).not.toContain(father.id);
  });

  it('someone the registry does not name as parent gets 403, and nothing is written to the child\'s log', async () => {
    const stranger = people.find((p) => p.id !== child.father?.id && p.id !== child.mother?.id && p.id !== child.id)!;
    const before = await app.http.get(`/v1/me/access-log?onBehalfOf=${child.id}`).set(await as(father.id)).expect(200);
    const res = await app.http.get(`/v1/me/access-log?onBehalfOf=${child.id}`).set(await as(stranger.id)).expect(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/parent/);
    await app.http.get(`/v1/me/access-log/verification?onBehalfOf=${child.id}`).set(await as(stranger.id)).expect(403);
    const after = await app.http.get('/v1/me/access-log').set(await as(child.id)).expect(200);
    expect(after.body.items.filter((e: Entry) => e.requestId === res.headers['x-request-id'])).toEqual([]);
    expect(after.body.items[0].seq).toBe(before.body.items[0].seq + 1);
  });

  it('a legal representative reads the business\'s log; someone else cannot; a malformed onBehalfOf is 400 naming it', async () => {
    const res = await app.http.get(`/v1/me/access-log?onBehalfOf=${enterprise.code}`).set(await as(representative.id)).expect(200);
    expect(res.body.items.some((e: Entry) => e.action === 'consent.grant')).toBe(true);
    const again = await app.http.get(`/v1/me/access-log?onBehalfOf=${enterprise.code}`).set(await as(representative.id)).expect(200);
    expect(again.body.items[0]).toMatchObject({ actor: 'citizen:legal_representative', action: 'access_log.read', requestId: res.headers['x-request-id'] });
    expect(again.body.items[0].description.vi).toContain('Người đại diện theo pháp luật đã xem nhật ký truy cập');
    await app.http.get(`/v1/me/access-log?onBehalfOf=${enterprise.code}`).set(await as(child.id)).expect(403);
    const bad = await app.http.get('/v1/me/access-log?onBehalfOf=12345').set(await as(representative.id)).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ in: 'query', pointer: '/onBehalfOf' });
  });
});

