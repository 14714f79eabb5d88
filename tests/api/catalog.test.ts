import { sql } from 'drizzle-orm';
import type { ProcedureInput } from '../../src/catalog/catalog.types';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { seededProcedures } from '../unit/catalog/seedProcedures';
import { people, rows } from './documents.support';

let app: TestApp;
let operator: { Authorization: string };
let agency: { Authorization: string };
let citizen: { Authorization: string };

beforeAll(async () => {
  app = await startTestApp();
  operator = { Authorization: `Bearer ${await tokens.operator()}` };
  agency = { Authorization: `Bearer ${await tokens.agency('000.31.22.H56', ['prefill'])}` };
  citizen = { Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` };
});
afterAll(() => app?.close());

const seed = seededProcedures();
const seededCodes = seed.map((p) => p.code).sort();
// Independent of src/names on purpose: the test's own idea of "without diacritics".
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** Every page of a listing, following nextCursor; each page checked against the contract. */
async function allPages(query: Record<string, string | number | boolean>, limit = 7): Promise<Array<{ code: string } & Record<string, unknown>>> {
  const items = [];
  let cursor: string | null = null;
  do {
    const res: { body: { items: Array<{ code: string }>; nextCursor: string | null } } = await app.http.get('/v1/procedures').query({ ...query, limit, ...(cursor ? { cursor } : {}) }).set(agency).expect(200);
    expectToMatchSchema(res.body, 'catalog/procedure-list');
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** A small valid procedure: a household-business owner's change of business address. */
const draft = (overrides: Partial<ProcedureInput> = {}): ProcedureInput => ({
  level: 'commune',
  nameVi: 'Thủ tục thử nghiệm thay đổi địa điểm kinh doanh',
  nameEn: 'Trial procedure: change of business address',
  applicantKind: 'citizen',
  requirements: [
    { id: 'household-business', nameVi: 'Giấy chứng nhận đăng ký hộ kinh doanh', nameEn: 'Household-business registration', anyOf: ['household-business-registration'], subject: 'applicant', documentRole: 'owner' },
    { id: 'premises', nameVi: 'Giấy tờ về địa điểm kinh doanh', nameEn: 'Proof of premises', anyOf: ['land-use-right-certificate', 'residence-confirmation'], subject: 'applicant', maxAgeDays: 365 },
  ],
  formFields: [
    { name: 'fullName', labelVi: 'Họ tên chủ hộ', labelEn: 'Owner', sources: [{ kind: 'population', attribute: 'fullName' }], editable: false },
    { name: 'businessAddress', labelVi: 'Địa điểm kinh doanh', labelEn: 'Business address', sources: [{ kind: 'document', documentType: 'household-business-registration', field: 'businessAddress' }, { kind: 'population', attribute: 'currentResidence.line' }], editable: true },
  ],
  codeStatus: 'unconfirmed',
  source: 'Thủ tục thử nghiệm; a test procedure.',
  ...overrides,
});

const auditOf = (code: string) => rows<{ actor: string; action: string; rule: string }>(app, sql`select actor, action, rule from audit_entries where action = 'procedure.put' and purpose = ${code} order by id`);

describe('listing the catalogue', () => {
  it('when an agency pages through it, then it gets every seeded procedure once, in code order', async () => {
    const items = await allPages({});
    expect(items.map((p) => p.code)).toEqual(seededCodes);
  });

  it('when a citizen or an operator lists it, then they may too', async () => {
    for (const who of [citizen, operator]) {
      const res = await app.http.get('/v1/procedures').set(who).expect(200);
      expect(res.body.items).toHaveLength(20);
      expect(res.body.nextCursor).toEqual(expect.any(String));
    }
  });

  it('when filtered by level or applicant kind, then only those come back', async () => {
    const central = await allPages({ level: 'central' });
    expect(central.map((p) => p.code)).toEqual(seed.filter((p) => p.level === 'central').map((p) => p.code).sort());
    expect(central.map((p) => p.code)).toContain('1.000466');
    const business = await allPages({ applicantKind: 'business' }, 2);
    expect(business.map((p) => p.code)).toEqual(seed.filter((p) => p.applicantKind === 'business').map((p) => p.code).sort());
    expect(business.map((p) => p.code)).toContain('2.001610');
  });

  it('when filtered by a document type, then the procedures requiring it come back, alternatives included', async () => {
    for (const type of ['marriage-certificate', 'residence-confirmation', 'enterprise-registration']) {
      const expected = seed.filter((p) => p.requirements.some((r) => r.anyOf.includes(type))).map((p) => p.code).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect((await allPages({ documentType: type }, 3)).map((p) => p.code)).toEqual(expected);
    }
    expect(await allPages({ documentType: 'passport' })).toEqual([]);
  });

  it('when searched by name, then case, diacritics and đ are ignored, in Vietnamese and in English', async () => {
    const byName = (q: string) => seed.filter((p) => fold(q).split(' ').every((w) => fold(`${p.nameVi} ${p.nameEn}`).includes(w))).map((p) => p.code).sort();
    expect((await allPages({ q: 'ket hon' })).map((p) => p.code)).toEqual(['1.000894']);
    expect((await allPages({ q: 'ĐĂNG KÝ KẾT HÔN' })).map((p) => p.code)).toEqual(['1.000894']);
    expect((await allPages({ q: 'thuong tru' })).map((p) => p.code)).toEqual(byName('thuong tru'));
    expect((await allPages({ q: 'driving licence' })).map((p) => p.code)).toEqual(byName('driving licence'));
    expect(byName('driving licence')).toHaveLength(2);
    // Paging over a search: every "đăng ký" procedure once, across pages of two.
    const dangKy = await allPages({ q: 'dang ky' }, 2);
    expect(dangKy.map((p) => p.code)).toEqual(byName('dang ky'));
    expect(dangKy.length).toBeGreaterThan(5);
    expect(await allPages({ q: 'hộ chiếu' })).toEqual([]);
  });

  it('when filters combine, then all of them apply', async () => {
    const codes = (await allPages({ level: 'commune', documentType: 'birth-certificate', applicantKind: 'citizen' })).map((p) => p.code);
    expect(codes).toEqual(seed.filter((p) => p.level === 'commune' && p.applicantKind === 'citizen' && p.requirements.some((r) => r.anyOf.includes('birth-certificate'))).map((p) => p.code).sort());
    expect(codes).toContain('1.000894');
  });

  it('when the query is malformed, then 400 names the parameter', async () => {
    const bad = async (query: Record<string, string>, pointer: string) => {
      const res = await app.http.get('/v1/procedures').query(query).set(agency).expect(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ in: 'query', pointer }));
    };
    await bad({ level: 'district' }, '/level');
    await bad({ limit: '0' }, '/limit');
    await bad({ active: 'maybe' }, '/active');
    await bad({ cursor: Buffer.from('v1:42').toString('base64url') }, '/cursor');
    await bad({ unknown: 'x' }, '/unknown');
  });

  it('when there is no token, then 401', async () => {
    await app.http.get('/v1/procedures').expect(401);
    await app.http.get('/v1/procedures/1.000894').expect(401);
  });
});

describe('reading one procedure', () => {
  it('when an agency reads the marriage registration, then it gets it with an ETag; If-None-Match gives 304', async () => {
    const res = await app.http.get('/v1/procedures/1.000894').set(agency).expect(200);
    expectToMatchSchema(res.body, 'catalog/procedure');
    expect(res.body).toMatchObject({ code: '1.000894', level: 'commune', nameVi: 'Đăng ký kết hôn', applicantKind: 'citizen', codeStatus: 'unconfirmed', active: true });
    expect(res.body.requirements.map((r: { id: string }) => r.id)).toEqual(['birth-certificate-applicant', 'birth-certificate-spouse', 'marital-status-applicant', 'marital-status-spouse']);
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const notModified = await app.http.get('/v1/procedures/1.000894').set(agency).set('If-None-Match', etag).expect(304);
    expect(notModified.headers.etag).toBe(etag);
    expect(notModified.text).toBe('');
    await app.http.get('/v1/procedures/1.000894').set(citizen).set('If-None-Match', `"other", W/${etag}`).expect(304);
    await app.http.get('/v1/procedures/1.000894').set(agency).set('If-None-Match', '"0123"').expect(200);
  });

  it('when the code is not in the catalogue, then 404', async () => {
    const res = await app.http.get('/v1/procedures/9.999999').set(agency).expect(404);
    expect(res.body.type).toBe('https://motlan.vn/problems/not-found');
  });

  it('when the code is malformed or carries an agency suffix, then 400', async () => {
    for (const code of ['1.894', '1000894', '1.000894.000.00.00.H56', 'x.000894']) {
      const res = await app.http.get(`/v1/procedures/${code}`).set(agency).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ in: 'path', pointer: '/code', rule: 'pattern' })]);
    }
  });
});

describe('operators maintain the catalogue', () => {
  it('when an operator puts a new code, then 201 with Location and ETag, the procedure is served, and the access log records it', async () => {
    const res = await app.http.put('/v1/procedures/2.999101').set(operator).send(draft()).expect(201);
    expectToMatchSchema(res.body, 'catalog/procedure');
    expect(res.headers.location).toBe('/v1/procedures/2.999101');
    expect(res.body).toMatchObject({ code: '2.999101', active: true, source: 'Thủ tục thử nghiệm; a test procedure.' });
    const read = await app.http.get('/v1/procedures/2.999101').set(agency).expect(200);
    expect(read.body).toEqual(res.body);
    expect(read.headers.etag).toBe(res.headers.etag);
    expect(await auditOf('2.999101')).toEqual([{ actor: 'operator:operator-test', action: 'procedure.put', rule: 'role:operator' }]);
    expect((await allPages({ documentType: 'household-business-registration' })).map((p) => p.code)).toContain('2.999101');
  });

  it('when an operator replaces it, then 200 with a new ETag; a stale If-Match gives 412 and changes nothing', async () => {
    const first = await app.http.put('/v1/procedures/2.999102').set(operator).send(draft()).expect(201);
    const second = await app.http.put('/v1/procedures/2.999102').set(operator).set('If-Match', first.headers.etag as string).send(draft({ nameVi: 'Thủ tục thử nghiệm, lần hai' })).expect(200);
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect(second.body).toMatchObject({ nameVi: 'Thủ tục thử nghiệm, lần hai', createdAt: first.body.createdAt });
    expect(second.body.location).toBeUndefined();

    const stale = await app.http.put('/v1/procedures/2.999102').set(operator).set('If-Match', first.headers.etag as string).send(draft({ nameVi: 'Lần ba, từ bản cũ' })).expect(412);
    expect(stale.body.type).toBe('https://motlan.vn/problems/precondition-failed');
    // A weak tag never matches an If-Match (strong comparison).
    await app.http.put('/v1/procedures/2.999102').set(operator).set('If-Match', `W/${second.headers.etag}`).send(draft({ nameVi: 'Lần ba, thẻ yếu' })).expect(412);
    const now = await app.http.get('/v1/procedures/2.999102').set(operator).expect(200);
    expect(now.body.nameVi).toBe('Thủ tục thử nghiệm, lần hai');
    expect(now.headers.etag).toBe(second.headers.etag);

    await app.http.put('/v1/procedures/2.999102').set(operator).set('If-Match', `"stale", ${second.headers.etag}`).send(draft({ nameVi: 'Lần ba' })).expect(200);
    await app.http.put('/v1/procedures/2.999102').set(operator).set('If-Match', '*').send(draft({ nameVi: 'Lần bốn' })).expect(200);
    expect((await auditOf('2.999102')).map((e) => e.action)).toEqual(['procedure.put', 'procedure.put', 'procedure.put', 'procedure.put']);
  });

  it('when two operators replace from the same version at once, then one wins and the other gets 412', async () => {
    const first = await app.http.put('/v1/procedures/2.999103').set(operator).send(draft()).expect(201);
    const [a, b] = await Promise.all(
      ['Bản của người thứ nhất', 'Bản của người thứ hai'].map((nameVi) => app.http.put('/v1/procedures/2.999103').set(operator).set('If-Match', first.headers.etag as string).send(draft({ nameVi }))),
    );
    expect([a!.status, b!.status].sort()).toEqual([200, 412]);
    const winner = a!.status === 200 ? a! : b!;
    expect((await app.http.get('/v1/procedures/2.999103').set(agency).expect(200)).body.nameVi).toBe(winner.body.nameVi);
  });

  it('when If-Match is sent for a code that does not exist, then 412 and nothing is created', async () => {
    await app.http.put('/v1/procedures/2.999104').set(operator).set('If-Match', '*').send(draft()).expect(412);
    await app.http.get('/v1/procedures/2.999104').set(agency).expect(404);
    expect(await auditOf('2.999104')).toEqual([]);
  });

  it('when an operator puts active:false, then the procedure is out of service but still readable', async () => {
    await app.http.put('/v1/procedures/2.999105').set(operator).send(draft()).expect(201);
    const off = await app.http.put('/v1/procedures/2.999105').set(operator).send(draft({ active: false })).expect(200);
    expect(off.body.active).toBe(false);
    expect((await allPages({ active: false })).map((p) => p.code)).toContain('2.999105');
    expect((await allPages({ active: true })).map((p) => p.code)).not.toContain('2.999105');
    // A replace without `active` puts it back in service: PUT replaces everything.
    expect((await app.http.put('/v1/procedures/2.999105').set(operator).send(draft()).expect(200)).body.active).toBe(true);
  });

  it('when the body carries a code, then it must be the path’s', async () => {
    await app.http.put('/v1/procedures/2.999106').set(operator).send(draft({ code: '2.999106' })).expect(201);
    const res = await app.http.put('/v1/procedures/2.999107').set(operator).send(draft({ code: '2.999106' })).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'body', pointer: '/code', rule: 'code.path_mismatch' })]);
    await app.http.get('/v1/procedures/2.999107').set(agency).expect(404);
  });

  it('when an agency or a citizen puts a procedure, then 403 and nothing is stored', async () => {
    const admin = { Authorization: `Bearer ${await tokens.agency('000.00.00.H56', ['documents:write', 'documents:read', 'prefill', 'identity', 'subjects:read', 'consents:request', 'reports:read'])}` };
    for (const who of [agency, admin, citizen]) {
      const res = await app.http.put('/v1/procedures/2.999108').set(who).send(draft()).expect(403);
      expect(res.body.detail).toMatch(/operator/);
    }
    await app.http.put('/v1/procedures/1.000894').set(agency).send(draft()).expect(403);
    await app.http.get('/v1/procedures/2.999108').set(operator).expect(404);
    expect((await app.http.get('/v1/procedures/1.000894').set(agency).expect(200)).body.nameVi).toBe('Đăng ký kết hôn');
  });

  it('when the path code is malformed, then 400 before the body is looked at', async () => {
    const res = await app.http.put('/v1/procedures/1.00089').set(operator).send({}).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'path', pointer: '/code' })]);
  });

  it('when the body breaks the schema, then 400 names the field', async () => {
    const missing: Record<string, unknown> = { ...draft() };
    delete missing.nameVi;
    expect((await app.http.put('/v1/procedures/2.999109').set(operator).send(missing).expect(400)).body.errors).toContainEqual(expect.objectContaining({ pointer: '/nameVi', rule: 'required' }));
    // Districts were abolished on 1 July 2025: no new procedure is handled there.
    expect((await app.http.put('/v1/procedures/2.999109').set(operator).send(draft({ level: 'district' })).expect(400)).body.errors).toContainEqual(expect.objectContaining({ pointer: '/level', rule: 'enum' }));
    await app.http.get('/v1/procedures/2.999109').set(operator).expect(404);
  });
});

describe('the catalogue rules beyond the schema (422)', () => {
  const rejected = async (body: ProcedureInput, pointer: string, rule: string) => {
    const res = await app.http.put('/v1/procedures/2.999110').set(operator).send(body).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'https://motlan.vn/problems/invalid-procedure', status: 422 });
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'body', pointer, rule, message: expect.any(String), messageVi: expect.any(String) })]);
    await app.http.get('/v1/procedures/2.999110').set(operator).expect(404);
  };
  const base = draft();

  it('when a requirement names a document type the vault does not have, then 422 points at it', async () => {
    await rejected(draft({ requirements: [base.requirements[0]!, { ...base.requirements[1]!, anyOf: ['land-use-right-certificate', 'so-ho-khau'] }] }), '/requirements/1/anyOf/1', 'document_type.unknown');
  });

  it('when the document role is not a role of every alternative, then 422', async () => {
    await rejected(draft({ requirements: [base.requirements[0]!, { ...base.requirements[1]!, documentRole: 'holder' }] }), '/requirements/1/documentRole', 'document_role.unknown');
  });

  it('when a form field reads an attribute the registry does not have, then 422', async () => {
    await rejected(draft({ formFields: [{ ...base.formFields[0]!, sources: [{ kind: 'population', attribute: 'permanentResidence.street' }] }, base.formFields[1]!] }), '/formFields/0/sources/0/attribute', 'population_attribute.unknown');
    await rejected(draft({ formFields: [{ ...base.formFields[0]!, sources: [{ kind: 'population', attribute: 'sensitive.ethnicity' }] }] }), '/formFields/0/sources/0/attribute', 'population_attribute.sensitive');
  });

  it('when a form field reads a document field that does not exist, then 422', async () => {
    await rejected(draft({ formFields: [base.formFields[0]!, { ...base.formFields[1]!, sources: [{ kind: 'document', documentType: 'household-business-registration', field: 'address' }] }] }), '/formFields/1/sources/0/field', 'document_field.unknown');
  });

  it('when two requirements share an id, then 422 at the second', async () => {
    await rejected(draft({ requirements: [base.requirements[0]!, { ...base.requirements[1]!, id: 'household-business' }] }), '/requirements/1/id', 'requirement.id_duplicate');
  });

  it('when two form fields share a name, then 422 at the second', async () => {
    await rejected(draft({ formFields: [base.formFields[0]!, { ...base.formFields[1]!, name: 'fullName' }] }), '/formFields/1/name', 'form_field.name_duplicate');
  });

  it('when a business procedure reads its applicant from the population database, then 422', async () => {
    await rejected(
      draft({ applicantKind: 'business', requirements: [{ id: 'erc', nameVi: 'Giấy chứng nhận đăng ký doanh nghiệp', nameEn: 'Enterprise registration', anyOf: ['enterprise-registration'], subject: 'applicant', documentRole: 'enterprise' }], formFields: [base.formFields[0]!] }),
      '/formFields/0/sources/0/kind',
      'source.kind_mismatch',
    );
  });

  it('when a business procedure reads a legal representative by index, then it is accepted', async () => {
    const res = await app.http
      .put('/v1/procedures/2.999111')
      .set(operator)
      .send(draft({ applicantKind: 'business', requirements: [], formFields: [{ name: 'secondRepresentative', labelVi: 'Người đại diện thứ hai', labelEn: 'Second representative', sources: [{ kind: 'business', attribute: 'legalRepresentatives.1.fullName' }], editable: true }] }))
      .expect(201);
    expect(res.body.formFields[0].sources).toEqual([{ kind: 'business', attribute: 'legalRepresentatives.1.fullName' }]);
  });

  it('when a body breaks several rules, then each is listed', async () => {
    const res = await app.http
      .put('/v1/procedures/2.999110')
      .set(operator)
      .send(draft({ requirements: [base.requirements[0]!, { ...base.requirements[0]!, anyOf: ['passport'] }], codeStatus: 'confirmed', source: null }))
      .expect(422);
    expect(res.body.errors.map((e: { pointer: string; rule: string }) => `${e.pointer} ${e.rule}`).sort()).toEqual(['/requirements/1/anyOf/0 document_type.unknown', '/requirements/1/id requirement.id_duplicate', '/source source.required']);
    expect(await auditOf('2.999110')).toEqual([]);
  });
});
