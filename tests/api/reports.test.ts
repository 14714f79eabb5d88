import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { DEFAULT_PLAN } from '../../src/config';
import type { IngestInput } from '../../src/documents/documents.service';
import { makeCitizenId, makeTaxCode } from '../../src/ids';
import { reportService } from '../../src/reports/reports.service';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { auth, confirmation, daysAgo, dossierCode, enterprise, pdf, people, setUpVault, sign, SO_TU_PHAP, UBND_XA, withContent, type AgencySigner } from './documents.support';
import { startRegistries, typed, type KnownPerson } from './registries.support';

const MARRIAGE = '1.000894';
const ENTERPRISE_CHANGE = '2.001610';
// The province's public-service centre: it receives enterprise dossiers and issues no documents of its own here.
const TTHCC = '000.25.22.H56';
const TTHCC_NAME = 'Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp';
const XA_NAME = 'Ủy ban nhân dân xã Mỹ Phong';
// The registries confirm these two, but Motlan holds nothing about them: every requirement for them is not_held.
const strangerSpouse: KnownPerson = { id: makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1992, serial: 88_002 }), name: 'Đặng Quốc Bảo', birthDate: '1992-04-30', sex: 'male' };
const strangerCompany = { id: makeTaxCode('031234567')!, name: 'Công ty Cổ phần Thủy sản Vàm Láng' };
let registries: Awaited<ReturnType<typeof startRegistries>>;

let app: TestApp;
let soTuPhap: AgencySigner;
let xa: { Authorization: string };
let tthcc: { Authorization: string };
let operator: { Authorization: string };
let sequence = 0;
const newDossier = (agency: string) => dossierCode(agency, daysAgo(0), ++sequence);

/** Vietnam month and year of an instant the API returned. */
const vnMonth = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 7);

type Outcome = { requirementId: string; subjectPosition: number; outcome: string };
const outcomes = (body: { requirements: Outcome[] }) => Object.fromEntries(body.requirements.map((r) => [`${r.requirementId}@${r.subjectPosition}`, r.outcome]));

async function ingest(body: IngestInput, headers?: { Authorization: string }, signer: AgencySigner | null = soTuPhap): Promise<string> {
  const res = await app.http.post('/v1/documents').set(headers ?? (await auth())).send(signer ? await sign(body, signer) : body);
  expect({ status: res.status, problem: res.status === 201 ? undefined : res.body }).toEqual({ status: 201 });
  return res.body.id;
}

const birthCertificate = (person: { id: string; name: string }, number: string): IngestInput => ({
  type: 'birth-certificate',
  number,
  issuer: SO_TU_PHAP,
  procedureCode: '1.001193',
  issueDate: daysAgo(2000),
  subjects: [{ role: 'child', id: person.id }],
  fields: { fullName: person.name, birthDate: '1987-03-14', sex: 'female', placeOfBirth: 'Trạm Y tế xã Mỹ Phong, tỉnh Tiền Giang', nationality: 'Việt Nam' },
  content: withContent(pdf(number)),
});

const enterpriseRegistration = (number: string, issuer: string, amendment: number, dossier?: string): IngestInput => ({
  type: 'enterprise-registration',
  number,
  issuer,
  procedureCode: ENTERPRISE_CHANGE,
  ...(dossier ? { dossierCode: dossier } : {}),
  issueDate: daysAgo(amendment ? 0 : 900),
  subjects: [{ role: 'enterprise', id: enterprise.id }],
  fields: { enterpriseName: enterprise.name, legalForm: 'llc_multi_member', headOffice: '12 Lê Lợi, phường 1, thành phố Mỹ Tho', firstRegistrationDate: daysAgo(900), amendment },
  content: withContent(pdf(`${number}-${amendment}`)),
});

const marriage = (dossier: string, applicant: KnownPerson, spouse: KnownPerson) => ({ procedureCode: MARRIAGE, dossierCode: dossier, applicant: typed(applicant), subjects: [{ role: 'spouse', ...typed(spouse) }] });
const enterpriseChange = (dossier: string, company: { id: string; name: string }) => ({ procedureCode: ENTERPRISE_CHANGE, dossierCode: dossier, applicant: { id: company.id, fullName: company.name } });

