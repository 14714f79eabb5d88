import { eq } from 'drizzle-orm';
import { auditEntries } from '../../src/audit/audit.tables';
import { populationClient, startPopulationSimulator, type Citizen } from '../../src/connectors';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import { matchingStore } from '../../src/matching/matching.store';
import { mirrorRowOf } from '../../src/matching/mirrorRow';
import { foldDiacritics } from '../../src/names';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { testSettings } from '../unit/connectors/support';

const people: Citizen[] = [...generatePopulation({ seed: 23, count: 300 })];
const full = people.filter((c) => c.birthDate.length === 10 && c.name.middle);
const person = full.find((c) => c.oldIdCard)!;
const other = full.find((c) => c.id !== person.id && c.sex === person.sex && c.birthDate.slice(0, 4) === person.birthDate.slice(0, 4) && c.name.given !== person.name.given)
  ?? full.find((c) => c.id !== person.id && c.sex === person.sex)!;
// Not in the mirror: only the registry knows this one.
const registryOnly = full.find((c) => c.id !== person.id && c.id !== other.id)!;
const mirrored = people.filter((c) => c.id !== registryOnly.id);

const claimsOf = (c: Citizen) => ({
  fullName: c.fullName,
  birthDate: c.birthDate,
  sex: c.sex,
  birthPlace: c.birthPlace.provinceCode,
  ...(c.father ? { fatherName: c.father.fullName } : {}),
  ...(c.mother ? { motherName: c.mother.fullName } : {}),
});

let population: Awaited<ReturnType<typeof startPopulationSimulator>>;
let app: TestApp;
let bare: TestApp;
let auth: { Authorization: string };

beforeAll(async () => {
  population = await startPopulationSimulator({ dataset: people, port: 0 });
  app = await startTestApp({ registries: { population: populationClient(testSettings(population.url, { retries: 0, cacheTtlMs: 1, cacheMaxStaleMs: 1 })), business: undefined } });
  bare = await startTestApp();
  await Promise.all([app, bare].map((a) => matchingStore(a.database.db).upsert(mirrored.map(mirrorRowOf))));
  auth = { Authorization: `Bearer ${await tokens.agency('000.00.00.H56', ['identity'])}` };
});
afterAll(async () => {
  await Promise.all([app?.close(), bare?.close()]);
  await population?.close();
});
afterEach(() => population.setFaults({}));

describe('POST /v1/identity/verify', () => {
  it('when the applicant types the name without diacritics and the day and month swapped, then match, explained per attribute, and audited', async () => {
    const [y, m, d] = person.birthDate.split('-');
    const swapped = Number(d) <= 12 && d !== m ? `${y}-${d}-${m}` : person.birthDate;
    const res = await app.http
      .post('/v1/identity/verify')
      .set(auth)
      .send({ ...claimsOf(person), id: person.id, fullName: foldDiacritics(person.fullName).toUpperCase(), birthDate: swapped })
      .expect(200);
    expectToMatchSchema(res.body, 'matching/verification');
    expect(res.body.decision).toBe('match');
    expect(res.body.record).toEqual({ id: `********${person.id.slice(-4)}`, source: 'registry' });
    const given = res.body.attributes.find((a: { attribute: string }) => a.attribute === 'given');
    expect(given.levelLabel.en).toMatch(/after removing diacritics|Equal/);
    expect(given.bits).toBeGreaterThan(0);
    expect(res.body.model.version).toMatch(/^vn-fs-/);
    // Masked: the full name never comes back.
    expect(JSON.stringify(res.body)).not.toContain(person.name.given.toLowerCase().slice(1));

    const audit = await app.database.db.select().from(auditEntries).where(eq(auditEntries.requestId, res.headers['x-request-id']!));
    expect(audit).toEqual([expect.objectContaining({ action: 'identity.verify', actor: expect.stringMatching(/^agency:/), rule: expect.stringContaining('matching:match') })]);
  });

  it('when someone claims another person\'s ID with their own details, then not a match, and the conflicts say why', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: other.id }).expect(200);
    expect(res.body.decision).not.toBe('match');
    expect(res.body.probability).toBeLessThan(0.5);
  });

  it('when the old 9-digit ID card is given, then it is resolved through the mirror', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: person.oldIdCard }).expect(200);
    expect(res.body.decision).toBe('match');
    expect(res.body.record.id.slice(-4)).toBe(person.id.slice(-4));
  });

  it('when the old ID card is unknown, then 404', async () => {
    await app.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: '999999999' }).expect(404);
  });

  it('when the registry is down, then the mirror stands in; without a mirror copy, 503 with Retry-After', async () => {
    population.setFaults({ outage: { until: new Date(Date.now() + 60_000).toISOString() } });
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: person.id }).expect(200);
    expect(res.body.record.source).toBe('mirror');
    const down = await app.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(registryOnly), id: registryOnly.id }).expect(503);
    expect(down.body.type).toMatch(/registry-unavailable$/);
    expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('when no registry is configured, then the mirror answers', async () => {
    const res = await bare.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: person.id }).expect(200);
    expect(res.body).toMatchObject({ decision: 'match', record: { source: 'mirror' } });
  });

  it('when Motlan holds the person as a subject, then each verify (by new or old ID, registry or mirror) and a search that matches her are logged on her chain, which stays whole; someone it does not hold, on the system chain', async () => {
    const operator = { Authorization: `Bearer ${await tokens.operator()}` };
    const logged = async (res: { headers: Record<string, string> }, on: TestApp) =>
      (await on.database.db.select().from(auditEntries).where(eq(auditEntries.requestId, res.headers['x-request-id']!))).map((e) => ({ chainKey: e.chainKey, subjectId: e.subjectId }));
    for (const on of [app, bare]) {
      const subject = await on.http.put(`/v1/subjects/${person.id}`).set(operator).send({ name: person.fullName, birthDate: person.birthDate, sex: person.sex }).expect((r) => expect([200, 201]).toContain(r.status));
      const held = { chainKey: subject.body.id, subjectId: subject.body.id };
      expect(await logged(await on.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: person.id }).expect(200), on)).toEqual([held]);
      expect(await logged(await on.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: person.oldIdCard }).expect(200), on)).toEqual([held]);
      expect(await logged(await on.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(other), id: other.id }).expect(200), on)).toEqual([{ chainKey: 'system', subjectId: null }]);
      // A search that matches her is logged on her chain too.
      expect(await logged(await on.http.post('/v1/identity/search').set(auth).send(claimsOf(person)).expect(200), on)).toEqual([held]);
      // Her chain's head is read with the verify or search and continued in one statement: still whole.
      const entries = (await on.database.db.select().from(auditEntries).where(eq(auditEntries.chainKey, subject.body.id))).length;
      expect(entries).toBeGreaterThanOrEqual(3);
      await on.http.get(`/v1/subjects/${person.id}/access-log/verification`).set(operator).expect(200, { valid: true, entries });
    }
  });

  it('when the 12-digit ID is malformed or the body breaks the contract, then 400', async () => {
    await app.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: '999187004521' }).expect(400);
    await app.http.post('/v1/identity/verify').set(auth).send({ id: person.id }).expect(400);
    await app.http.post('/v1/identity/verify').set(auth).send({ ...claimsOf(person), id: person.id, nickname: 'x' }).expect(400);
  });
});

