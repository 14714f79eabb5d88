import { sql } from 'drizzle-orm';
import { makeCitizenId } from '../../src/ids';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { auth, confirmation, daysAgo, dossierCode, people, rows, setUpVault, sign, SO_TU_PHAP, UBND_XA, type AgencySigner } from './documents.support';
import { startRegistries, typed, type KnownPerson } from './registries.support';

const MARRIAGE = '1.000894';
let app: TestApp;
let soTuPhap: AgencySigner;
let xa: { Authorization: string };
let sequence = 0;
const newDossier = (agency = UBND_XA) => dossierCode(agency, daysAgo(0), ++sequence);
// A person the registry confirms but Motlan holds nothing about: every requirement for them is not_held.
const stranger: KnownPerson = { id: makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1990, serial: 77_001 }), name: 'Võ Văn Tài', birthDate: '1990-11-23', sex: 'male' };
let registries: Awaited<ReturnType<typeof startRegistries>>;

beforeAll(async () => {
  registries = await startRegistries([...Object.values(people), stranger]);
  app = await startTestApp({ registries: registries.registries });
  ({ soTuPhap } = await setUpVault(app));
  // Hằng's marital-status confirmation: the commune reuses it under Decree 87/2020 art. 24(7), seeded.
  await app.http.post('/v1/documents').set(await auth()).send(await sign(confirmation('501/2026/XNHN'), soTuPhap)).expect(201);
  xa = await auth(UBND_XA, ['prefill']);
});
afterAll(async () => {
  await app?.close();
  await registries?.close();
});

const marriage = (dossier: string, spouse: KnownPerson = people.phuc) => ({ procedureCode: MARRIAGE, dossierCode: dossier, applicant: typed(people.hang), subjects: [{ role: 'spouse', ...typed(spouse) }] });
type Outcome = { requirementId: string; subjectPosition: number; outcome: string };
const outcomes = (body: { requirements: Outcome[] }) => Object.fromEntries(body.requirements.map((r) => [`${r.requirementId}@${r.subjectPosition}`, r.outcome]));

async function prefilled(dossier = newDossier()): Promise<string> {
  const res = await app.http.post('/v1/prefill').set(xa).send(marriage(dossier)).expect(200);
  expect(outcomes(res.body)).toEqual({
    'birth-certificate-applicant@0': 'not_held',
    'birth-certificate-spouse@1': 'not_held',
    'marital-status-applicant@0': 'reused',
    'marital-status-spouse@1': 'not_held',
  });
  return dossier;
}

