import { eq } from 'drizzle-orm';
import { auditEntries } from '../../src/audit/audit.tables';
import { businessClient, startBusinessSimulator, type Citizen, type Enterprise } from '../../src/connectors';
import { generateBusinesses } from '../../src/connectors/business/businessGenerator';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import { makeTaxCode, province2025Of } from '../../src/ids';
import { foldDiacritics } from '../../src/names';
import { subjectStore } from '../../src/subjects/subjects.store';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { testSettings } from '../unit/connectors/support';

const people: Citizen[] = [...generatePopulation({ seed: 31, count: 300 })].filter((c) => c.status === 'alive' && Number(c.birthDate.slice(0, 4)) < 2000);
const enterprises: Enterprise[] = [...generateBusinesses({ seed: 31, count: 80, representatives: people })];

// Words of a registered name past its legal form: what tells two generated enterprises apart.
const LEGAL_FORM_WORDS = new Set('CÔNG TY TNHH MỘT THÀNH VIÊN CỔ PHẦN DOANH NGHIỆP TƯ NHÂN HỢP TÁC XÃ VÀ'.split(' '));
const distinctiveWords = (e: Enterprise) => e.names.vi.split(' ').filter((w) => !LEGAL_FORM_WORDS.has(w));

const active = enterprises.filter((e) => e.status === 'active');
// One whose name has a trade the officer would abbreviate.
const subject = active.find((e) => e.legalForm !== 'htx' && e.legalForm !== 'dntn' && /THƯƠNG MẠI VÀ DỊCH VỤ|XÂY DỰNG|XUẤT NHẬP KHẨU/.test(e.names.vi))!;
const stranger = enterprises.find((e) => e.code !== subject.code && !distinctiveWords(e).some((w) => distinctiveWords(subject).includes(w)))!;
const withBranch = enterprises.find((e) => e.code !== subject.code && e.branches.length > 0)!;
const dissolved = enterprises.find((e) => e.status === 'dissolved');

/** How an officer types it: no diacritics, Cty, TNHH MTV, TM-DV, XD, XNK. */
function abbreviated(vi: string): string {
  return foldDiacritics(vi)
    .replace(/^CONG TY /, 'Cty ')
    .replace('MOT THANH VIEN', 'MTV')
    .replace('CO PHAN', 'CP')
    .replace('THUONG MAI VA DICH VU', 'TM-DV')
    .replace('XAY DUNG', 'XD')
    .replace('XUAT NHAP KHAU', 'XNK');
}

let business: Awaited<ReturnType<typeof startBusinessSimulator>>;
let app: TestApp;
let bare: TestApp;
let auth: { Authorization: string };

beforeAll(async () => {
  business = await startBusinessSimulator({ dataset: enterprises, port: 0 });
  app = await startTestApp({
    registries: {
      population: undefined,
      // No cache to hide an outage, and a breaker that one failing test does not open for the next.
      business: businessClient(testSettings(business.url, { retries: 0, cacheTtlMs: 1, cacheMaxStaleMs: 1, breakerThreshold: 50 })),
    },
  });
  bare = await startTestApp();
  auth = { Authorization: `Bearer ${await tokens.agency('000.00.00.H56', ['identity'])}` };
});
afterAll(async () => {
  await Promise.all([app?.close(), bare?.close()]);
  await business?.close();
});
afterEach(() => business.setFaults({}));

const verify = (body: object, target: TestApp = app) => target.http.post('/v1/identity/business/verify').set(auth).send(body);

