import { sql } from 'drizzle-orm';
import { makeCitizenId, makeTaxCode } from '../../src/ids';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const hang = {
  id: makeCitizenId({ provinceCode: '082', sex: 'female', birthYear: 1987, serial: 4521 }),
  name: 'Nguyễn Thị Thu Hằng',
  birthDate: '1987-03-14',
  sex: 'female' as const,
};
const enterprise = makeTaxCode('010023348')!; // 0100233488

async function operator() {
  return { Authorization: `Bearer ${await tokens.operator()}` };
}

async function auditRows(action: string) {
  const rows = await app.database.db.execute(sql`select actor, action, decision, rule, subject_id from audit_entries where action = ${action}`);
  return (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as Array<Record<string, string>>;
}

describe('registering subjects', () => {
  it('when an operator registers a citizen with an old ID card alias, then 201 and the record is stored once', async () => {
    const res = await app.http
      .put(`/v1/subjects/${hang.id}`)
      .set(await operator())
      .send({
        name: hang.name,
        birthDate: hang.birthDate,
        sex: hang.sex,
        registry: { source: 'population', at: '2026-10-01T08:00:00Z', snapshot: { hoTen: hang.name } },
        aliases: [{ kind: 'old_id_card', value: '311234567' }],
      })
      .expect(201);
    expectToMatchSchema(res.body, 'subjects/subject');
    expect(res.body).toMatchObject({ kind: 'citizen', nationalId: hang.id, name: hang.name, birthDate: '1987-03-14', sex: 'female' });
    expect(res.body.aliases).toEqual([{ kind: 'old_id_card', value: '311234567', validFrom: null, validUntil: null }]);
    expect(res.body.registry).toMatchObject({ source: 'population', at: '2026-10-01T08:00:00.000Z' });

    const again = await app.http.put(`/v1/subjects/${hang.id}`).set(await operator()).send({ name: hang.name, birthDate: hang.birthDate, sex: hang.sex, aliases: [{ kind: 'old_id_card', value: '311234567' }] }).expect(200);
    expect(again.body.id).toBe(res.body.id);
    expect(again.body.aliases).toHaveLength(1);
    expect(await auditRows('subject.create')).toHaveLength(1);
    expect(await auditRows('subject.update')).toHaveLength(1);
  });

  it('when the birth year contradicts the ID, then 422 names the field and the rule, and nothing is stored', async () => {
    const id = makeCitizenId({ provinceCode: '001', sex: 'male', birthYear: 1990, serial: 77 });
    const res = await app.http.put(`/v1/subjects/${id}`).set(await operator()).send({ name: 'Trần Văn Hùng', birthDate: '1991-05-02', sex: 'female' }).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/birthDate', rule: 'citizen_id.birth_year' }),
        expect.objectContaining({ pointer: '/sex', rule: 'citizen_id.sex' }),
      ]),
    );
    await app.http.get(`/v1/subjects/${id}`).set(await operator()).expect(404);
  });

  it('when an alias already names another person, then 409 and the second person is not stored either', async () => {
    const other = makeCitizenId({ provinceCode: '079', sex: 'male', birthYear: 1975, serial: 9 });
    await app.http.put(`/v1/subjects/${other}`).set(await operator()).send({ name: 'Lê Văn Tám', aliases: [{ kind: 'old_id_card', value: '311234567' }] }).expect(409);
    await app.http.get(`/v1/subjects/${other}`).set(await operator()).expect(404);
  });

  it('when a business is registered with a birth date, then 400 says the field is for citizens only', async () => {
    const res = await app.http.put(`/v1/subjects/${enterprise}`).set(await operator()).send({ name: 'Công ty TNHH Một Lần', birthDate: '2001-01-01' }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/birthDate', rule: 'citizen_only' })]);
  });

  it('when an alias value is not a valid old ID card, then 400 points at it', async () => {
    const res = await app.http.put(`/v1/subjects/${hang.id}`).set(await operator()).send({ name: hang.name, aliases: [{ kind: 'old_id_card', value: '0791900012' }] }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/aliases/0/value', rule: 'old_id_card.length' })]);
  });

  it('when an agency client tries to register, then 403', async () => {
    await app.http.put(`/v1/subjects/${enterprise}`).set('Authorization', `Bearer ${await tokens.agency('000.00.00.H56', ['subjects:read'])}`).send({ name: 'Công ty cổ phần Sữa Việt Nam' }).expect(403);
  });
});

