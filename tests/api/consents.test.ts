import { sql } from 'drizzle-orm';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { claimsFor } from '../../src/auth/devIssuer';
import { makeCitizenId, makeTaxCode } from '../../src/ids';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, signToken, tokens, type TestApp } from '../support/testApp';
import { people, rows, setUpVault, SO_TU_PHAP, UBND_XA } from './documents.support';

let app: TestApp;
const as = async (citizenId: string) => ({ Authorization: `Bearer ${await tokens.citizen(citizenId)}` });
const agency = async (code: string, roles: Parameters<typeof tokens.agency>[1]) => ({ Authorization: `Bearer ${await tokens.agency(code, roles)}` });
const grant = {
  grantee: { agencyCode: UBND_XA },
  purposes: ['1.000894'],
  documentTypes: ['marital-status-confirmation'],
};

beforeAll(async () => {
  app = await startTestApp();
  await setUpVault(app);
});
afterAll(() => app?.close());

async function verifyReceipt(receipt: string) {
  const jwks = (await app.http.get('/.well-known/jwks.json').expect(200)).body;
  return jwtVerify(receipt, createLocalJWKSet(jwks), { issuer: 'motlan', typ: 'motlan-consent-receipt+jwt' });
}

describe('a citizen grants and revokes consent', () => {
  let consentId: string;

  it('when Hằng grants a consent, then 201 with a receipt that verifies with the published JWKS', async () => {
    const res = await app.http.post('/v1/me/consents').set(await as(people.hang.id)).send(grant).expect(201);
    expectToMatchSchema(res.body, 'consents/consent');
    expect(res.body).toMatchObject({ status: 'active', grantee: { agencyCode: UBND_XA }, channel: 'portal', actingAs: 'self', uses: 0 });
    // A consent given without an end lasts a year.
    expect(Date.parse(res.body.validUntil) - Date.parse(res.body.validFrom)).toBe(365 * 86_400_000);
    const { payload } = await verifyReceipt(res.body.receipt);
    expect(payload).toMatchObject({ action: 'granted', sub: res.body.id, subject: people.hang.id, purposes: ['1.000894'] });
    consentId = res.body.id;
  });

  it('lists it for Hằng and never for another citizen, who cannot revoke it either', async () => {
    const mine = await app.http.get('/v1/me/consents').set(await as(people.hang.id)).expect(200);
    expectToMatchSchema(mine.body, 'consents/consent-list');
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(consentId);
    const theirs = await app.http.get('/v1/me/consents').set(await as(people.anh.id)).expect(200);
    expect(theirs.body.items.map((c: { id: string }) => c.id)).not.toContain(consentId);
    await app.http.post(`/v1/me/consents/${consentId}/revoke`).set(await as(people.anh.id)).expect(404);
  });

  it('when Hằng revokes it, then it is revoked with a signed revocation receipt, and a second revocation is 409', async () => {
    const res = await app.http.post(`/v1/me/consents/${consentId}/revoke`).set(await as(people.hang.id)).expect(200);
    expect(res.body.status).toBe('revoked');
    const { payload } = await verifyReceipt(res.body.revocationReceipt);
    expect(payload).toMatchObject({ action: 'revoked', sub: consentId });
    await app.http.post(`/v1/me/consents/${consentId}/revoke`).set(await as(people.hang.id)).expect(409);
  });

  it('refuses a level-1 electronic identity (Decree 69/2024)', async () => {
    const level1 = await signToken({ sub: people.hang.id, kind: 'citizen', identity_level: 1 });
    const res = await app.http.post('/v1/me/consents').set('Authorization', `Bearer ${level1}`).send(grant).expect(403);
    expect(res.body.type).toMatch(/identity-level-too-low$/);
  });

  it('rejects a consent that bundles nothing, ends before it starts, or names an unknown grantee shape', async () => {
    const hang = await as(people.hang.id);
    const empty = await app.http.post('/v1/me/consents').set(hang).send({ ...grant, purposes: [] }).expect(400);
    expect(empty.body.errors[0]).toMatchObject({ pointer: '/purposes', rule: 'minItems' });
    const backwards = await app.http.post('/v1/me/consents').set(hang).send({ ...grant, validFrom: '2027-01-01T00:00:00Z', validUntil: '2026-12-01T00:00:00Z' }).expect(400);
    expect(backwards.body.errors[0]).toMatchObject({ pointer: '/validUntil', rule: 'validity.order' });
    await app.http.post('/v1/me/consents').set(hang).send({ ...grant, grantee: { agencyCode: UBND_XA, level: 'commune' } }).expect(400);
  });

  it('when a citizen Motlan holds nothing for tries to consent, then 404', async () => {
    const stranger = '082190000001';
    await app.http.post('/v1/me/consents').set(await as(stranger)).send(grant).expect(404);
  });

  it('refuses agencies and operators on /v1/me routes', async () => {
    await app.http.get('/v1/me/consents').set(await agency(UBND_XA, ['consents:request'])).expect(403);
    await app.http.get('/v1/me/consent-requests').set({ Authorization: `Bearer ${await tokens.operator()}` }).expect(403);
  });

  it('acting for someone else needs the registry: without one configured, onBehalfOf is refused', async () => {
    const res = await app.http.get(`/v1/me/consents?onBehalfOf=${people.khoi.id}`).set(await as(people.phuc.id)).expect(403);
    expect(res.body.detail).toMatch(/population registry/);
  });
});