async function prefill(headers: { Authorization: string }, body: object): Promise<{ requirements: Outcome[]; at: string }> {
  const res = await app.http.post('/v1/prefill').set(headers).send(body).expect(200);
  return res.body;
}
const feedback = (dossier: string, headers: { Authorization: string }, items: object[]) => app.http.post(`/v1/dossiers/${dossier}/feedback`).set(headers).send({ items }).expect(200);
const close = (dossier: string, headers: { Authorization: string }, body: object = {}) => app.http.post(`/v1/dossiers/${dossier}/close`).set(headers).send(body).expect(200);

/** Months of the latest prefill of each dossier: what the report must group by. */
const latestAt: Record<string, string> = {};
const d: Record<string, string> = {};
const closedAt: string[] = [];

/**
 * The data, driven through the public API, with the figures each dossier must contribute:
 *
 * Ủy ban nhân dân xã Mỹ Phong (commune), marriage registration 1.000894, 4 requirements each:
 *   D1 Hằng + Phúc, prefilled twice. First: birth-cert(H) consent_required, birth-cert(P) not_held,
 *      status(H) reused, status(P) not_held → would be 1/4. Phúc's confirmation arrives, second
 *      prefill: status(P) reused too → 2/4. Feedback: status(H) accepted. Counts 2/4 (latest only).
 *   D2 Hằng + Phúc, as D1's second prefill, but status(P) brought_by_applicant → 1/4.
 *   D3 Ánh + a stranger: Motlan holds nothing → 0/4.
 *   Commune: 3 dossiers, 12 required, 3 satisfied (25 %), none not asked again (0 %).
 * Trung tâm PVHCC (province), enterprise change 2.001610, 1 requirement each (legal basis):
 *   E1 reused → 1/1.  E2 stranger company → not_held 0/1.  E3 reused, feedback rejected → 0/1.
 *   E4 reused, feedback accepted → 1/1.
 *   Province: 4 dossiers, 4 required, 2 satisfied (50 %), 2 not asked again (50 %).
 * Total: 7 dossiers, 16 required, 5 satisfied = 31.25 %; 2 of 7 not asked again = 28.57 %.
 * Counting every prefill instead of the latest would give 6 / 20 = 30 %.
 */
beforeAll(async () => {
  registries = await startRegistries([...Object.values(people), strangerSpouse], [enterprise, strangerCompany]);
  app = await startTestApp({ registries: registries.registries });
  ({ soTuPhap } = await setUpVault(app));
  operator = { Authorization: `Bearer ${await tokens.operator()}` };
  await app.http.put(`/v1/agencies/${TTHCC}`).set(operator).send({ name: TTHCC_NAME, level: 'province', parentCode: null, jwks: { keys: [] } }).expect(201);
  await app.http
    .post('/v1/legal-bases')
    .set(operator)
    .send({ procedureCode: ENTERPRISE_CHANGE, documentType: 'enterprise-registration', requesterLevel: 'province', reference: 'Luật Doanh nghiệp 2020 (chưa xác nhận điều khoản)' })
    .expect(201);
  xa = await auth(UBND_XA, ['prefill']);
  tthcc = await auth(TTHCC, ['prefill']);

  await ingest(confirmation('601/2026/XNHN'));
  await ingest(birthCertificate(people.hang, '221/1987/KS'));
  await ingest(enterpriseRegistration('0123456789-DKDN', SO_TU_PHAP, 0));

  d.D1 = newDossier(UBND_XA);
  expect(outcomes(await prefill(xa, marriage(d.D1, people.hang, people.phuc)))).toEqual({
    'birth-certificate-applicant@0': 'consent_required',
    'birth-certificate-spouse@1': 'not_held',
    'marital-status-applicant@0': 'reused',
    'marital-status-spouse@1': 'not_held',
  });
  await ingest(confirmation('602/2026/XNHN', { subjects: [{ role: 'holder', id: people.phuc.id }], fields: { fullName: people.phuc.name, birthDate: '1985-06-02', maritalStatus: 'single', purpose: 'Đăng ký kết hôn' } }));
  const second = await prefill(xa, marriage(d.D1, people.hang, people.phuc));
  expect(outcomes(second)).toMatchObject({ 'marital-status-spouse@1': 'reused', 'birth-certificate-applicant@0': 'consent_required' });
  latestAt.D1 = second.at;
  await feedback(d.D1, xa, [{ requirementId: 'marital-status-applicant', verdict: 'accepted' }]);

  d.D2 = newDossier(UBND_XA);
  latestAt.D2 = (await prefill(xa, marriage(d.D2, people.hang, people.phuc))).at;
  await feedback(d.D2, xa, [{ requirementId: 'marital-status-spouse', subjectPosition: 1, verdict: 'brought_by_applicant', reason: 'Giấy xác nhận ghi sai nơi cư trú (wrong residence on it)' }]);

  d.D3 = newDossier(UBND_XA);
  const third = await prefill(xa, marriage(d.D3, people.anh, strangerSpouse));
  expect(new Set(Object.values(outcomes(third)))).toEqual(new Set(['not_held']));
  latestAt.D3 = third.at;

  for (const [name, company, verdict] of [['E1', enterprise, undefined], ['E2', strangerCompany, undefined], ['E3', enterprise, 'rejected'], ['E4', enterprise, 'accepted']] as const) {
    d[name] = newDossier(TTHCC);
    const answer = await prefill(tthcc, enterpriseChange(d[name], company));
    expect(outcomes(answer)).toEqual({ 'enterprise-registration@0': company === enterprise ? 'reused' : 'not_held' });
    latestAt[name] = answer.at;
    if (verdict) await feedback(d[name], tthcc, [{ requirementId: 'enterprise-registration', verdict }]);
  }
});
afterAll(async () => {
  await app?.close();
  await registries?.close();
});

