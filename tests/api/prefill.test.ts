import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { businessClient, populationClient, startBusinessSimulator, startPopulationSimulator, type Citizen, type Enterprise } from '../../src/connectors';
import { generateBusinesses } from '../../src/connectors/business/businessGenerator';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import type { IngestInput } from '../../src/documents/documents.service';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { testSettings } from '../unit/connectors/support';
import { auth, daysAgo, dossierCode, pdf, rows, setUpVault, sign, SO_TU_PHAP, UBND_XA, withContent, type AgencySigner } from './documents.support';

const population: Citizen[] = [...generatePopulation({ seed: 23, count: 300 })];
const adults = population.filter((c) => c.status === 'alive' && c.birthDate.length === 10 && c.birthDate < '2000-01-01');
const bride = adults.find((c) => c.sex === 'female')!;
const groom = adults.find((c) => c.sex === 'male')!;
const bystander = adults.find((c) => c.id !== bride.id && c.id !== groom.id)!;
const villager = adults.find((c) => ![bride.id, groom.id, bystander.id].includes(c.id))!;
const enterprises: Enterprise[] = [...generateBusinesses({ seed: 23, count: 10, representatives: population })];
const LEGAL_FORMS = { tnhh_1tv: 'llc_single_member', tnhh: 'llc_multi_member', co_phan: 'joint_stock', dntn: 'private_enterprise' } as const;
const company = enterprises.find((e) => e.status === 'active' && e.legalForm !== 'htx')!;

const MARRIAGE = '1.000894';
const ENTERPRISE_CHANGE = '2.001610';
const TTHCC = '000.25.22.H56';

let populationSim: Awaited<ReturnType<typeof startPopulationSimulator>>;
let businessSim: Awaited<ReturnType<typeof startBusinessSimulator>>;
let app: TestApp;
let soTuPhap: AgencySigner;
let xa: AgencySigner;
let xaPrefill: { Authorization: string };
let sequence = 0;
const newDossier = (agency = UBND_XA) => dossierCode(agency, daysAgo(0), ++sequence);

beforeAll(async () => {
  populationSim = await startPopulationSimulator({ dataset: population, port: 0 });
  businessSim = await startBusinessSimulator({ dataset: enterprises, port: 0 });
  app = await startTestApp({
    registries: {
      // No stale copies: an outage must show as unavailable, not as an old answer.
      population: populationClient(testSettings(populationSim.url, { cacheTtlMs: 1, cacheMaxStaleMs: 0, retries: 0, breakerThreshold: 50 })),
      business: businessClient(testSettings(businessSim.url, { cacheTtlMs: 1, cacheMaxStaleMs: 0, retries: 0, breakerThreshold: 50 })),
    },
  });
  ({ soTuPhap, xa } = await setUpVault(app));
  const operator = { Authorization: `Bearer ${await tokens.operator()}` };
  await app.http.put(`/v1/agencies/${TTHCC}`).set(operator).send({ name: 'Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp', level: 'province', parentCode: null, jwks: { keys: [] } }).expect(201);
  const reader = await auth(SO_TU_PHAP, ['subjects:read']);
  for (const id of [bride.id, groom.id, bystander.id, villager.id, company.code]) await app.http.post(`/v1/subjects/${id}/refresh`).set(reader).expect(201);
  xaPrefill = await auth(UBND_XA, ['prefill']);
});
afterAll(async () => {
  await app?.close();
  await Promise.all([populationSim?.close(), businessSim?.close()]);
});
afterEach(() => {
  populationSim.setFaults({});
  businessSim.setFaults({});
});

async function ingest(body: IngestInput): Promise<string> {
  const res = await app.http.post('/v1/documents').set(await auth()).send(await sign(body, soTuPhap));
  expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 201, errors: undefined });
  return res.body.id;
}

function birthCertificate(person: Citizen, number: string): IngestInput {
  return {
    type: 'birth-certificate',
    number,
    issuer: SO_TU_PHAP,
    procedureCode: '1.001193',
    issueDate: daysAgo(2000),
    subjects: [{ role: 'child', id: person.id }],
    fields: { fullName: person.fullName, birthDate: person.birthDate, sex: person.sex, placeOfBirth: `Trạm Y tế xã Mỹ Phong, ${person.birthPlace.province}`, nationality: 'Việt Nam' },
    content: withContent(pdf(number)),
  };
}

