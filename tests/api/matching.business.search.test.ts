import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { auditEntries } from '../../src/audit/audit.tables';
import { businessClient, startBusinessSimulator, type Citizen, type Enterprise } from '../../src/connectors';
import { generateBusinesses } from '../../src/connectors/business/businessGenerator';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import { makeTaxCode } from '../../src/ids';
import { registryBusinesses, registryBusinessKeys } from '../../src/matching/businessMirror.tables';
import { loadBusinessRegistry } from '../../src/matching/loadBusinessRegistry';
import { foldDiacritics } from '../../src/names';
import { subjectStore } from '../../src/subjects/subjects.store';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { testSettings } from '../unit/connectors/support';

const people: Citizen[] = [...generatePopulation({ seed: 37, count: 400 })].filter((c) => c.status === 'alive' && Number(c.birthDate.slice(0, 4)) < 2000);
const background: Enterprise[] = [...generateBusinesses({ seed: 37, count: 150, representatives: people.slice(0, 200) })];
// Representatives the generated register never appoints, so a search by their ID finds one business.
const [myThoDirector, tienGiangDirector] = people.slice(200);

/** The first valid code after a 9-digit prefix (Tiền Giang's codes begin 12). */
function codeAfter(prefix: number): string {
  for (let p = prefix; ; p++) {
    const code = makeTaxCode(String(p).padStart(9, '0'));
    if (code) return code;
  }
}

const address = (line: string, commune: string, provinceCode: string, province: string) => ({ line, commune, province, provinceCode });

const myTho: Enterprise = {
  code: codeAfter(120_034_567),
  names: { vi: 'CÔNG TY TNHH THƯƠNG MẠI DỊCH VỤ MỸ THO', en: 'MY THO TRADING SERVICES COMPANY LIMITED', abbreviation: 'MY THO TSC CO., LTD' },
  legalForm: 'tnhh',
  status: 'active',
  statusSince: '2012-05-14',
  address: address('Số 45 đường Lê Lợi', 'Phường 1', '082', 'Tiền Giang'),
  registeredOn: '2012-05-14',
  charterCapitalVnd: 5_000_000_000,
  legalRepresentatives: [{ id: myThoDirector!.id, fullName: myThoDirector!.fullName, title: 'Giám đốc' }],
  branches: [],
};
myTho.branches = [
  {
    code: `${myTho.code}-001`,
    name: 'CHI NHÁNH CÔNG TY TNHH THƯƠNG MẠI DỊCH VỤ MỸ THO TẠI TP HỒ CHÍ MINH',
    address: address('Số 12 đường Nguyễn Huệ', 'Phường Bến Nghé', '079', 'TP Hồ Chí Minh'),
    status: 'active',
  },
];
const tienGiang: Enterprise = {
  code: codeAfter(120_078_901),
  names: { vi: 'CÔNG TY CỔ PHẦN XÂY DỰNG TIỀN GIANG', en: 'TIEN GIANG CONSTRUCTION JOINT STOCK COMPANY', abbreviation: 'TGC JSC' },
  legalForm: 'co_phan',
  status: 'active',
  statusSince: '2005-09-01',
  address: address('Số 8 đường Hùng Vương', 'Phường 7', '082', 'Tiền Giang'),
  registeredOn: '2005-09-01',
  charterCapitalVnd: 20_000_000_000,
  legalRepresentatives: [{ id: tienGiangDirector!.id, fullName: tienGiangDirector!.fullName, title: 'Tổng giám đốc' }],
  branches: [],
};
// Shares "Dịch vụ … Mỹ Tho" with the first: ranked below it, never confused with it.
const myThoXanh: Enterprise = {
  ...myTho,
  code: codeAfter(120_056_789),
  names: { vi: 'CÔNG TY TNHH DỊCH VỤ VẬN TẢI MỸ THO XANH', en: null, abbreviation: null },
  address: address('Số 3 đường Trần Phú', 'Phường 4', '082', 'Tiền Giang'),
  legalRepresentatives: [{ id: people[0]!.id, fullName: people[0]!.fullName, title: 'Giám đốc' }],
  branches: [],
};
const realistic = [myTho, tienGiang, myThoXanh];
const register = [...background, ...realistic];