describe('POST /v1/identity/business/verify', () => {
  it('when the registered name, address and representative are typed, then match, explained, masked and audited against the subject Motlan holds', async () => {
    const [representative] = subject.legalRepresentatives;
    await app.http.post(`/v1/subjects/${subject.code}/refresh`).set('Authorization', `Bearer ${await tokens.agency('000.00.00.H56', ['subjects:read'])}`).expect(201);
    const res = await verify({
      code: subject.code,
      name: subject.names.vi,
      address: { line: subject.address.line, commune: subject.address.commune, province: subject.address.province },
      legalRepresentative: { fullName: representative!.fullName, id: representative!.id },
      purpose: '1.001612',
    }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-verification');
    expect(res.body).toMatchObject({ decision: 'match', conflicts: [], flags: [], record: { code: subject.code, enterpriseCode: subject.code, kind: 'enterprise', status: 'active', source: 'registry' } });
    const level = (a: string) => res.body.attributes.find((x: { attribute: string }) => x.attribute === a);
    expect(level('name')).toMatchObject({ level: 'exact', bits: expect.any(Number), levelLabel: { vi: expect.any(String), en: expect.stringMatching(/diacritics/) } });
    expect(level('address').level).toBe('line');
    expect(level('representative').level).toBe('id');
    expect(res.body.model.version).toMatch(/^vn-business-/);
    // A representative is a person: neither the ID nor the full name comes back.
    expect(JSON.stringify(res.body)).not.toContain(representative!.id);
    expect(JSON.stringify(res.body).toLowerCase()).not.toContain(foldDiacritics(representative!.fullName).toLowerCase());

    const held = await subjectStore(app.database.db).findByNationalId('business', subject.code);
    const audit = await app.database.db.select().from(auditEntries).where(eq(auditEntries.requestId, res.headers['x-request-id']!));
    expect(audit).toEqual([
      expect.objectContaining({ action: 'identity.business_verify', subjectId: held!.id, purpose: '1.001612', rule: expect.stringContaining('matching:match') }),
    ]);
  });

  it('when the name is typed without diacritics and with abbreviations, then match', async () => {
    const typed = abbreviated(subject.names.vi);
    expect(typed).not.toBe(foldDiacritics(subject.names.vi));
    const res = await verify({ code: subject.code, name: typed }).expect(200);
    expect(res.body.decision).toBe('match');
    expect(res.body.attributes.find((a: { attribute: string }) => a.attribute === 'name').level).toBe('abbreviation');
  });

  it('when the address is typed under its province since 1 July 2025, then its commune still agrees, explained as that province', async () => {
    const moved = active.find((e) => province2025Of(e.address.provinceCode)!.formerCodes.length > 1)!;
    const province = province2025Of(moved.address.provinceCode)!;
    const res = await verify({ code: moved.code, name: moved.names.vi, address: { commune: moved.address.commune, province: province.name } }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-verification');
    expect(res.body.decision).toBe('match');
    expect(res.body.attributes.find((a: { attribute: string }) => a.attribute === 'address')).toMatchObject({ level: 'commune', levelLabel: { en: expect.stringContaining('1 July 2025') } });
  });

  it("when another company's name is typed, then non_match", async () => {
    const res = await verify({ code: subject.code, name: stranger.names.vi }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-verification');
    expect(res.body.decision).toBe('non_match');
    expect(res.body.probability).toBeLessThan(0.5);
  });

  it('when a branch code is given (with or without its hyphen), then the branch is verified under its parent', async () => {
    const branch = withBranch.branches[0]!;
    const res = await verify({ code: branch.code, name: branch.name, address: { commune: branch.address.commune, province: branch.address.provinceCode } }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-verification');
    expect(res.body).toMatchObject({ decision: 'match', record: { code: branch.code, enterpriseCode: withBranch.code, kind: 'branch', branchStatus: branch.status } });
    expect(res.body.attributes.find((a: { attribute: string }) => a.attribute === 'code').level).toBe('branch');
    const bare13 = await verify({ code: branch.code.replace('-', ''), name: withBranch.names.vi }).expect(200);
    expect(bare13.body.record.code).toBe(branch.code);
  });

  it('when a branch code is not in its parent\'s list, then a hard conflict withholds match', async () => {
    const suffix = String(withBranch.branches.length + 1).padStart(3, '0');
    const res = await verify({ code: `${withBranch.code}-${suffix}`, name: withBranch.names.vi }).expect(200);
    expect(res.body.decision).not.toBe('match');
    expect(res.body.conflicts).toEqual([expect.objectContaining({ code: 'branch_not_listed', hard: true })]);
  });

  (dissolved ? it : it.skip)('when the enterprise is dissolved, then it is flagged, not refused', async () => {
    const res = await verify({ code: dissolved!.code, name: dissolved!.names.vi }).expect(200);
    expect(res.body.flags.map((f: { code: string }) => f.code)).toContain('enterprise_dissolved');
    expect(res.body.record.status).toBe('dissolved');
  });

  it('when no enterprise has the code, then 404', async () => {
    const known = new Set(enterprises.map((e) => e.code));
    let n = 1;
    let unknown = makeTaxCode(`0109${String(n).padStart(5, '0')}`);
    while (!unknown || known.has(unknown)) unknown = makeTaxCode(`0109${String(++n).padStart(5, '0')}`);
    const res = await verify({ code: unknown, name: subject.names.vi }).expect(404);
    expect(res.body.type).toMatch(/not-found$/);
  });

  it('when the business registry is down, then 503 with Retry-After; when it answers off its contract, 502', async () => {
    business.setFaults({ outage: { until: new Date(Date.now() + 60_000).toISOString() } });
    const down = await verify({ code: subject.code, name: subject.names.vi }).expect(503);
    expect(down.body.type).toMatch(/registry-unavailable$/);
    expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
    business.setFaults({ malformedRate: 1 });
    await verify({ code: subject.code, name: subject.names.vi }).expect(502);
  });

  it('when no business registry is configured and the business mirror holds no copy, then 503 registry-not-configured', async () => {
    const res = await verify({ code: subject.code, name: subject.names.vi }, bare).expect(503);
    expect(res.body.type).toMatch(/registry-not-configured$/);
  });

  it('when the client lacks the identity role, then 403, and nothing is logged', async () => {
    const res = await app.http
      .post('/v1/identity/business/verify')
      .set('Authorization', `Bearer ${await tokens.agency('000.00.00.H56', ['subjects:read'])}`)
      .send({ code: subject.code, name: subject.names.vi })
      .expect(403);
    const audit = await app.database.db.select().from(auditEntries).where(eq(auditEntries.requestId, res.headers['x-request-id']!));
    expect(audit.filter((a) => a.action === 'identity.business_verify')).toEqual([]);
  });

  it('when the code is malformed or the body breaks the contract, then 400', async () => {
    const badCheck = `${subject.code.slice(0, 9)}${(Number(subject.code[9]) + 1) % 10}`;
    const wrong = await verify({ code: badCheck, name: subject.names.vi }).expect(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ pointer: '/code', rule: expect.stringMatching(/^tax_code\./) })]);
    await verify({ code: '12345', name: subject.names.vi }).expect(400);
    await verify({ code: `${subject.code}-000` }).expect(400);
    await verify({ code: subject.code, nickname: 'x' }).expect(400);
    await verify({ code: subject.code, legalRepresentative: { id: '999187004521' } }).expect(400);
  });
});