describe('an agency asks, the citizen answers', () => {
  let requestId: string;

  it('when the commune asks Ánh for consent, then she sees the request, pending, with the agency name', async () => {
    const res = await app.http
      .post('/v1/consent-requests')
      .set(await agency(UBND_XA, ['consents:request']))
      .send({ subject: people.anh.id, purpose: '1.000894', dossierCode: `${UBND_XA}-261127-0007`, documentTypes: ['birth-certificate'], note: 'Để đăng ký kết hôn, không cần nộp lại bản giấy.' })
      .expect(201);
    expectToMatchSchema(res.body, 'consents/consent-request');
    requestId = res.body.id;
    const pending = await app.http.get('/v1/me/consent-requests?status=pending').set(await as(people.anh.id)).expect(200);
    expect(pending.body.items).toEqual([expect.objectContaining({ id: requestId, status: 'pending', requester: { agencyCode: UBND_XA, agencyName: 'Ủy ban nhân dân xã Mỹ Phong' } })]);
  });

  it('another citizen can neither see nor approve it', async () => {
    const other = await app.http.get('/v1/me/consent-requests').set(await as(people.hang.id)).expect(200);
    expect(other.body.items.map((r: { id: string }) => r.id)).not.toContain(requestId);
    await app.http.post(`/v1/me/consent-requests/${requestId}/approve`).set(await as(people.hang.id)).send({}).expect(404);
  });

  it('when Ánh approves, then a consent for exactly that agency, purpose, dossier and type exists, and the agency sees it', async () => {
    const res = await app.http.post(`/v1/me/consent-requests/${requestId}/approve`).set(await as(people.anh.id)).send({}).expect(201);
    expect(res.body).toMatchObject({ channel: 'agency_request', grantee: { agencyCode: UBND_XA }, purposes: ['1.000894'], documentTypes: ['birth-certificate'], dossierCode: `${UBND_XA}-261127-0007` });
    const seen = await app.http.get(`/v1/consent-requests/${requestId}`).set(await agency(UBND_XA, ['consents:request'])).expect(200);
    expect(seen.body).toMatchObject({ status: 'approved', consentId: res.body.id });
    // Another agency cannot look at it.
    await app.http.get(`/v1/consent-requests/${requestId}`).set(await agency(SO_TU_PHAP, ['consents:request'])).expect(404);
    // Settled once.
    await app.http.post(`/v1/me/consent-requests/${requestId}/refuse`).set(await as(people.anh.id)).expect(409);
  });

  it('when a request is refused, then no consent is made', async () => {
    const created = await app.http.post('/v1/consent-requests').set(await agency(UBND_XA, ['consents:request'])).send({ subject: people.anh.id, purpose: '2.001178', documentTypes: ['diploma'] }).expect(201);
    const refused = await app.http.post(`/v1/me/consent-requests/${created.body.id}/refuse`).set(await as(people.anh.id)).expect(200);
    expect(refused.body).toMatchObject({ status: 'refused', consentId: null });
    const consents = await app.http.get('/v1/me/consents').set(await as(people.anh.id)).expect(200);
    expect(consents.body.items.some((c: { documentTypes: string[] }) => c.documentTypes.includes('diploma'))).toBe(false);
  });

  it('at a one-stop counter, the official asks and the citizen confirms: the consent records the counter and the official', async () => {
    const official = '082080001234';
    const counter = await signToken(claimsFor({ kind: 'agency', agencyCode: UBND_XA, clientId: 'mot-cua-xa', roles: ['consents:request'], officialId: official }));
    const asked = await app.http.post('/v1/consent-requests').set('Authorization', `Bearer ${counter}`).send({ subject: people.anh.id, purpose: '1.001193', documentTypes: ['birth-certificate'] }).expect(201);
    const consent = await app.http.post(`/v1/me/consent-requests/${asked.body.id}/approve`).set(await as(people.anh.id)).send({}).expect(201);
    expect(consent.body.channel).toBe('counter');
    const { payload } = await verifyReceipt(consent.body.receipt);
    expect(payload).toMatchObject({ channel: 'counter', counterOfficialId: official });
  });

  it('when Ánh approves with no body at all (the body is optional), then 201, as refuse and dossier close accept none', async () => {
    const asked = await app.http.post('/v1/consent-requests').set(await agency(UBND_XA, ['consents:request'])).send({ subject: people.anh.id, purpose: '1.000894', documentTypes: ['marriage-certificate'] }).expect(201);
    const res = await app.http.post(`/v1/me/consent-requests/${asked.body.id}/approve`).set(await as(people.anh.id)).expect(201);
    expectToMatchSchema(res.body, 'consents/consent');
    expect(res.body).toMatchObject({ status: 'active', documentTypes: ['marriage-certificate'], channel: 'agency_request' });
    // A body that is not JSON is still refused, not taken for an empty one.
    const other = await app.http.post('/v1/consent-requests').set(await agency(UBND_XA, ['consents:request'])).send({ subject: people.anh.id, purpose: '1.000894', documentTypes: ['marriage-certificate'] }).expect(201);
    await app.http.post(`/v1/me/consent-requests/${other.body.id}/approve`).set(await as(people.anh.id)).set('Content-Type', 'text/plain').send('yes').expect(415);
  });

  it('needs the consents:request role, and a valid subject', async () => {
    await app.http.post('/v1/consent-requests').set(await agency(UBND_XA, ['prefill'])).send({ subject: people.anh.id, purpose: '1.000894', documentTypes: ['birth-certificate'] }).expect(403);
    const bad = await app.http.post('/v1/consent-requests').set(await agency(UBND_XA, ['consents:request'])).send({ subject: '003190001234', purpose: '1.000894', documentTypes: ['birth-certificate'] }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ pointer: '/subject', rule: 'national_id.unknown_province' });
  });
});