function maritalStatus(person: Citizen, number: string, issuedDaysAgo: number): IngestInput {
  return {
    type: 'marital-status-confirmation',
    number,
    issuer: SO_TU_PHAP,
    procedureCode: '1.004873',
    issueDate: daysAgo(issuedDaysAgo),
    subjects: [{ role: 'holder', id: person.id }],
    fields: { fullName: person.fullName, birthDate: person.birthDate, maritalStatus: 'single', purpose: 'Đăng ký kết hôn' },
    content: withContent(pdf(number)),
  };
}

/** What a one-stop system types for a person the registry should confirm. */
const typed = (person: Citizen) => ({ id: person.id, fullName: person.fullName, birthDate: person.birthDate, sex: person.sex });

const marriageRequest = (dossier: string) => ({
  procedureCode: MARRIAGE,
  dossierCode: dossier,
  applicant: { id: bride.id, fullName: bride.fullName, birthDate: bride.birthDate, sex: bride.sex },
  subjects: [{ role: 'spouse', id: groom.id, fullName: groom.fullName, birthDate: groom.birthDate }],
});

type Answer = { requirementId: string; subjectPosition: number; outcome: string; reason: { code: string }; document?: { id: string; content?: { sha256: string; href: string } }; release?: { attestation: string }; consentRequest?: { id: string } };
const outcomeOf = (body: { requirements: Answer[] }, id: string) => body.requirements.find((r) => r.requirementId === id)!;
const fieldOf = (body: { fields: Array<{ name: string }> }, name: string) => body.fields.find((f) => f.name === name) as Record<string, unknown>;

