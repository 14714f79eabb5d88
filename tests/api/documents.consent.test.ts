import { sql } from 'drizzle-orm';
import { tokens, startTestApp, type TestApp } from '../support/testApp';
import { auth, confirmation, dossierCode, people, RECENT, rows, setUpVault, sign, UBND_XA, type AgencySigner } from './documents.support';

// Hằng's marital-status confirmation, issued by the Sở Tư pháp, read by the commune (UBND xã).
// 1.000894 (marriage registration) has a seeded legal basis for this type at commune level, so the
// consent journeys use 2.001178, which only consent can open.
const OTHER_PURPOSE = '2.001178';
let app: TestApp;
let soTuPhap: AgencySigner;
let documentId: string;
const hang = async () => ({ Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` });
let xaAuth: { Authorization: string };
const xa = async () => xaAuth;
const read = (purpose = OTHER_PURPOSE, extra = '') => app.http.get(`/v1/documents/${documentId}?purpose=${purpose}${extra}`).set(xaAuth);

beforeAll(async () => {
  app = await startTestApp();
  ({ soTuPhap } = await setUpVault(app));
  xaAuth = await auth(UBND_XA, ['documents:read', 'consents:request']);
  const res = await app.http.post('/v1/documents').set(await auth()).send(await sign(confirmation('301/2026/XNHN'), soTuPhap)).expect(201);
  documentId = res.body.id;
});
afterAll(() => app?.close());

describe('reading another agency\'s document goes through the consent decision', () => {
  it('a legal basis allows exactly its scope: marriage registration at commune level, and the access log names it', async () => {
    const res = await read('1.000894').expect(200);
    expect(res.body.id).toBe(documentId);
    const [entry] = await rows<{ decision: string; rule: string; purpose: string }>(app, sql`select decision, rule, purpose from audit_entries where request_id = ${res.headers['x-request-id']}`);
    expect(entry).toMatchObject({ decision: 'allow', purpose: '1.000894' });
    expect(entry!.rule).toMatch(/^legal_basis:/);
    // The same basis does not stretch to another procedure.
    await read(OTHER_PURPOSE).expect(403);
    // Hằng sees the read in her access log, with the legal text it rested on.
    const log = await app.http.get('/v1/me/access-log').set(await hang()).expect(200);
    const seen = log.body.items.find((e: { requestId: string }) => e.requestId === res.headers['x-request-id']);
    expect(seen.description.vi).toContain('theo quy định pháp luật (Nghị định 87/2020/NĐ-CP, Điều 24 khoản 7');
  });

  it('with consent it is allowed and logged; revocation blocks the very next read', async () => {
    const granted = await app.http.post('/v1/me/consents').set(await hang()).send({ grantee: { agencyCode: UBND_XA }, purposes: [OTHER_PURPOSE], documentTypes: ['marital-status-confirmation'] }).expect(201);
    const allowed = await read().expect(200);
    const [entry] = await rows<{ rule: string }>(app, sql`select rule from audit_entries where request_id = ${allowed.headers['x-request-id']}`);
    expect(entry!.rule).toBe(`consent:${granted.body.id}`);
    // Content under the same consent, and the release is counted once.
    await app.http.get(`/v1/documents/${documentId}/content?purpose=${OTHER_PURPOSE}`).set(await xa()).expect(200);
    const listed = await app.http.get('/v1/me/consents').set(await hang()).expect(200);
    expect(listed.body.items.find((c: { id: string }) => c.id === granted.body.id).uses).toBe(1);

    await app.http.post(`/v1/me/consents/${granted.body.id}/revoke`).set(await hang()).expect(200);
    const denied = await read().expect(403);
    expect(denied.body.denyCode).toBe('consent_revoked');
  });

  it('an expired consent never allows', async () => {
    await app.http.post('/v1/me/consents').set(await hang()).send({ grantee: { agencyCode: UBND_XA }, purposes: [OTHER_PURPOSE], documentTypes: ['marital-status-confirmation'], validUntil: new Date(Date.now() + 1200).toISOString() }).expect(201);
    await read().expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const res = await read().expect(403);
    expect(res.body.denyCode).toBe('consent_expired');
  });

  it('a consent for another agency does not open the door to this one', async () => {
    await app.http.post('/v1/me/consents').set(await hang()).send({ grantee: { agencyCode: '000.00.00.H56' }, purposes: ['1.000466'], documentTypes: ['marital-status-confirmation'] }).expect(201);
    const res = await read('1.000466').expect(403);
    // The refusal names the closest consent: Xã's own earlier ones, which fail on the procedure.
    expect(res.body.denyCode).toBe('other_purpose');
  });

  it('a consent request approved by the citizen unblocks the agency for that dossier', async () => {
    const dossier = dossierCode(UBND_XA, RECENT, 42);
    await read('1.004616', `&dossierCode=${dossier}`).expect(403);
    const request = await app.http.post('/v1/consent-requests').set(await xa()).send({ subject: people.hang.oldId, purpose: '1.004616', dossierCode: dossier, documentTypes: ['marital-status-confirmation'] }).expect(201);
    await app.http.post(`/v1/me/consent-requests/${request.body.id}/approve`).set(await hang()).send({}).expect(201);
    await read('1.004616', `&dossierCode=${dossier}`).expect(200);
    // Scoped to the dossier: another dossier of the same procedure stays closed.
    const other = await read('1.004616', `&dossierCode=${dossierCode(UBND_XA, RECENT, 43)}`).expect(403);
    expect(other.body.denyCode).toBe('other_dossier');
    // When the commune closes the dossier, the consent ends by itself.
    const closed = await app.http.post(`/v1/dossiers/${dossier}/close`).set(xaAuth).expect(200);
    expect(closed.body.consentsEnded).toBe(1);
    const after = await read('1.004616', `&dossierCode=${dossier}`).expect(403);
    expect(after.body.denyCode).toBe('dossier_closed');
    // Another agency's dossier is not the commune's to close.
    await app.http.post(`/v1/dossiers/${dossierCode('000.17.22.H56', RECENT, 1)}/close`).set(xaAuth).expect(403);
    // Nor is it the commune's to read under: the release would land in that agency's dossier.
    const foreign = await read('1.004616', `&dossierCode=${dossierCode('000.17.22.H56', RECENT, 1)}`).expect(403);
    expect(foreign.body.type).toMatch(/\/forbidden$/);
  });

  it('a field-limited consent releases those fields and never the content', async () => {
    await app.http.post('/v1/me/consents').set(await hang()).send({ grantee: { agencyCode: UBND_XA }, purposes: ['1.000122'], documentTypes: ['marital-status-confirmation'], fields: ['fullName', 'maritalStatus'] }).expect(201);
    const res = await read('1.000122').expect(200);
    expect(Object.keys(res.body.fields).sort()).toEqual(['fullName', 'maritalStatus']);
    const content = await app.http.get(`/v1/documents/${documentId}/content?purpose=1.000122`).set(await xa()).expect(403);
    expect(content.body.type).toMatch(/fields-only$/);
  });

  it('listing a subject\'s documents with a purpose shows what the decision releases, and nothing else', async () => {
    const none = await app.http.get(`/v1/subjects/${people.hang.id}/documents?purpose=2.000200`).set(await xa()).expect(200);
    expect(none.body.items).toEqual([]);
    const some = await app.http.get(`/v1/subjects/${people.hang.id}/documents?purpose=1.000894`).set(await xa()).expect(200);
    expect(some.body.items.map((d: { id: string }) => d.id)).toEqual([documentId]);
  });

  it('a content fetch refused under a field-limited consent is logged as a refusal and spends none of its uses', async () => {
    const purpose = '1.001255';
    const second = await app.http.post('/v1/documents').set(await auth()).send(await sign(confirmation('318/2026/XNHN'), soTuPhap)).expect(201);
    const granted = await app.http
      .post('/v1/me/consents')
      .set(await hang())
      .send({ grantee: { agencyCode: UBND_XA }, purposes: [purpose], documentTypes: ['marital-status-confirmation'], fields: ['fullName', 'maritalStatus'], maxUses: 1 })
      .expect(201);

    const refused = await app.http.get(`/v1/documents/${documentId}/content?purpose=${purpose}`).set(await xa()).expect(403);
    expect(refused.body).toMatchObject({ denyCode: 'fields_only' });
    expect(refused.body.type).toMatch(/fields-only$/);
    const entries = await rows<{ action: string; decision: string; rule: string }>(app, sql`select action, decision, rule from audit_entries where request_id = ${refused.headers['x-request-id']}`);
    expect(entries).toEqual([{ action: 'document.content', decision: 'deny', rule: 'deny:fields_only' }]);
    const releases = await rows(app, sql`select 1 from consent_releases where consent_id = ${granted.body.id}`);
    expect(releases).toEqual([]);
    const listed = await app.http.get('/v1/me/consents').set(await hang()).expect(200);
    expect(listed.body.items.find((c: { id: string }) => c.id === granted.body.id)).toMatchObject({ uses: 0, status: 'active' });

    // The one use is still there for the fields of the other confirmation.
    const fields = await app.http.get(`/v1/documents/${second.body.id}?purpose=${purpose}`).set(await xa()).expect(200);
    expect(Object.keys(fields.body.fields).sort()).toEqual(['fullName', 'maritalStatus']);

    // Hằng reads the refusal as a refusal.
    const log = await app.http.get('/v1/me/access-log').set(await hang()).expect(200);
    const seen = log.body.items.find((e: { requestId: string }) => e.requestId === refused.headers['x-request-id']);
    expect(seen).toMatchObject({ decision: 'deny', rule: 'deny:fields_only' });
    expect(seen.description.vi).toContain('đã bị từ chối');
    expect(seen.description.vi).toContain('không cho tải nội dung giấy tờ');
  });
});

describe('a citizen reads their own documents', () => {
  it('Hằng lists and opens her documents; another citizen sees none of them', async () => {
    const list = await app.http.get('/v1/me/documents').set(await hang()).expect(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(documentId);
    const content = await app.http.get(`/v1/me/documents/${documentId}/content`).set(await hang()).expect(200);
    expect(content.headers['content-digest']).toMatch(/^sha-256=:/);
    const anh = { Authorization: `Bearer ${await tokens.citizen(people.anh.id)}` };
    const theirs = await app.http.get('/v1/me/documents').set(anh).expect(200);
    expect(theirs.body.items.map((d: { id: string }) => d.id)).not.toContain(documentId);
    await app.http.get(`/v1/me/documents/${documentId}`).set(anh).expect(404);
    await app.http.get(`/v1/me/documents/${documentId}/content`).set(anh).expect(404);
  });

  it('agencies may not use the citizen routes', async () => {
    await app.http.get('/v1/me/documents').set(xaAuth).expect(403);
  });
});