describe('consent requests are for the asking agency\'s own dossiers', () => {
  it('when the commune names the Sở Tư pháp\'s dossier, then 403, as prefill, reads and close answer, and nothing is stored', async () => {
    const foreign = `${SO_TU_PHAP}-261127-0099`;
    const res = await app.http
      .post('/v1/consent-requests')
      .set(await agency(UBND_XA, ['consents:request']))
      .send({ subject: people.anh.id, purpose: '1.000894', dossierCode: foreign, documentTypes: ['birth-certificate'] })
      .expect(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toContain(foreign);
    expect(await rows(app, sql`select 1 from consent_requests where dossier_code = ${foreign}`)).toEqual([]);
    expect(await rows(app, sql`select 1 from audit_entries where dossier_code = ${foreign}`)).toEqual([]);
    const pending = await app.http.get('/v1/me/consent-requests').set(await as(people.anh.id)).expect(200);
    expect(pending.body.items.some((r: { dossierCode: string | null }) => r.dossierCode === foreign)).toBe(false);
  });
});

describe('a consent request does not tell which IDs Motlan holds', () => {
  // Valid numbers (province, century and checksum right) under which Motlan holds nothing.
  const strangers = [
    makeCitizenId({ provinceCode: '087', sex: 'male', birthYear: 1991, serial: 480_215 }),
    makeTaxCode('030198761')!,
    '312987654',
  ];
  const ask = async (subject: string) =>
    app.http
      .post('/v1/consent-requests')
      .set(await agency(UBND_XA, ['consents:request']))
      .send({ subject, purpose: '1.000894', dossierCode: `${UBND_XA}-261128-0015`, documentTypes: ['birth-certificate'], note: 'Để đăng ký kết hôn.' });
  const comparable = (body: Record<string, unknown>, headers: Record<string, string>) => ({
    ...body,
    id: typeof body.id,
    createdAt: typeof body.createdAt,
    location: headers.location?.replace(String(body.id), '{id}'),
    contentType: headers['content-type'],
  });

  it('when the commune asks for an ID Motlan holds and for ones it does not, then the answers are alike: 201, same body, same later status', async () => {
    const held = await ask(people.anh.id);
    expect(held.status).toBe(201);
    for (const stranger of strangers) {
      const unknown = await ask(stranger);
      expect(unknown.status).toBe(201);
      expectToMatchSchema(unknown.body, 'consents/consent-request');
      expect(comparable(unknown.body, unknown.headers)).toEqual(comparable(held.body, held.headers));
      const heldLater = await app.http.get(`/v1/consent-requests/${held.body.id}`).set(await agency(UBND_XA, ['consents:request'])).expect(200);
      const unknownLater = await app.http.get(`/v1/consent-requests/${unknown.body.id}`).set(await agency(UBND_XA, ['consents:request'])).expect(200);
      expect(comparable(unknownLater.body, unknownLater.headers)).toEqual(comparable(heldLater.body, heldLater.headers));
    }
  });

  it('a request for an ID Motlan does not hold reaches no one, and its log entry carries no ID', async () => {
    const stranger = makeCitizenId({ provinceCode: '082', sex: 'female', birthYear: 1979, serial: 903_117 });
    const res = await ask(stranger);
    expect(res.status).toBe(201);
    const [entry] = await rows<{ subject_id: string | null; chain_key: string; action: string }>(app, sql`select subject_id, chain_key, action from audit_entries where request_id = ${res.headers['x-request-id']}`);
    expect(entry).toEqual({ subject_id: null, chain_key: 'system', action: 'consent_request.create' });
    const [stored] = await rows<{ subject_id: string | null; status: string }>(app, sql`select subject_id, status from consent_requests where id = ${res.body.id}`);
    expect(stored).toEqual({ subject_id: null, status: 'pending' });
    // Nobody can approve it: the person is not known here, and no known citizen is addressed.
    await app.http.get('/v1/me/consent-requests').set(await as(stranger)).expect(404);
    await app.http.post(`/v1/me/consent-requests/${res.body.id}/approve`).set(await as(people.anh.id)).expect(404);
  });

  it('a malformed ID is still a 400 that names the field and the rule: that says nothing about who is held', async () => {
    const res = await ask('003191480216');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/subject', rule: expect.stringMatching(/^national_id\./) });
  });
});

describe('legal bases', () => {
  it('operators create and switch them off; agencies read them; citizens may not write them', async () => {
    const operator = { Authorization: `Bearer ${await tokens.operator()}` };
    const body = { procedureCode: '1.000894', documentType: 'birth-certificate', requesterLevel: 'commune', reference: 'Nghị định 87/2020/NĐ-CP (ví dụ kiểm thử)' };
    const created = await app.http.post('/v1/legal-bases').set(operator).send(body).expect(201);
    expectToMatchSchema(created.body, 'consents/legal-basis');
    await app.http.post('/v1/legal-bases').set(operator).send(body).expect(409);
    const off = await app.http.patch(`/v1/legal-bases/${created.body.id}`).set(operator).send({ active: false }).expect(200);
    expect(off.body.active).toBe(false);
    const list = await app.http.get('/v1/legal-bases').set(await agency(UBND_XA, [])).expect(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, active: false })]));
    await app.http.post('/v1/legal-bases').set(await as(people.hang.id)).send(body).expect(403);
  });
});

describe('receipts are Motlan-signed', () => {
  it('publishes exactly one public key, without its private part', async () => {
    const res = await app.http.get('/.well-known/jwks.json').expect(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(res.body.keys[0].d).toBeUndefined();
  });
});