describe('prefilling a marriage registration', () => {
  const ids: Record<string, string> = {};
  let dossier: string;

  beforeAll(async () => {
    ids.brideBirth = await ingest(birthCertificate(bride, '112/2005/KS'));
    ids.groomBirth = await ingest(birthCertificate(groom, '87/2004/KS'));
    ids.brideStatus = await ingest(maritalStatus(bride, '45/2026/XNHN', 20));
    // Issued 200 days ago: past its six months (Decree 123/2015 art. 23).
    ids.groomStatus = await ingest(maritalStatus(groom, '12/2026/XNHN', 200));
    // The bride lets the commune reuse her birth certificate for this procedure; the groom has not yet.
    await app.http
      .post('/v1/me/consents')
      .set({ Authorization: `Bearer ${await tokens.citizen(bride.id)}` })
      .send({ grantee: { agencyCode: UBND_XA }, purposes: [MARRIAGE], documentTypes: ['birth-certificate'] })
      .expect(201);
    dossier = newDossier();
  });

  it('when prefilled, then each requirement has its outcome: consent, legal basis, expired, consent required', async () => {
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send(marriageRequest(dossier)).expect(200);
    expectToMatchSchema(res.body, 'prefill/prefill-response');
    expect(res.body.procedure).toMatchObject({ code: MARRIAGE, level: 'commune' });
    expect(res.body.identity).toEqual([
      expect.objectContaining({ subjectPosition: 0, role: 'applicant', method: 'verify', decision: 'match' }),
      expect.objectContaining({ subjectPosition: 1, role: 'spouse', method: 'verify', decision: 'match' }),
    ]);
    expect(outcomeOf(res.body, 'birth-certificate-applicant')).toMatchObject({ outcome: 'reused', document: { id: ids.brideBirth } });
    // Decree 87/2020 art. 24(7), seeded: a commune reuses a marital-status confirmation without consent.
    expect(outcomeOf(res.body, 'marital-status-applicant')).toMatchObject({ outcome: 'reused', document: { id: ids.brideStatus } });
    expect(outcomeOf(res.body, 'marital-status-spouse')).toMatchObject({ outcome: 'expired', reason: { code: 'expired' }, document: { id: ids.groomStatus } });
    const groomBirth = outcomeOf(res.body, 'birth-certificate-spouse');
    expect(groomBirth).toMatchObject({ outcome: 'consent_required', reason: { code: 'no_consent' }, consentRequest: { status: 'pending' } });
    expect(groomBirth.document).toEqual({ id: ids.groomBirth, type: 'birth-certificate' });
    expect(res.body.summary).toEqual({ required: 4, reused: 2, toBring: 2 });
    expect(res.body.changes).toEqual([]);
  });

  it('when a document is reused, then its attestation verifies with the published key and names content, requester, dossier and purpose', async () => {
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send(marriageRequest(dossier)).expect(200);
    const reused = outcomeOf(res.body, 'birth-certificate-applicant');
    const jwks = createLocalJWKSet((await app.http.get('/.well-known/jwks.json').expect(200)).body);
    const { payload, protectedHeader } = await jwtVerify(reused.release!.attestation, jwks, { issuer: 'motlan', audience: UBND_XA });
    expect(protectedHeader.typ).toBe('motlan-release+jwt');
    expect(payload).toMatchObject({ sub: ids.brideBirth, dossierCode: dossier, purpose: MARRIAGE, requester: { agencyCode: UBND_XA }, document: { id: ids.brideBirth, contentSha256: reused.document!.content!.sha256 } });
    // The content link works for the same purpose and dossier, through the consent decision again.
    const content = await app.http.get(reused.document!.content!.href).set(await auth(UBND_XA, ['documents:read'])).expect(200);
    expect(content.body.toString()).toContain('112/2005/KS');
  });

  it('when prefilled, then the form is filled from the registry and the reused documents, each with its source', async () => {
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send(marriageRequest(dossier)).expect(200);
    expect(fieldOf(res.body, 'fullName')).toMatchObject({ status: 'filled', value: bride.fullName, source: { kind: 'population', attribute: 'fullName' }, editable: false, stale: false });
    expect(fieldOf(res.body, 'spouseFullName')).toMatchObject({ status: 'filled', value: groom.fullName, subject: 'spouse', source: { kind: 'population' } });
    expect(fieldOf(res.body, 'placeOfBirth')).toMatchObject({ status: 'filled', value: `Trạm Y tế xã Mỹ Phong, ${bride.birthPlace.province}`, source: { kind: 'document', documentType: 'birth-certificate', documentId: ids.brideBirth } });
  });

  it('when the citizen approves the consent request, then the next prefill reuses the document, and the access log shows both', async () => {
    const first = await app.http.post('/v1/prefill').set(xaPrefill).send(marriageRequest(dossier)).expect(200);
    const request = outcomeOf(first.body, 'birth-certificate-spouse').consentRequest!;
    const groomToken = { Authorization: `Bearer ${await tokens.citizen(groom.id)}` };
    // Asking again for the same dossier does not pile up requests: one is pending.
    const pending = await app.http.get('/v1/me/consent-requests?status=pending').set(groomToken).expect(200);
    expect(pending.body.items.map((r: { id: string }) => r.id)).toEqual([request.id]);
    await app.http.post(`/v1/me/consent-requests/${request.id}/approve`).set(groomToken).send({}).expect(201);

    const next = await app.http.post('/v1/prefill').set(xaPrefill).send(marriageRequest(dossier)).expect(200);
    expect(outcomeOf(next.body, 'birth-certificate-spouse')).toMatchObject({ outcome: 'reused', document: { id: ids.groomBirth } });
    expect(next.body.summary).toEqual({ required: 4, reused: 3, toBring: 1 });

    const log = await app.http.get('/v1/me/access-log').set(groomToken).expect(200);
    const prefillEntries = log.body.items.filter((e: { action: string }) => e.action === 'prefill.release');
    expect(prefillEntries.map((e: { decision: string }) => e.decision)).toEqual(expect.arrayContaining(['allow', 'deny']));
    expect(log.body.items.some((e: { action: string; dossierCode: string }) => e.action === 'prefill.registry_read' && e.dossierCode === dossier)).toBe(true);
    // The typed details were scored against the registry, and that is logged with the prefill.
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'identity.verify', dossierCode: dossier, rule: expect.stringMatching(/^role:prefill; matching:match; model:/) })]));
  });

  it('when a reused document is revoked, then it is never reused again, and the dossier is flagged', async () => {
    const revoked = await ingest(maritalStatus(bystander, '77/2026/XNHN', 5));
    const request = { ...marriageRequest(newDossier()), applicant: typed(bystander) };
    const before = await app.http.post('/v1/prefill').set(xaPrefill).send(request).expect(200);
    expect(outcomeOf(before.body, 'marital-status-applicant')).toMatchObject({ outcome: 'reused', document: { id: revoked } });

    await app.http.post(`/v1/documents/${revoked}/revoke`).set(await auth()).send({ reason: 'Cấp nhầm người' }).expect(200);
    const after = await app.http.post('/v1/prefill').set(xaPrefill).send(request).expect(200);
    expect(outcomeOf(after.body, 'marital-status-applicant')).toMatchObject({ outcome: 'revoked', reason: { code: 'revoked' }, document: { id: revoked } });
    expect(outcomeOf(after.body, 'marital-status-applicant').release).toBeUndefined();
    expect(after.body.changes).toEqual([expect.objectContaining({ documentId: revoked, status: 'revoked', reason: 'Cấp nhầm người' })]);
  });

  it('when the prefilling agency issued the document itself, then it is reused without consent, and the release is logged', async () => {
    const own = birthCertificate(villager, '5/2020/KS');
    const created = await app.http.post('/v1/documents').set(await auth(UBND_XA)).send(await sign({ ...own, issuer: UBND_XA }, xa, 'ES256')).expect(201);
    const request = { ...marriageRequest(newDossier()), applicant: typed(villager) };
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send(request).expect(200);
    expect(outcomeOf(res.body, 'birth-certificate-applicant')).toMatchObject({ outcome: 'reused', document: { id: created.body.id }, release: { attestation: expect.any(String) } });
    const log = await app.http.get('/v1/me/access-log').set({ Authorization: `Bearer ${await tokens.citizen(villager.id)}` }).expect(200);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'prefill.release', decision: 'allow', rule: 'issuer-only', dossierCode: request.dossierCode })]));
  });

  it('when what was typed does not match the registry, then nothing of that person leaves Motlan, and the refusal is in their access log', async () => {
    // The bride consented to this commune and procedure; a legal basis covers her marital-status confirmation.
    const request = { ...marriageRequest(newDossier()), applicant: { id: bride.id, fullName: 'Phạm Văn Khánh', birthDate: '1961-01-01', sex: 'male' as const } };
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send(request).expect(200);
    expectToMatchSchema(res.body, 'prefill/prefill-response');
    expect(res.body.identity[0]).toMatchObject({ method: 'verify', decision: 'non_match' });
    for (const id of ['birth-certificate-applicant', 'marital-status-applicant']) {
      const answer = outcomeOf(res.body, id);
      expect(answer).toMatchObject({ outcome: 'identity_not_confirmed', reason: { code: 'identity_non_match' } });
      expect(answer).not.toHaveProperty('document');
      expect(answer).not.toHaveProperty('release');
    }
    expect(fieldOf(res.body, 'fullName')).toMatchObject({ status: 'unavailable', value: null, reasons: [expect.objectContaining({ code: 'identity_not_confirmed' })] });
    expect(fieldOf(res.body, 'placeOfBirth')).toMatchObject({ status: 'unavailable', value: null });
    expect(JSON.stringify(res.body.fields)).not.toContain(bride.fullName);
    // The spouse, confirmed, still gets their fields and outcomes.
    expect(fieldOf(res.body, 'spouseFullName')).toMatchObject({ status: 'filled', value: groom.fullName });
    expect(outcomeOf(res.body, 'birth-certificate-spouse').outcome).toBe('consent_required');
    expect(res.body.summary).toEqual({ required: 4, reused: 0, toBring: 4 });

    const log = await app.http.get('/v1/me/access-log').set({ Authorization: `Bearer ${await tokens.citizen(bride.id)}` }).expect(200);
    const mine = log.body.items.filter((e: { dossierCode: string }) => e.dossierCode === request.dossierCode);
    expect(mine).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'prefill.release', decision: 'deny', rule: 'deny:identity_non_match', description: expect.objectContaining({ vi: expect.stringContaining('không khớp') }) })]));
    expect(mine.filter((e: { decision: string; action: string }) => e.action !== 'identity.verify' && e.decision === 'allow')).toEqual([]);
  });

  it('when nothing is released, then what the vault told the agency is still in the citizen\'s access log', async () => {
    const dossier = newDossier();
    await app.http.post('/v1/prefill').set(xaPrefill).send(marriageRequest(dossier)).expect(200);
    const log = await app.http.get('/v1/me/access-log').set({ Authorization: `Bearer ${await tokens.citizen(groom.id)}` }).expect(200);
    // The groom's marital-status confirmation is expired: not released, but looked up.
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'prefill.lookup', dossierCode: dossier, documentId: ids.groomStatus })]));
  });

  it('when the population registry is down, then the prefill still answers, but releases nothing it could not confirm', async () => {
    populationSim.setFaults({ outage: { until: new Date(Date.now() + 60_000).toISOString() } });
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send(marriageRequest(newDossier())).expect(200);
    expectToMatchSchema(res.body, 'prefill/prefill-response');
    expect(res.body.identity[0]).toMatchObject({ decision: 'unavailable', reason: { code: 'registry_unavailable' } });
    expect(fieldOf(res.body, 'fullName')).toMatchObject({ status: 'unavailable', value: null, reasons: [expect.objectContaining({ code: 'registry_unavailable' })] });
    expect(outcomeOf(res.body, 'birth-certificate-applicant')).toMatchObject({ outcome: 'identity_not_confirmed', reason: { code: 'identity_unavailable' } });
    expect(res.body.summary.reused).toBe(0);
  });

  it('when only the ID is typed, then the registry is asked whether it exists, and nothing is released on a number alone', async () => {
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send({ ...marriageRequest(newDossier()), applicant: { id: bride.id } }).expect(200);
    expect(res.body.identity[0]).toMatchObject({ method: 'id_lookup', decision: 'found' });
    expect(outcomeOf(res.body, 'birth-certificate-applicant')).toMatchObject({ outcome: 'identity_not_confirmed', reason: { code: 'identity_id_only' } });
    expect(outcomeOf(res.body, 'marital-status-applicant')).toMatchObject({ outcome: 'identity_not_confirmed', reason: { code: 'identity_id_only' } });
    expect(fieldOf(res.body, 'fullName')).toMatchObject({ status: 'unavailable', reasons: [expect.objectContaining({ code: 'identity_not_confirmed' })] });
  });

  it('when the birth date is typed ten years off, then the applicant is not confirmed, and her consent releases nothing', async () => {
    const tenYearsOff = `${Number(bride.birthDate.slice(0, 4)) - 10}${bride.birthDate.slice(4)}`;
    const request = { ...marriageRequest(newDossier()), applicant: { ...typed(bride), birthDate: tenYearsOff } };
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send(request).expect(200);
    const decision = res.body.identity[0].decision;
    expect(['possible', 'non_match']).toContain(decision);
    expect(outcomeOf(res.body, 'birth-certificate-applicant')).toEqual(expect.objectContaining({ outcome: 'identity_not_confirmed', reason: expect.objectContaining({ code: `identity_${decision}` }) }));
    expect(res.body.requirements.filter((r: Answer) => r.subjectPosition === 0).map((r: Answer) => r.outcome)).toEqual(['identity_not_confirmed', 'identity_not_confirmed']);
    expect(res.body.fields.filter((f: { subject: string; status: string }) => f.subject === 'applicant' && f.status === 'filled')).toEqual([]);
  });

  it('when her birth place is typed as the province formed on 1 July 2025 (by its code), then she is confirmed and her consent releases her birth certificate', async () => {
    const request = { ...marriageRequest(newDossier()), applicant: { ...typed(bride), birthPlace: '66', residence: { province: 'Đắk Lắk' } } };
    const res = await app.http.post('/v1/prefill').set(xaPrefill).send(request).expect(200);
    expectToMatchSchema(res.body, 'prefill/prefill-response');
    // Born in Đắk Lắk (066), which with Phú Yên (054) is the Đắk Lắk of 1 July 2025, code 66.
    expect(res.body.identity[0]).toMatchObject({ decision: 'match' });
    const place = res.body.identity[0].explanation.attributes.find((a: { attribute: string }) => a.attribute === 'birthPlace');
    expect(place).toMatchObject({ level: 'agree', query: '66', record: '066', levelLabel: { en: expect.stringContaining('1 July 2025') } });
    expect(outcomeOf(res.body, 'birth-certificate-applicant')).toMatchObject({ outcome: 'reused', document: { id: ids.brideBirth } });
  });

  it('for any typed person who is not the owner of the ID, no prefill releases a document, fills a field, or asks for consent', async () => {
    // Both people of the marriage are impostors: the bride has consented and a legal basis covers her
    // confirmation; the groom's birth certificate would otherwise raise a consent request.
    const others = adults.filter((c) => c.id !== bride.id && c.id !== groom.id);
    const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
    const isoDate = (d: Date) => d.toISOString().slice(0, 10);
    const impostorOf = (owner: Citizen) =>
      fc
        .oneof(
          // Another real person's own details, typed with the owner's ID.
          fc.constantFrom(...others).map((o) => ({ fullName: o.fullName, birthDate: o.birthDate, sex: o.sex })),
          // A made-up person.
          fc.record({
            fullName: fc.tuple(fc.constantFrom('Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng'), fc.constantFrom('Văn', 'Thị', 'Minh', 'Ngọc', 'Hữu'), fc.constantFrom('An', 'Bình', 'Cường', 'Hà', 'Lan', 'Mai', 'Phương', 'Tâm')).map((w) => w.join(' ')),
            birthDate: fc.date({ min: new Date('1940-01-01'), max: new Date('2007-12-31'), noInvalidDate: true }).map(isoDate),
            sex: fc.constantFrom('male' as const, 'female' as const),
          }),
          // The owner's own name, with a birth date years away from theirs.
          fc.record({ years: fc.integer({ min: 3, max: 30 }).chain((n) => fc.constantFrom(n, -n)), day: fc.date({ min: new Date('2001-01-01'), max: new Date('2001-12-31'), noInvalidDate: true }) }).map(({ years, day }) => ({
            fullName: owner.fullName,
            birthDate: `${Number(owner.birthDate.slice(0, 4)) + years}${isoDate(day).slice(4)}`,
            sex: owner.sex,
          })),
        )
        .filter((t) => !(fold(t.fullName) === fold(owner.fullName) && t.birthDate === owner.birthDate));

    const dossiers: string[] = [];
    await fc.assert(
      fc.asyncProperty(impostorOf(bride), impostorOf(groom), async (asBride, asGroom) => {
        const dossier = newDossier();
        dossiers.push(dossier);
        const res = await app.http
          .post('/v1/prefill')
          .set(xaPrefill)
          .send({ procedureCode: MARRIAGE, dossierCode: dossier, applicant: { id: bride.id, ...asBride }, subjects: [{ role: 'spouse', id: groom.id, ...asGroom }] });
        expect(res.status).toBe(200);
        expect(res.body.identity.map((i: { decision: string }) => i.decision)).not.toContain('match');
        for (const answer of res.body.requirements as Answer[]) {
          expect(answer.outcome).toBe('identity_not_confirmed');
          expect(answer.document ?? answer.release ?? answer.consentRequest).toBeUndefined();
        }
        expect(res.body.fields.filter((f: { status: string }) => f.status === 'filled')).toEqual([]);
      }),
      { seed: 20261204, numRuns: 15 },
    );
    const tried = sql.join(dossiers.map((d) => sql`${d}`), sql`, `);
    const [written] = await rows<{ releases: number; requests: number; refused: number }>(
      app,
      sql`select (select count(*)::int from releases where dossier_code in (${tried})) as releases,
                 (select count(*)::int from consent_requests where dossier_code in (${tried})) as requests,
                 (select count(distinct a.dossier_code)::int from audit_entries a join subjects s on s.id = a.subject_id
                   where s.national_id = ${bride.id} and a.action = 'prefill.release' and a.decision = 'deny' and a.dossier_code in (${tried})) as refused`,
    );
    // Nothing written that releases or asks; each refusal is in the bride's access log.
    expect(written).toEqual({ releases: 0, requests: 0, refused: dossiers.length });
  });
});