describe('a dossier as Motlan knows it', () => {
  it('when prefilled, then it is open and shows its latest prefill, the release and the procedure', async () => {
    const dossier = await prefilled();
    const res = await app.http.get(`/v1/dossiers/${dossier}`).set(xa).expect(200);
    expectToMatchSchema(res.body, 'dossiers/dossier');
    expect(res.body).toMatchObject({ code: dossier, agencyCode: UBND_XA, status: 'open', resolution: null, closedAt: null, procedure: { code: MARRIAGE, level: 'commune', nameVi: 'Đăng ký kết hôn' } });
    expect(res.body.latestPrefill.requirements).toHaveLength(4);
    const reused = res.body.latestPrefill.requirements.find((r: Outcome) => r.outcome === 'reused');
    expect(reused).toMatchObject({ requirementId: 'marital-status-applicant', subjectPosition: 0 });
    expect(res.body.releases).toEqual([expect.objectContaining({ id: reused.releaseId, documentId: reused.documentId, purpose: MARRIAGE })]);
    expect(res.body.feedback).toEqual([]);
  });

  it('when read, then the read is in the access log of the person its documents are about', async () => {
    const dossier = await prefilled();
    await app.http.get(`/v1/dossiers/${dossier}`).set(xa).expect(200);
    const logged = await rows<{ subject_id: string; actor: string }>(app, sql`select subject_id, actor from audit_entries where action = 'dossier.read' and dossier_code = ${dossier}`);
    const [hang] = await rows<{ id: string }>(app, sql`select id from subjects where national_id = ${people.hang.id}`);
    expect(logged).toEqual([{ subject_id: hang!.id, actor: `agency:${UBND_XA}/one-stop-${UBND_XA}` }]);
  });

  it('when an operator reads it, then it is shown; another agency, a citizen or a bad code are refused', async () => {
    const dossier = await prefilled();
    await app.http.get(`/v1/dossiers/${dossier}`).set({ Authorization: `Bearer ${await tokens.operator()}` }).expect(200);
    await app.http.get(`/v1/dossiers/${dossier}`).set(await auth(SO_TU_PHAP, ['prefill'])).expect(403);
    await app.http.get(`/v1/dossiers/${dossier}`).set({ Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` }).expect(403);
    await app.http.get(`/v1/dossiers/${newDossier()}`).set(xa).expect(404);
    const bad = await app.http.get('/v1/dossiers/HS-0001').set(xa).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ in: 'path', pointer: '/code' });
  });
});

describe('outcome feedback', () => {
  const feedback = (dossier: string, items: unknown[], headers = xa) => app.http.post(`/v1/dossiers/${dossier}/feedback`).set(headers).send({ items });
  const stored = (dossier: string) =>
    rows<{ requirement_id: string; subject_position: number; verdict: string; reason: string | null }>(app, sql`select requirement_id, subject_position, verdict, reason from dossier_feedback where dossier_code = ${dossier} order by subject_position, requirement_id`);

  it('when the officer reports verdicts, then each is stored once per requirement and subject, and reporting again replaces it', async () => {
    const dossier = await prefilled();
    const first = await feedback(dossier, [
      { requirementId: 'marital-status-applicant', verdict: 'accepted' },
      { requirementId: 'birth-certificate-spouse', subjectPosition: 1, verdict: 'brought_by_applicant', reason: 'Người yêu cầu nộp bản sao (the applicant brought a copy)' },
    ]).expect(200);
    expectToMatchSchema(first.body, 'dossiers/feedback');
    expect(first.body.items.map((i: { requirementId: string; verdict: string }) => [i.requirementId, i.verdict])).toEqual([['marital-status-applicant', 'accepted'], ['birth-certificate-spouse', 'brought_by_applicant']]);

    await feedback(dossier, [{ requirementId: 'marital-status-applicant', subjectPosition: 0, verdict: 'rejected', reason: 'Quá 6 tháng (older than 6 months)' }]).expect(200);
    expect(await stored(dossier)).toEqual([
      { requirement_id: 'marital-status-applicant', subject_position: 0, verdict: 'rejected', reason: 'Quá 6 tháng (older than 6 months)' },
      { requirement_id: 'birth-certificate-spouse', subject_position: 1, verdict: 'brought_by_applicant', reason: 'Người yêu cầu nộp bản sao (the applicant brought a copy)' },
    ]);
    const view = await app.http.get(`/v1/dossiers/${dossier}`).set(xa).expect(200);
    expect(view.body.feedback).toHaveLength(2);
    const audited = await rows<{ n: number }>(app, sql`select count(*)::int as n from audit_entries where action = 'dossier.feedback' and dossier_code = ${dossier}`);
    expect(audited[0]!.n).toBe(2);
  });

  it('when an item names a requirement the latest prefill did not answer, then 422 points at it and nothing is stored', async () => {
    const dossier = await prefilled();
    const res = await feedback(dossier, [
      { requirementId: 'marital-status-applicant', verdict: 'accepted' },
      { requirementId: 'household-registration', verdict: 'brought_by_applicant' },
      { requirementId: 'marital-status-spouse', subjectPosition: 2, verdict: 'accepted' },
    ]).expect(422);
    expect(res.body.type).toBe('https://motlan.vn/problems/unknown-requirement');
    expect(res.body.errors.map((e: { pointer: string; rule: string }) => [e.pointer, e.rule])).toEqual([
      ['/items/1/requirementId', 'feedback.unknown_requirement'],
      ['/items/2/subjectPosition', 'feedback.unknown_subject_position'],
    ]);
    expect(await stored(dossier)).toEqual([]);
  });

  it('when the same requirement and subject come twice in one report, then 400', async () => {
    const dossier = await prefilled();
    const res = await feedback(dossier, [
      { requirementId: 'marital-status-applicant', verdict: 'accepted' },
      { requirementId: 'marital-status-applicant', subjectPosition: 0, verdict: 'rejected' },
    ]).expect(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/items/1', rule: 'feedback.duplicate' });
  });

  it('when the dossier is unknown, another agency\'s, or the body is wrong, then 404, 403, 400', async () => {
    await feedback(newDossier(), [{ requirementId: 'marital-status-applicant', verdict: 'accepted' }]).expect(404);
    const dossier = await prefilled();
    await feedback(dossier, [{ requirementId: 'marital-status-applicant', verdict: 'accepted' }], await auth(SO_TU_PHAP, ['prefill'])).expect(403);
    await feedback(dossier, [{ requirementId: 'marital-status-applicant', verdict: 'accepted' }], await auth(UBND_XA, ['consents:request'])).expect(403);
    const bad = await feedback(dossier, [{ requirementId: 'marital-status-applicant', verdict: 'maybe' }]).expect(400);
    expect(bad.body.errors[0].pointer).toBe('/items/0/verdict');
    await feedback(dossier, []).expect(400);
  });

  it('when a dossier was closed without any prefill, then there is nothing to give feedback on (422)', async () => {
    const dossier = newDossier();
    await app.http.post(`/v1/dossiers/${dossier}/close`).set(xa).send({ procedureCode: MARRIAGE }).expect(200);
    const res = await feedback(dossier, [{ requirementId: 'marital-status-applicant', verdict: 'accepted' }]).expect(422);
    expect(res.body.detail).toMatch(/no prefill/);
  });
});

describe('closing a dossier', () => {
  const close = (dossier: string, body?: object, headers = xa) => {
    const req = app.http.post(`/v1/dossiers/${dossier}/close`).set(headers);
    return body === undefined ? req : req.send(body);
  };

  it('when closed without a body, then it is resolved, and the dossier row says so', async () => {
    const dossier = await prefilled();
    const res = await close(dossier).expect(200);
    expectToMatchSchema(res.body, 'dossiers/dossier-closure');
    expect(res.body).toMatchObject({ dossierCode: dossier, resolution: 'resolved', procedureCode: MARRIAGE, consentsEnded: 0 });
    const view = await app.http.get(`/v1/dossiers/${dossier}`).set(xa).expect(200);
    expect(view.body).toMatchObject({ status: 'closed', resolution: 'resolved', closedAt: res.body.closedAt });
  });

  it('when a dossier never prefilled is closed, then it gets a row with the procedure named, so the reports count it', async () => {
    const dossier = newDossier();
    const res = await close(dossier, { resolution: 'rejected', procedureCode: MARRIAGE }).expect(200);
    expect(res.body).toMatchObject({ resolution: 'rejected', procedureCode: MARRIAGE });
    const [row] = await rows(app, sql`select agency_code, procedure_code, status, resolution from dossiers where code = ${dossier}`);
    expect(row).toEqual({ agency_code: UBND_XA, procedure_code: MARRIAGE, status: 'closed', resolution: 'rejected' });
  });

  it('when closed again, then the first closing time stays and the resolution is corrected; a recorded procedure is kept', async () => {
    const dossier = await prefilled();
    const first = await close(dossier, { resolution: 'withdrawn' }).expect(200);
    const again = await close(dossier, { resolution: 'resolved', procedureCode: '1.001193' }, await auth(UBND_XA, ['consents:request'])).expect(200);
    expect(again.body).toMatchObject({ closedAt: first.body.closedAt, resolution: 'resolved', procedureCode: MARRIAGE });
  });

  it('when the body, the role or the agency is wrong, then 400 or 403', async () => {
    const dossier = newDossier();
    const bad = await close(dossier, { resolution: 'approved' }).expect(400);
    expect(bad.body.errors[0].pointer).toBe('/resolution');
    await close(dossier, {}, await auth(UBND_XA, ['reports:read'])).expect(403);
    await close(newDossier(SO_TU_PHAP), {}).expect(403);
    const [none] = await rows<{ n: number }>(app, sql`select count(*)::int as n from dossiers where code = ${dossier}`);
    expect(none!.n).toBe(0);
  });

  it('when the spouse is unknown to Motlan, then the prefill still opens the dossier', async () => {
    const dossier = newDossier();
    const res = await app.http.post('/v1/prefill').set(xa).send(marriage(dossier, stranger)).expect(200);
    expect(outcomes(res.body)['marital-status-spouse@1']).toBe('not_held');
    const [row] = await rows(app, sql`select status, procedure_code from dossiers where code = ${dossier}`);
    expect(row).toEqual({ status: 'open', procedure_code: MARRIAGE });
  });
});