const get = (path: string, headers = operator) => app.http.get(path).set(headers);
const months = () => [...new Set(Object.values(latestAt).map(vnMonth))].sort();
const range = () => `from=${months()[0]}&to=${months().at(-1)}`;

describe('the reuse report, over data driven through the API', () => {
  it('when grouped by agency, level and procedure, then each figure is the hand-computed one', async () => {
    const res = await get(`/v1/reports/reuse?${range()}&groupBy=agency,level,procedure`).expect(200);
    expectToMatchSchema(res.body, 'reports/reuse-report');
    expect(res.body).toMatchObject({ from: months()[0], to: months().at(-1), timeZone: 'Asia/Ho_Chi_Minh', groupBy: ['agency', 'level', 'procedure'], agencyCode: null, notAskedAgainTargetPercent: 80 });
    expect(res.body.items).toEqual([
      {
        agencyCode: TTHCC, agencyName: TTHCC_NAME, level: 'province', procedureCode: ENTERPRISE_CHANGE, procedureNameVi: 'Đăng ký thay đổi nội dung đăng ký doanh nghiệp',
        dossiers: 4, requiredDocuments: 4, satisfiedWithoutAsking: 2, reuseSharePercent: 50, notAskedAgain: 2, notAskedAgainSharePercent: 50, notAskedAgainTargetMet: false,
      },
      {
        agencyCode: UBND_XA, agencyName: XA_NAME, level: 'commune', procedureCode: MARRIAGE, procedureNameVi: 'Đăng ký kết hôn',
        dossiers: 3, requiredDocuments: 12, satisfiedWithoutAsking: 3, reuseSharePercent: 25, notAskedAgain: 0, notAskedAgainSharePercent: 0, notAskedAgainTargetMet: false,
      },
    ]);
    expect(res.body.total).toEqual({ dossiers: 7, requiredDocuments: 16, satisfiedWithoutAsking: 5, reuseSharePercent: 31.25, notAskedAgain: 2, notAskedAgainSharePercent: 28.57, notAskedAgainTargetMet: false });
  });

  it('when grouped by month, then each dossier counts once, in the month of its latest prefill', async () => {
    const res = await get(`/v1/reports/reuse?${range()}&groupBy=month`).expect(200);
    const expected = months().map((month) => ({ month, dossiers: Object.values(latestAt).filter((at) => vnMonth(at) === month).length }));
    expect(res.body.items.map((i: { month: string; dossiers: number }) => ({ month: i.month, dossiers: i.dossiers }))).toEqual(expected);
    expect(res.body.total.dossiers).toBe(7);
  });

  it('when the later feedback changes a verdict, then the report follows at once', async () => {
    await feedback(d.E3!, tthcc, [{ requirementId: 'enterprise-registration', verdict: 'accepted', reason: 'Đã đối chiếu lại (checked again)' }]);
    try {
      const res = await get(`/v1/reports/reuse?${range()}&groupBy=level`).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ level: 'commune', satisfiedWithoutAsking: 3, reuseSharePercent: 25 }),
        expect.objectContaining({ level: 'province', satisfiedWithoutAsking: 3, reuseSharePercent: 75, notAskedAgain: 3, notAskedAgainSharePercent: 75 }),
      ]);
    } finally {
      await feedback(d.E3!, tthcc, [{ requirementId: 'enterprise-registration', verdict: 'rejected' }]);
    }
  });

  it('when an agency with reports:read asks, then it sees only its own rows', async () => {
    const own = await get(`/v1/reports/reuse?${range()}&groupBy=agency`, await auth(UBND_XA, ['reports:read'])).expect(200);
    expect(own.body.agencyCode).toBe(UBND_XA);
    expect(own.body.items).toEqual([expect.objectContaining({ agencyCode: UBND_XA, dossiers: 3, requiredDocuments: 12, satisfiedWithoutAsking: 3 })]);
    expect(own.body.total).toMatchObject({ dossiers: 3, requiredDocuments: 12, satisfiedWithoutAsking: 3, reuseSharePercent: 25 });
    await get(`/v1/reports/reuse?${range()}&agency=${TTHCC}`, await auth(UBND_XA, ['reports:read'])).expect(403);
    const narrowed = await get(`/v1/reports/reuse?${range()}&groupBy=procedure&agency=${TTHCC}`).expect(200);
    expect(narrowed.body.items).toEqual([expect.objectContaining({ procedureCode: ENTERPRISE_CHANGE, dossiers: 4 })]);
  });

  it('when the range holds none of the dossiers, then the groups are empty and the total is zero', async () => {
    const res = await get('/v1/reports/reuse?from=2024-01&to=2024-12').expect(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.total).toEqual({ dossiers: 0, requiredDocuments: 0, satisfiedWithoutAsking: 0, reuseSharePercent: null, notAskedAgain: 0, notAskedAgainSharePercent: null, notAskedAgainTargetMet: null });
  });

  it('when CSV is asked for, then it is UTF-8 with a BOM, a header row and one line per group', async () => {
    const binary = (res: NodeJS.ReadableStream, done: (e: Error | null, body: unknown) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    };
    const res = await get(`/v1/reports/reuse?${range()}&groupBy=agency`).set('Accept', 'text/csv').buffer(true).parse(binary as unknown as (res: unknown, done: (e: Error | null, body: unknown) => void) => void).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="motlan-reuse-\d{4}-\d{2}_\d{4}-\d{2}\.csv"$/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')).toEqual([
      'agencyCode,agencyName,dossiers,requiredDocuments,satisfiedWithoutAsking,reuseSharePercent,notAskedAgain,notAskedAgainSharePercent,notAskedAgainTargetMet',
      `${TTHCC},${TTHCC_NAME},4,4,2,50,2,50,false`,
      `${UBND_XA},${XA_NAME},3,12,3,25,0,0,false`,
      '',
    ]);
    const byQuery = await get(`/v1/reports/reuse?${range()}&groupBy=level&format=csv`).expect(200);
    expect(byQuery.text.replace(/^\uFEFF/, '').split('\r\n')[1]).toBe('commune,3,12,3,25,0,0,false');
  });

  it('when the months are malformed or reversed, or a dimension unknown, then 400 names the parameter', async () => {
    const bad = async (query: string, pointer: string) => {
      const res = await get(`/v1/reports/reuse?${query}`).expect(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    };
    await bad('from=2026-13&to=2026-12', '/from');
    await bad('from=2026-1&to=2026-12', '/from');
    await bad('from=2026-05&to=2026-04', '/to');
    await bad('groupBy=agency,district', '/groupBy');
    await bad('format=xlsx', '/format');
  });

  it('when a citizen, or an agency without reports:read, asks, then 403', async () => {
    await get('/v1/reports/reuse', { Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` }).expect(403);
    await get('/v1/reports/reuse', xa).expect(403);
    await get('/v1/reports/digitisation', { Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` }).expect(403);
    await app.http.get('/v1/reports/reuse').expect(401);
  });
});