// The generator draws names from a small list, so some repeat: a name the mirror holds twice.
const byName = new Map<string, Enterprise[]>();
for (const e of background) byName.set(e.names.vi, [...(byName.get(e.names.vi) ?? []), e]);
const twins = [...byName.values()].find((list) => list.length === 2)!;

function writeNdjson(enterprises: readonly Enterprise[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-businesses-')), 'businesses.ndjson');
  fs.writeFileSync(file, enterprises.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return file;
}

let business: Awaited<ReturnType<typeof startBusinessSimulator>>;
let app: TestApp;
let bare: TestApp;
let auth: { Authorization: string };
let file: string;

beforeAll(async () => {
  business = await startBusinessSimulator({ dataset: register, port: 0 });
  app = await startTestApp({
    registries: { population: undefined, business: businessClient(testSettings(business.url, { retries: 0, cacheTtlMs: 1, cacheMaxStaleMs: 1, breakerThreshold: 50 })) },
  });
  bare = await startTestApp();
  file = writeNdjson(register);
  await Promise.all([app, bare].map((a) => loadBusinessRegistry(a.database.db, file)));
  auth = { Authorization: `Bearer ${await tokens.agency('000.00.00.H56', ['identity'])}` };
});
afterAll(async () => {
  await Promise.all([app?.close(), bare?.close()]);
  await business?.close();
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
afterEach(() => business.setFaults({}));

const search = (body: object, target: TestApp = app) => target.http.post('/v1/identity/business/search').set(auth).send(body);
const verify = (body: object, target: TestApp = app) => target.http.post('/v1/identity/business/verify').set(auth).send(body);
interface Attribute {
  attribute: string;
  level: string;
  bits: number;
  query: string | null;
  record: string | null;
}
const attribute = (candidate: { attributes: Attribute[] }, name: string) => candidate.attributes.find((a) => a.attribute === name)!;
const auditOf = async (target: TestApp, requestId: string) => target.database.db.select().from(auditEntries).where(eq(auditEntries.requestId, requestId));

describe('loading the business mirror (npm run load:registry)', () => {
  it('when a register file is loaded, then one row per enterprise and per branch; a second load adds none; a branch no longer listed leaves', async () => {
    const rows = async () => (await bare.database.db.select({ n: count() }).from(registryBusinesses))[0]!.n;
    const units = register.reduce((n, e) => n + 1 + e.branches.length, 0);
    expect(await rows()).toBe(units);
    const [branchRow] = await bare.database.db.select().from(registryBusinesses).where(eq(registryBusinesses.code, myTho.branches[0]!.code));
    // A branch row keeps its parent's code, names and representatives.
    expect(branchRow).toMatchObject({ kind: 'branch', enterpriseCode: myTho.code, enterpriseName: myTho.names.vi, provinceCode: '079', legalRepresentatives: myTho.legalRepresentatives });
    const keys = async () => (await bare.database.db.select({ n: count() }).from(registryBusinessKeys))[0]!.n;
    const keyCount = await keys();

    const again = await loadBusinessRegistry(bare.database.db, file);
    expect(again).toEqual({ enterprises: register.length, rows: units });
    expect([await rows(), await keys()]).toEqual([units, keyCount]);

    const withoutBranch = writeNdjson([{ ...myTho, branches: [] }]);
    await loadBusinessRegistry(bare.database.db, withoutBranch);
    expect(await rows()).toBe(units - 1);
    expect(await bare.database.db.select().from(registryBusinessKeys).where(eq(registryBusinessKeys.code, myTho.branches[0]!.code))).toEqual([]);
    await loadBusinessRegistry(bare.database.db, file);
    expect(await rows()).toBe(units);
    fs.rmSync(path.dirname(withoutBranch), { recursive: true, force: true });
  });
});

describe('POST /v1/identity/business/search', () => {
  it('when the name is typed as officers type it (Cty TNHH TM-DV, no diacritics), then the business ranks first as a match, the look-alike below it; explained and audited', async () => {
    const res = await search({ name: 'Cty TNHH TM-DV My Tho', purpose: '1.001612' }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-search-result');
    const [first, ...rest] = res.body.candidates;
    expect(first).toMatchObject({ rank: 1, code: myTho.code, enterpriseCode: myTho.code, kind: 'enterprise', name: myTho.names.vi, status: 'active', decision: 'match', pass: 'name', conflicts: [] });
    expect(attribute(first, 'name')).toMatchObject({ level: 'abbreviation', query: 'Cty TNHH TM-DV My Tho', record: myTho.names.vi });
    expect(attribute(first, 'code').level).toBe('missing');
    expect(res.body.decision).toBe('match');
    expect(res.body.marginBits).toBeGreaterThanOrEqual(6);
    // The prior is 1 / mirror size, as for persons.
    expect(res.body.populationSize).toBe(register.reduce((n, e) => n + 1 + e.branches.length, 0));
    expect(first.priorBits).toBeCloseTo(-Math.log2(res.body.populationSize - 1), 1);
    const lookalike = rest.find((c: { code: string }) => c.code === myThoXanh.code);
    expect(lookalike.decision).not.toBe('match');
    expect(attribute(lookalike, 'name').level).toBe('tokens');
    expect(first.totalBits - lookalike.totalBits).toBeGreaterThanOrEqual(6);
    expect(res.body.candidatesCounted).toBeGreaterThanOrEqual(res.body.candidates.length);
    expect(res.body.model).toEqual({ version: expect.stringMatching(/^vn-business-/), thresholdsVersion: expect.stringMatching(/^business-thresholds-/) });

    const audit = await auditOf(app, res.headers['x-request-id']!);
    expect(audit).toEqual([expect.objectContaining({ action: 'identity.business_search', purpose: '1.001612', rule: expect.stringContaining('matching:match') })]);
  });

  it('when the business is held as a subject and matched, then the access-log entry names it', async () => {
    await app.http.post(`/v1/subjects/${tienGiang.code}/refresh`).set('Authorization', `Bearer ${await tokens.agency('000.00.00.H56', ['subjects:read'])}`).expect(201);
    const held = await subjectStore(app.database.db).findByNationalId('business', tienGiang.code);
    const res = await search({ name: 'Công ty CP Xây dựng Tiền Giang', address: { province: 'Tiền Giang' } }).expect(200);
    expect(res.body.candidates[0]).toMatchObject({ code: tienGiang.code, decision: 'match' });
    expect(await auditOf(app, res.headers['x-request-id']!)).toEqual([expect.objectContaining({ action: 'identity.business_search', subjectId: held!.id })]);
  });

  it('when only the English name is typed, then match at the english level', async () => {
    const res = await search({ englishName: 'My Tho Trading Services Co., Ltd' }).expect(200);
    expect(res.body.candidates[0]).toMatchObject({ code: myTho.code, decision: 'match' });
    expect(attribute(res.body.candidates[0], 'name').level).toBe('english');
  });

  it('when the code is one digit off, then the business is found by its neighbours, with no hard conflict', async () => {
    const mistyped = `${myTho.code.slice(0, 4)}${(Number(myTho.code[4]) + 3) % 10}${myTho.code.slice(5)}`;
    const res = await search({ code: mistyped, name: 'Công ty TNHH Thương mại Dịch vụ Mỹ Tho' }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-search-result');
    expect(res.body.candidates[0]).toMatchObject({ code: myTho.code, decision: 'match', pass: 'code_one_edit', conflicts: [] });
    expect(attribute(res.body.candidates[0], 'code')).toMatchObject({ level: 'one_edit', query: mistyped });
    expect(attribute(res.body.candidates[0], 'name').level).toBe('exact');

    const alone = await search({ code: mistyped }).expect(200);
    expect(alone.body.candidates[0]).toMatchObject({ code: myTho.code, pass: 'code_one_edit', conflicts: [] });
    expect(alone.body.candidates[0].probability).toBeGreaterThan(0.5);
  });

  it('when one letter of the brand is mistyped (Mu for Mỹ, no exact word pair left), then the business is in the top 5 at the one-edit level; with its commune, a match', async () => {
    const res = await search({ name: 'Cty TNHH TM-DV Mu Tho' }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-search-result');
    const top5 = res.body.candidates.slice(0, 5);
    const found = top5.find((c: { code: string }) => c.code === myTho.code);
    expect(found).toMatchObject({ pass: 'name_pair_one_edit' });
    expect(found.decision).not.toBe('non_match');
    expect(attribute(found, 'name')).toMatchObject({ level: 'one_edit', record: myTho.names.vi });

    const located = await search({ name: 'Công ty TNHH Thương mại Dịch vụ Mỹ Tgo', address: { commune: 'Phường 1', province: 'Tiền Giang' } }).expect(200);
    expect(located.body.candidates[0]).toMatchObject({ code: myTho.code, decision: 'match' });
    expect(attribute(located.body.candidates[0], 'name').level).toBe('one_edit');
  });

  it("when the code is right but the name is another company's, then not a match", async () => {
    const res = await search({ code: myTho.code, name: 'Công ty Cổ phần Xây dựng Tiền Giang' }).expect(200);
    const found = res.body.candidates.find((c: { code: string }) => c.code === myTho.code);
    expect(found).toMatchObject({ pass: 'code' });
    expect(attribute(found, 'code').level).toBe('exact');
    expect(found.decision).not.toBe('match');
    expect(res.body.decision).not.toBe('match');
  });

  it("when a branch's name is typed, then the branch ranks first, with its own address and status, under its parent's code", async () => {
    const res = await search({ name: 'Chi nhánh Cty TNHH TM-DV Mỹ Tho tại TP Hồ Chí Minh', address: { commune: 'P. Bến Nghé', province: 'TP HCM' } }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-search-result');
    expect(res.body.candidates[0]).toMatchObject({ code: myTho.branches[0]!.code, enterpriseCode: myTho.code, kind: 'branch', decision: 'match' });
    expect(attribute(res.body.candidates[0], 'address').level).toBe('commune');
    const parent = res.body.candidates.find((c: { code: string }) => c.code === myTho.code);
    if (parent) expect(parent.decision).toBe('non_match');
  });

  it("when only the representative's ID and the province are typed, then the business ranks first as possible, and the representative stays masked", async () => {
    const res = await search({ legalRepresentative: { id: tienGiangDirector!.id }, address: { province: '082' } }).expect(200);
    expectToMatchSchema(res.body, 'matching/business-search-result');
    expect(res.body.candidates[0]).toMatchObject({ code: tienGiang.code, pass: 'representative', decision: 'possible' });
    expect(attribute(res.body.candidates[0], 'representative')).toMatchObject({ level: 'id', query: `********${tienGiangDirector!.id.slice(-4)}` });
    const body = JSON.stringify(res.body);
    expect(body).not.toContain(tienGiangDirector!.id);
    expect(body.toLowerCase()).not.toContain(foldDiacritics(tienGiangDirector!.fullName).toLowerCase());
  });

  it("when the search is by a representative Motlan holds, then the read is in the representative's own access log too", async () => {
    const director = tienGiangDirector!;
    const { subject } = await app.database.db.transaction((tx) =>
      subjectStore(tx).register({ kind: 'citizen', nationalId: director.id, name: director.fullName, birthDate: director.birthDate, sex: director.sex, aliases: [] }),
    );
    const res = await search({ legalRepresentative: { id: director.id }, address: { province: '082' } }).expect(200);
    const entries = await auditOf(app, res.headers['x-request-id']!);
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'identity.business_search', subjectId: subject.id })]));
  });

  it('when two registered businesses share the typed name, then neither is a match until the address tells them apart', async () => {
    const [a, b] = twins;
    const res = await search({ name: a!.names.vi }).expect(200);
    expect(res.body.candidates.slice(0, 2).map((c: { code: string }) => c.code).sort()).toEqual([a!.code, b!.code].sort());
    expect(res.body.candidates.slice(0, 2).map((c: { decision: string }) => c.decision)).not.toContain('match');
    expect(res.body.marginBits).toBeLessThan(6);

    const told = await search({ name: a!.names.vi, address: { line: a!.address.line, commune: a!.address.commune, province: a!.address.provinceCode } }).expect(200);
    expect(told.body.candidates[0].code).toBe(a!.code);
  });

  it('when nothing in the mirror resembles the query, then no candidate is a match, and the search is still logged', async () => {
    const res = await search({ name: 'Công ty TNHH Hoa Sen Vàng Quảng Trị', k: 3 }).expect(200);
    expect(res.body.decision).not.toBe('match');
    expect(res.body.candidates.length).toBeLessThanOrEqual(3);
    expect(await auditOf(app, res.headers['x-request-id']!)).toEqual([expect.objectContaining({ action: 'identity.business_search', subjectId: null })]);
  });

  it('when k is given, then at most k candidates come back', async () => {
    const res = await search({ name: 'Công ty TNHH Xây dựng', k: 2 }).expect(200);
    expect(res.body.candidates.length).toBeLessThanOrEqual(2);
  });

  it('when the body breaks the contract, then 400 naming the field and rule', async () => {
    const short = await search({ code: '012345678', name: 'Mỹ Tho' }).expect(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ pointer: '/code' })]);
    const letters = await search({ code: '01002334AB' }).expect(400);
    expect(letters.body.errors).toEqual([expect.objectContaining({ pointer: '/code', rule: 'tax_code.non_digit' })]);
    const badId = await search({ name: 'Mỹ Tho', legalRepresentative: { id: '999187004521' } }).expect(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ pointer: '/legalRepresentative/id', rule: expect.stringMatching(/^national_id\./) })]);
    await search({ name: 'Mỹ Tho', k: 0 }).expect(400);
    await search({ name: 'Mỹ Tho', k: 21 }).expect(400);
    await search({ name: 'Mỹ Tho', nickname: 'x' }).expect(400);
    // Nothing to look up: no code, no name, no representative's ID.
    await search({ address: { province: '082' } }).expect(400);
    await search({ legalRepresentative: { fullName: 'Nguyễn Văn An' } }).expect(400);
  });

  it('when the client lacks the identity role, then 403, and nothing is logged', async () => {
    const res = await app.http
      .post('/v1/identity/business/search')
      .set('Authorization', `Bearer ${await tokens.agency('000.00.00.H56', ['subjects:read'])}`)
      .send({ name: myTho.names.vi })
      .expect(403);
    expect(await auditOf(app, res.headers['x-request-id']!)).toEqual([]);
    await app.http.post('/v1/identity/business/search').send({ name: myTho.names.vi }).expect(401);
  });
});