describe('reading subjects', () => {
  beforeAll(async () => {
    await app.http.put(`/v1/subjects/${enterprise}`).set(await operator()).send({ name: 'Công ty TNHH Thương mại Mỹ Tho' }).expect((r) => expect([200, 201]).toContain(r.status));
  });

  it('when an agency with subjects:read looks up by the old 9-digit ID, then it finds the person and the read is audited', async () => {
    const token = await tokens.agency('000.00.00.H56', ['subjects:read']);
    const res = await app.http.get('/v1/subjects/311234567').set('Authorization', `Bearer ${token}`).expect(200);
    expectToMatchSchema(res.body, 'subjects/subject');
    expect(res.body).toMatchObject({ nationalId: hang.id, name: hang.name });
    const reads = await auditRows('subject.read');
    expect(reads).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'agency:000.00.00.H56/one-stop-000.00.00.H56', decision: 'allow', subject_id: res.body.id })]));
  });

  it('finds a business by its tax code, and a branch by its 13 digits with or without the dash', async () => {
    const token = await tokens.agency('000.00.00.H56', ['subjects:read']);
    const res = await app.http.get(`/v1/subjects/${enterprise}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toMatchObject({ kind: 'business', nationalId: enterprise, name: 'Công ty TNHH Thương mại Mỹ Tho' });

    await app.http.put(`/v1/subjects/${enterprise}-001`).set(await operator()).send({ name: 'Chi nhánh Công ty TNHH Thương mại Mỹ Tho tại Gò Công' }).expect(201);
    const branch = await app.http.get(`/v1/subjects/${enterprise}001`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(branch.body.nationalId).toBe(`${enterprise}-001`);
  });

  it('when a tax code fails its check digit, then 400 with the check-digit rule', async () => {
    const token = await tokens.agency('000.00.00.H56', ['subjects:read']);
    const res = await app.http.get('/v1/subjects/0100233480').set('Authorization', `Bearer ${token}`).expect(400);
    expect(res.body.errors[0].rule).toBe('national_id.check_digit');
  });

  it('when an agency lacks the role, then 403 and nothing is read', async () => {
    const before = (await auditRows('subject.read')).length;
    const res = await app.http.get(`/v1/subjects/${hang.id}`).set('Authorization', `Bearer ${await tokens.agency('000.00.00.H56', ['prefill'])}`).expect(403);
    expect(res.body.detail).toContain('subjects:read');
    expect((await auditRows('subject.read')).length).toBe(before);
  });

  it('when a citizen asks for another person through /v1/subjects, then 403', async () => {
    await app.http.get(`/v1/subjects/${hang.id}`).set('Authorization', `Bearer ${await tokens.citizen(makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1980, serial: 1 }))}`).expect(403);
  });

  it('when the ID is malformed, then 400 names the rule in English and Vietnamese', async () => {
    const token = await tokens.agency('000.00.00.H56', ['subjects:read']);
    const res = await app.http.get('/v1/subjects/003190001234').set('Authorization', `Bearer ${token}`).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'path', pointer: '/id', rule: 'national_id.unknown_province' })]);
    expect(res.body.errors[0].messageVi).toMatch(/tỉnh|mã/i);
    const fullWidth = await app.http.get(`/v1/subjects/${encodeURIComponent('０７９１９０００１２３４')}`).set('Authorization', `Bearer ${token}`).expect(400);
    expect(fullWidth.body.errors[0].rule).toBe('national_id.lookalike_digit');
  });

  it('when nobody is stored under a valid ID, then 404', async () => {
    const token = await tokens.agency('000.00.00.H56', ['subjects:read']);
    await app.http.get(`/v1/subjects/${makeCitizenId({ provinceCode: '096', sex: 'male', birthYear: 2001, serial: 5 })}`).set('Authorization', `Bearer ${token}`).expect(404);
  });
});

describe('GET /v1/me', () => {
  it('when a citizen asks, then they get their own record', async () => {
    const res = await app.http.get('/v1/me').set('Authorization', `Bearer ${await tokens.citizen(hang.id)}`).expect(200);
    expectToMatchSchema(res.body, 'subjects/subject');
    expect(res.body).toMatchObject({ nationalId: hang.id, name: hang.name });
    expect(await auditRows('subject.read')).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'citizen:self', rule: 'self' })]));
  });

  it('when a citizen has no record, then 404 says so plainly', async () => {
    const res = await app.http.get('/v1/me').set('Authorization', `Bearer ${await tokens.citizen(makeCitizenId({ provinceCode: '083', sex: 'female', birthYear: 2002, serial: 88 }))}`).expect(404);
    expect(res.body.detail).toMatch(/no record of you/);
  });

  it('when an agency calls /v1/me, then 403', async () => {
    await app.http.get('/v1/me').set('Authorization', `Bearer ${await tokens.agency('000.00.00.H56', ['subjects:read'])}`).expect(403);
  });
});