describe('POST /v1/identity/search', () => {
  it('when the name is typed without diacritics and in given-name-first order, then the person ranks first with the pass that found them', async () => {
    const { family, middle, given } = person.name;
    const res = await app.http
      .post('/v1/identity/search')
      .set(auth)
      .send({ ...claimsOf(person), fullName: foldDiacritics(`${given} ${family} ${middle}`), residence: { province: person.currentResidence.province, commune: person.currentResidence.commune } })
      .expect(200);
    expectToMatchSchema(res.body, 'matching/search-result');
    expect(res.body.candidates[0]).toMatchObject({ rank: 1, id: person.id });
    expect(['match', 'possible']).toContain(res.body.candidates[0].decision);
    expect(res.body.candidates[0].pass).toEqual(expect.any(String));
    expect(res.body.candidatesCounted).toBeGreaterThanOrEqual(1);
    expect(res.body.populationSize).toBe(mirrored.length);
  });

  it('when the family name and the birth day are both mistyped, then the second stage finds the person, each candidate with its plausibility', async () => {
    const [y, m, d] = person.birthDate.split('-');
    const day = Number(d) < 28 ? Number(d) + 1 : Number(d) - 1;
    const { family, middle, given } = person.name;
    const res = await app.http
      .post('/v1/identity/search')
      .set(auth)
      .send({ ...claimsOf(person), fullName: `${family.slice(0, -1)}q ${middle} ${given}`, birthDate: `${y}-${m}-${String(day).padStart(2, '0')}` })
      .expect(200);
    expectToMatchSchema(res.body, 'matching/search-result');
    const found = res.body.candidates.find((c: { id: string }) => c.id === person.id);
    expect(found).toBeDefined();
    expect(['near_date_given', 'province_given_phonetic', 'province_year_family']).toContain(found.pass);
    expect(found.plausibility).toBeGreaterThanOrEqual(found.probability);
  });

  it('when a person is not in the mirror, then no candidate is a match', async () => {
    const res = await app.http.post('/v1/identity/search').set(auth).send({ ...claimsOf(registryOnly), k: 3 }).expect(200);
    expect(res.body.candidates.length).toBeLessThanOrEqual(3);
    expect(res.body.candidates.every((c: { decision: string }) => c.decision !== 'match')).toBe(true);
  });

  it('refuses callers without the identity role (403) and without a token (401)', async () => {
    const reader = { Authorization: `Bearer ${await tokens.agency('000.00.00.H56', ['subjects:read'])}` };
    await app.http.post('/v1/identity/search').set(reader).send(claimsOf(person)).expect(403);
    await app.http.post('/v1/identity/verify').set(reader).send({ ...claimsOf(person), id: person.id }).expect(403);
    await app.http.post('/v1/identity/search').send(claimsOf(person)).expect(401);
  });
});