describe('POST /v1/identity/business/verify with the business mirror', () => {
  it('when no business registry is configured, then the mirror answers (record.source mirror), branches included', async () => {
    const res = await verify({ code: myTho.code, name: 'Cty TNHH TM-DV My Tho', legalRepresentative: { id: myThoDirector!.id } }, bare).expect(200);
    expectToMatchSchema(res.body, 'matching/business-verification');
    expect(res.body).toMatchObject({ decision: 'match', record: { code: myTho.code, enterpriseCode: myTho.code, kind: 'enterprise', status: 'active', source: 'mirror' } });
    expect(await auditOf(bare, res.headers['x-request-id']!)).toEqual([expect.objectContaining({ action: 'identity.business_verify' })]);

    const branch = await verify({ code: myTho.branches[0]!.code, name: myTho.branches[0]!.name }, bare).expect(200);
    expect(branch.body).toMatchObject({ decision: 'match', record: { kind: 'branch', branchStatus: 'active', source: 'mirror' } });
    const unlisted = await verify({ code: `${myTho.code}-002`, name: myTho.names.vi }, bare).expect(200);
    expect(unlisted.body.conflicts).toEqual([expect.objectContaining({ code: 'branch_not_listed' })]);
  });

  it('when no registry is configured and the mirror holds no copy, then 503 registry-not-configured', async () => {
    const known = new Set(register.map((e) => e.code));
    let prefix = 109_000_001;
    let unknown = codeAfter(prefix);
    while (known.has(unknown)) unknown = codeAfter(++prefix);
    const res = await verify({ code: unknown, name: myTho.names.vi }, bare).expect(503);
    expect(res.body.type).toMatch(/registry-not-configured$/);
  });

  it('when the registry is down, then the mirror answers; for a code the mirror lacks too, 503 with Retry-After', async () => {
    business.setFaults({ outage: { until: new Date(Date.now() + 60_000).toISOString() } });
    const res = await verify({ code: tienGiang.code, name: 'Cty CP XD Tiền Giang' }).expect(200);
    expect(res.body).toMatchObject({ decision: 'match', record: { source: 'mirror', enterpriseCode: tienGiang.code } });
    const missing = await verify({ code: codeAfter(108_000_001), name: tienGiang.names.vi }).expect(503);
    expect(missing.body.type).toMatch(/registry-unavailable$/);
    expect(Number(missing.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('when the registry answers, then it is preferred to the mirror', async () => {
    const res = await verify({ code: tienGiang.code, name: tienGiang.names.vi }).expect(200);
    expect(res.body.record.source).toBe('registry');
  });
});