/**
 * Closed: D1 resolved, D2 rejected, D3 left open, X5 (commune, never prefilled, procedure named)
 * resolved; E1, E2, E4 resolved, E3 withdrawn, X6 (the centre, never prefilled, no procedure:
 * the centre's own level) resolved. Results in the vault under D1, E1, and D2 (rejected: not counted).
 *   commune  2 resolved (D1, X5), 1 digitised (D1) → 50 %
 *   province 4 resolved (E1, E2, E4, X6), 1 digitised (E1) → 25 %
 *   total    6 resolved, 2 digitised → 33.33 %
 */
describe('the digitisation report', () => {
  let year: number;

  beforeAll(async () => {
    for (const [code, headers, body] of [
      [d.D1, xa, {}], [d.D2, xa, { resolution: 'rejected' }], [d.E1, tthcc, { resolution: 'resolved' }], [d.E2, tthcc, {}], [d.E3, tthcc, { resolution: 'withdrawn' }], [d.E4, tthcc, {}],
    ] as const) {
      closedAt.push((await close(code!, headers, body)).body.closedAt);
    }
    d.X5 = newDossier(UBND_XA);
    closedAt.push((await close(d.X5, xa, { procedureCode: MARRIAGE })).body.closedAt);
    d.X6 = newDossier(TTHCC);
    closedAt.push((await close(d.X6, tthcc)).body.closedAt);

    const xaWriter = await auth(UBND_XA, ['documents:write']);
    await ingest(
      {
        type: 'marriage-certificate',
        number: `${sequence}/2026/KH`,
        issuer: UBND_XA,
        procedureCode: MARRIAGE,
        dossierCode: d.D1,
        issueDate: daysAgo(0),
        subjects: [{ role: 'spouse', id: people.hang.id }, { role: 'spouse', id: people.phuc.id }],
        fields: { spouses: [{ fullName: people.hang.name, birthDate: '1987-03-14' }, { fullName: people.phuc.name, birthDate: '1985-06-02' }], registrationDate: daysAgo(0), placeOfRegistration: XA_NAME },
        content: withContent(pdf('KH-D1')),
      },
      xaWriter,
      null,
    );
    await ingest({ ...confirmation('603/2026/XNHN'), issuer: UBND_XA, dossierCode: d.D2 }, xaWriter, null);
    await ingest(enterpriseRegistration('0123456789-DKDN-E1', TTHCC, 1, d.E1), await auth(TTHCC, ['documents:write']), null);
    const years = [...new Set(closedAt.map((at) => Number(vnMonth(at).slice(0, 4))))];
    // A run that straddles New Year's Eve in Hà Nội would split the year; it is not worth a clock.
    expect(years).toHaveLength(1);
    year = years[0]!;
  });

  const target = (first: number) => Math.min(100, first + 20 * (year - 2025));

  it('when asked for the year, then resolved and digitised dossiers per level meet the plan\'s targets for that year', async () => {
    const res = await get(`/v1/reports/digitisation?year=${year}`).expect(200);
    expectToMatchSchema(res.body, 'reports/digitisation-report');
    expect(res.body).toMatchObject({ year, timeZone: 'Asia/Ho_Chi_Minh', planStartYear: 2025, planYear: year - 2024, agencyCode: null });
    expect(res.body.items).toEqual([
      { level: 'central', resolved: 0, digitised: 0, sharePercent: null, targetPercent: null, targetMet: null },
      { level: 'province', resolved: 4, digitised: 1, sharePercent: 25, targetPercent: target(30), targetMet: 25 >= target(30) },
      { level: 'district', resolved: 0, digitised: 0, sharePercent: null, targetPercent: target(20), targetMet: null },
      { level: 'commune', resolved: 2, digitised: 1, sharePercent: 50, targetPercent: target(15), targetMet: 50 >= target(15) },
    ]);
    expect(res.body.total).toEqual({ resolved: 6, digitised: 2, sharePercent: 33.33 });
  });

  it('when an agency asks, then only its own dossiers count', async () => {
    const res = await get(`/v1/reports/digitisation?year=${year}`, await auth(UBND_XA, ['reports:read'])).expect(200);
    expect(res.body.agencyCode).toBe(UBND_XA);
    expect(res.body.items.find((i: { level: string }) => i.level === 'commune')).toMatchObject({ resolved: 2, digitised: 1 });
    expect(res.body.items.find((i: { level: string }) => i.level === 'province')).toMatchObject({ resolved: 0, digitised: 0 });
    expect(res.body.total).toEqual({ resolved: 2, digitised: 1, sharePercent: 50 });
  });

  it('when asked for a year before the plan, then nothing is resolved there and no level has a target', async () => {
    const res = await get('/v1/reports/digitisation?year=2024').expect(200);
    expect(res.body.planYear).toBeNull();
    expect(res.body.items.every((i: { resolved: number; targetPercent: number | null }) => i.resolved === 0 && i.targetPercent === null)).toBe(true);
  });

  it('when CSV is asked for, then one line per level follows the header', async () => {
    const res = await get(`/v1/reports/digitisation?year=${year}&format=csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.text.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'level,resolved,digitised,sharePercent,targetPercent,targetMet',
      'central,0,0,,,',
      `province,4,1,25,${target(30)},${25 >= target(30)}`,
      `district,0,0,,${target(20)},`,
      `commune,2,1,50,${target(15)},${50 >= target(15)}`,
      '',
    ]);
  });

  it('when the year is not a year, then 400', async () => {
    const res = await get('/v1/reports/digitisation?year=hai-nghin').expect(400);
    expect(res.body.errors[0].pointer).toBe('/year');
  });
});

/**
 * Month boundaries cannot be reached through the API without a clock, so the statement itself is
 * checked here over rows written straight into the tables, at chosen instants.
 */
describe('the reuse statement, over rows at chosen instants', () => {
  const agency = '000.40.22.H56';
  const insertPrefill = async (dossier: string, at: string, outcomes: string[]) => {
    const id = randomUUID();
    await app.database.db.execute(sql`insert into prefill_requests (id, dossier_code, procedure_code, agency_code, client_id, identity_decision, request_id, created_at)
      values (${id}, ${dossier}, ${MARRIAGE}, ${agency}, 'one-stop-test', 'match', 'req-test', ${at}::timestamptz)`);
    for (const [i, outcome] of outcomes.entries()) {
      await app.database.db.execute(sql`insert into prefill_results (prefill_id, requirement_id, subject_position, outcome, reason_code) values (${id}, ${`req-${i}`}, 0, ${outcome}, 'test')`);
    }
  };

  beforeAll(async () => {
    // 17:30 UTC on 31 January is 00:30 on 1 February in Hà Nội.
    await insertPrefill(`${agency}-250131-0001`, '2025-01-31T17:30:00Z', ['reused', 'reused']);
    await insertPrefill(`${agency}-250131-0002`, '2025-01-31T16:59:00Z', ['reused', 'not_held', 'not_required']);
    // Prefilled in January, then again in March: it belongs to March alone.
    await insertPrefill(`${agency}-250115-0003`, '2025-01-15T03:00:00Z', ['not_held']);
    await insertPrefill(`${agency}-250115-0003`, '2025-03-02T03:00:00Z', ['reused', 'consent_required', 'expired', 'revoked']);
    // Only not_required: nothing to ask, so not asked again.
    await insertPrefill(`${agency}-250210-0004`, '2025-02-10T03:00:00Z', ['not_required']);
  });

  it('puts each dossier in its Vietnam month, once, with its latest prefill', async () => {
    const service = reportService({ db: app.database.db, plan: DEFAULT_PLAN });
    const report = await service.reuse({ agencyCode: agency }, { from: '2025-01', to: '2025-03', groupBy: ['month'] });
    expect(report.items.map(({ month, dossiers, requiredDocuments, satisfiedWithoutAsking, reuseSharePercent, notAskedAgain, notAskedAgainSharePercent }) => ({ month, dossiers, requiredDocuments, satisfiedWithoutAsking, reuseSharePercent, notAskedAgain, notAskedAgainSharePercent }))).toEqual([
      { month: '2025-01', dossiers: 1, requiredDocuments: 2, satisfiedWithoutAsking: 1, reuseSharePercent: 50, notAskedAgain: 0, notAskedAgainSharePercent: 0 },
      { month: '2025-02', dossiers: 2, requiredDocuments: 2, satisfiedWithoutAsking: 2, reuseSharePercent: 100, notAskedAgain: 2, notAskedAgainSharePercent: 100 },
      { month: '2025-03', dossiers: 1, requiredDocuments: 4, satisfiedWithoutAsking: 1, reuseSharePercent: 25, notAskedAgain: 0, notAskedAgainSharePercent: 0 },
    ]);
    expect(report.total).toMatchObject({ dossiers: 4, requiredDocuments: 8, satisfiedWithoutAsking: 4, reuseSharePercent: 50, notAskedAgain: 2, notAskedAgainSharePercent: 50, notAskedAgainTargetMet: false });
  });

  it('leaves out a dossier whose latest prefill is after the range, even if an earlier one is inside it', async () => {
    const service = reportService({ db: app.database.db, plan: DEFAULT_PLAN });
    const january = await service.reuse({ agencyCode: agency }, { from: '2025-01', to: '2025-01', groupBy: ['month'] });
    expect(january.total).toMatchObject({ dossiers: 1, requiredDocuments: 2 });
    // The procedure is not the agency's concern here: level comes from the catalogue even for an unregistered agency.
    const byLevel = await service.reuse({ agencyCode: agency }, { from: '2025-03', to: '2025-03', groupBy: ['agency', 'level'] });
    expect(byLevel.items).toEqual([expect.objectContaining({ agencyCode: agency, agencyName: null, level: 'commune', dossiers: 1 })]);
  });
});