describe('prefilling a change of enterprise registration', () => {
  it('when a legal basis covers it, then the enterprise registration certificate is reused and the form comes from the business registry', async () => {
    const operator = { Authorization: `Bearer ${await tokens.operator()}` };
    await app.http
      .post('/v1/legal-bases')
      .set(operator)
      .send({ procedureCode: ENTERPRISE_CHANGE, documentType: 'enterprise-registration', requesterLevel: 'province', reference: 'Luật Doanh nghiệp 2020; Nghị định 168/2025/NĐ-CP (chưa xác nhận điều khoản)' })
      .expect(201);
    const certificate = await ingest({
      type: 'enterprise-registration',
      number: company.code,
      issuer: SO_TU_PHAP,
      issueDate: daysAgo(400),
      subjects: [{ role: 'enterprise', id: company.code }],
      fields: { enterpriseName: company.names.vi, legalForm: LEGAL_FORMS[company.legalForm as keyof typeof LEGAL_FORMS], headOffice: company.address.line, charterCapitalVnd: company.charterCapitalVnd, firstRegistrationDate: company.registeredOn, amendment: 0 },
      content: withContent(pdf(`GCN ${company.code}`)),
    });
    const res = await app.http
      .post('/v1/prefill')
      .set(await auth(TTHCC, ['prefill']))
      .send({ procedureCode: ENTERPRISE_CHANGE, dossierCode: newDossier(TTHCC), applicant: { id: company.code, fullName: company.names.vi } })
      .expect(200);
    expectToMatchSchema(res.body, 'prefill/prefill-response');
    expect(res.body.identity[0]).toMatchObject({ method: 'verify', decision: 'match', explanation: { attributes: expect.arrayContaining([expect.objectContaining({ attribute: 'code', level: 'enterprise' })]) } });
    // Typed the way people do, without diacritics and with abbreviations: the business model of
    // /v1/identity/business/verify still recognises it.
    const abbreviated = company.names.vi.replace(/^Công ty TNHH /, 'Cty TNHH ').replace(/^Công ty Cổ phần /, 'CTCP ');
    const typed = await app.http
      .post('/v1/prefill')
      .set(await auth(TTHCC, ['prefill']))
      .send({ procedureCode: ENTERPRISE_CHANGE, dossierCode: newDossier(TTHCC), applicant: { id: company.code, fullName: abbreviated.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D') } })
      .expect(200);
    expect(typed.body.identity[0]).toMatchObject({ decision: 'match' });
    expect(outcomeOf(res.body, 'enterprise-registration')).toMatchObject({ outcome: 'reused', document: { id: certificate } });
    expect(fieldOf(res.body, 'enterpriseName')).toMatchObject({ status: 'filled', value: company.names.vi, source: { kind: 'business', attribute: 'names.vi' } });
    expect(fieldOf(res.body, 'legalRepresentative')).toMatchObject({ status: 'filled', value: company.legalRepresentatives[0]!.fullName });

    // Another enterprise's name with this code: the certificate is not released, the form not filled.
    const other = enterprises.find((e) => e.names.vi.split(' ').at(-1) !== company.names.vi.split(' ').at(-1))!;
    const wrong = await app.http
      .post('/v1/prefill')
      .set(await auth(TTHCC, ['prefill']))
      .send({ procedureCode: ENTERPRISE_CHANGE, dossierCode: newDossier(TTHCC), applicant: { id: company.code, fullName: other.names.vi } })
      .expect(200);
    expect(wrong.body.identity[0].decision).not.toBe('match');
    expect(outcomeOf(wrong.body, 'enterprise-registration')).toMatchObject({ outcome: 'identity_not_confirmed', reason: { code: `identity_${wrong.body.identity[0].decision}` } });
    expect(fieldOf(wrong.body, 'enterpriseName')).toMatchObject({ status: 'unavailable', reasons: [expect.objectContaining({ code: 'identity_not_confirmed' })] });
  });
});

describe('prefill requests that cannot be served', () => {
  it('when the procedure is unknown, a subject is missing, an ID is of the wrong kind, or the dossier is not the agency\'s, then 4xx names the field', async () => {
    const unknown = await app.http.post('/v1/prefill').set(xaPrefill).send({ ...marriageRequest(newDossier()), procedureCode: '9.999999' }).expect(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/procedureCode', rule: 'procedure.unknown' })]);
    const noSpouse = await app.http.post('/v1/prefill').set(xaPrefill).send({ ...marriageRequest(newDossier()), subjects: [] }).expect(422);
    expect(noSpouse.body.errors).toEqual([expect.objectContaining({ pointer: '/subjects', rule: 'subjects.role_missing' })]);
    const business = await app.http.post('/v1/prefill').set(xaPrefill).send({ ...marriageRequest(newDossier()), applicant: { id: company.code } }).expect(422);
    expect(business.body.errors).toEqual([expect.objectContaining({ pointer: '/applicant/id', rule: 'subject.kind' })]);
    await app.http.post('/v1/prefill').set(xaPrefill).send(marriageRequest(newDossier(SO_TU_PHAP))).expect(403);
    const malformed = await app.http.post('/v1/prefill').set(xaPrefill).send({ ...marriageRequest(newDossier()), applicant: { id: '12345' } }).expect(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ pointer: '/applicant/id', rule: 'pattern' })]);
  });

  it('when the caller lacks the prefill role, then 403, and nothing is recorded', async () => {
    const dossier = newDossier();
    await app.http.post('/v1/prefill').set(await auth(UBND_XA, ['documents:read'])).send(marriageRequest(dossier)).expect(403);
    await app.http.post('/v1/prefill').set({ Authorization: `Bearer ${await tokens.citizen(bride.id)}` }).send(marriageRequest(dossier)).expect(403);
  });
});
