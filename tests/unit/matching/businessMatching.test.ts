import type { Enterprise } from '../../../src/connectors';
import { makeCitizenId, makeTaxCode, parseTaxCode, type TaxCode } from '../../../src/ids';
import { expandAbbreviations, weightedJaccard } from '../../../src/matching/businessAbbreviations';
import { compareAddress, compareBusiness, compareName, compareRepresentative, nameLevel, type BusinessClaims } from '../../../src/matching/businessComparisons';
import { BUSINESS_MODEL, decideBusiness, explainBusiness, scoreBusiness } from '../../../src/matching/businessModel';

const code = makeTaxCode('031234567')!;
const representativeId = makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1978, serial: 4521 });
const otherId = makeCitizenId({ provinceCode: '079', sex: 'female', birthYear: 1985, serial: 1290 });

const myTho: Enterprise = {
  code,
  names: { vi: 'Công ty TNHH Thương mại Dịch vụ Mỹ Tho', en: 'MY THO TRADING AND SERVICES COMPANY LIMITED', abbreviation: 'MY THO CO., LTD' },
  legalForm: 'tnhh',
  status: 'active',
  statusSince: '2012-03-14',
  address: { line: 'Số 45 đường Ấp Bắc', commune: 'Phường 5', province: 'Tiền Giang', provinceCode: '082' },
  registeredOn: '2012-03-14',
  charterCapitalVnd: 5_000_000_000,
  legalRepresentatives: [{ id: representativeId, fullName: 'Nguyễn Văn Hùng', title: 'Giám đốc' }],
  branches: [
    {
      code: `${code}-001`,
      name: 'CHI NHÁNH CÔNG TY TNHH THƯƠNG MẠI DỊCH VỤ MỸ THO TẠI CẦN THƠ',
      address: { line: 'Số 12 đường Trần Phú', commune: 'Phường Cái Khế', province: 'Cần Thơ', provinceCode: '092' },
      status: 'active',
    },
  ],
};

const parsed = (s: string): TaxCode => {
  const r = parseTaxCode(s);
  if (!r.ok) throw new Error(r.error.message.en);
  return r.value;
};
const verify = (claims: Omit<BusinessClaims, 'code'> & { code?: string }, enterprise: Enterprise = myTho) => {
  const score = scoreBusiness(BUSINESS_MODEL, compareBusiness({ ...claims, code: parsed(claims.code ?? code) }, enterprise));
  return { score, decision: decideBusiness(BUSINESS_MODEL, score), level: (a: string) => score.attributes.find((x) => x.attribute === a)!.level };
};

describe('abbreviations', () => {
  it('expands the common Vietnamese abbreviations, hyphenated or not, and leaves ambiguous ones alone', () => {
    expect(expandAbbreviations('Cty TNHH TM-DV My Tho')).toBe('cong ty trach nhiem huu han thuong mai dich vu my tho');
    expect(expandAbbreviations('CTCP XNK Thủy sản Cửu Long')).toBe('cong ty co phan xuat nhap khau thuy san cuu long');
    // CN is chi nhánh, công nghệ or công nghiệp: not guessed.
    expect(expandAbbreviations('Cty CN Sao Mai')).toBe('cong ty cn sao mai');
  });

  it('weighs generic trade words less than distinctive ones', () => {
    const a = ['thuong', 'mai', 'dich', 'vu', 'my', 'tho'];
    const b = ['thuong', 'mai', 'dich', 'vu', 'phu', 'thinh'];
    // Plain Jaccard would be 4/8 = 0.5; the shared words here are all generic.
    expect(weightedJaccard(a, b)).toBeCloseTo(1 / 5, 5);
    expect(weightedJaccard(['sao', 'mai', 'xay', 'dung'], ['sao', 'mai', 'dau', 'tu'])).toBeGreaterThan(0.5);
  });
});

describe('name levels', () => {
  it('"Cty TNHH TM-DV My Tho" reaches the registered "Công ty TNHH Thương mại Dịch vụ Mỹ Tho" by abbreviation', () => {
    expect(nameLevel('Cty TNHH TM-DV My Tho', myTho.names.vi, 'vi').level).toBe('abbreviation');
  });

  it('orders exact, folded, legal form only, English alias, registered abbreviation, tokens and different', () => {
    expect(nameLevel('CÔNG TY TNHH THƯƠNG MẠI DỊCH VỤ MỸ THO', myTho.names.vi, 'vi').level).toBe('exact');
    expect(nameLevel('Cong ty TNHH Thuong mai Dich vu My Tho', myTho.names.vi, 'vi').level).toBe('folded');
    // Cty is recognised by the legal-form separation itself: no table needed.
    expect(nameLevel('Cty TNHH Thương mại Dịch vụ Mỹ Tho', myTho.names.vi, 'vi').level).toBe('folded');
    expect(nameLevel('Công ty Cổ phần Thương mại Dịch vụ Mỹ Tho', myTho.names.vi, 'vi').level).toBe('legal_form');
    // A one-member LLC against a plain LLC is not a different legal form.
    expect(nameLevel('Công ty TNHH MTV Thương mại Dịch vụ Mỹ Tho', myTho.names.vi, 'vi').level).toBe('folded');
    expect(nameLevel('My Tho Trading and Services Co., Ltd', myTho.names.en!, 'en').level).toBe('english');
    expect(nameLevel('My Tho Co., Ltd.', myTho.names.abbreviation!, 'abbreviation').level).toBe('abbreviation');
    expect(nameLevel('Công ty TNHH Dịch vụ Mỹ Tho Tiền Giang', myTho.names.vi, 'vi').level).toBe('tokens');
    expect(nameLevel('Công ty TNHH Thương mại Dịch vụ Phú Thịnh', myTho.names.vi, 'vi').level).toBe('different');
  });

  it('takes the best level over the typed Vietnamese and English names and every registered name, and reports the similarity', () => {
    const viaEnglish = compareName({ name: 'Cty ABC', englishName: 'My Tho Trading & Services Company Limited' }, myTho, null);
    expect(viaEnglish).toMatchObject({ level: 'english', record: myTho.names.en });
    expect(compareName({}, myTho, null)).toMatchObject({ level: 'missing', query: null });
    expect(compareName({ name: 'Công ty TNHH Dịch vụ Mỹ Tho Tiền Giang' }, myTho, null).similarity).toBeGreaterThanOrEqual(0.5);
  });
});

describe('address and representative levels', () => {
  it('compares the street, the commune (with or without its kind) and the province (by name or code)', () => {
    expect(compareAddress({ line: '45 Ấp Bắc', commune: 'P. 5', province: 'Tiền Giang' }, myTho.address).level).toBe('line');
    expect(compareAddress({ commune: 'phuong 5', province: '082' }, myTho.address).level).toBe('commune');
    expect(compareAddress({ commune: 'Phường 6', province: 'Tien Giang' }, myTho.address).level).toBe('province');
    expect(compareAddress({ province: 'Hà Nội' }, myTho.address).level).toBe('different');
    expect(compareAddress({ commune: 'Phường 5' }, myTho.address).level).toBe('missing');
    expect(compareAddress(undefined, myTho.address)).toMatchObject({ level: 'missing', record: null });
  });

  it('a province typed as it is since 1 July 2025 (Tiền Giang is in the new Đồng Tháp, 82) agrees at the same levels, a bit less, and says so', () => {
    expect(compareAddress({ commune: 'Phường 5', province: 'Tỉnh Đồng Tháp' }, myTho.address)).toMatchObject({ level: 'commune', spans: 2 });
    expect(compareAddress({ province: '82' }, myTho.address)).toMatchObject({ level: 'province', spans: 2 });
    expect(compareAddress({ province: 'Vĩnh Long' }, myTho.address)).toMatchObject({ level: 'different' });
    expect(compareAddress({ province: 'Tiền Giang' }, myTho.address).spans).toBeUndefined();
    const name = 'Công ty Cổ phần Thương mại Dịch vụ Mỹ Tho';
    const address = (province: string) => verify({ name, address: { commune: 'Phường 5', province } }).score;
    const bits = (s: ReturnType<typeof address>) => s.attributes.find((a) => a.attribute === 'address')!.bits;
    expect(bits(address('Đồng Tháp'))).toBeCloseTo(bits(address('Tiền Giang')) - 1, 6);
    const explained = explainBusiness(BUSINESS_MODEL, address('Đồng Tháp')).attributes.find((a) => a.attribute === 'address')!;
    expect(explained.levelLabel.en).toMatch(/1 July 2025/);
  });

  it('matches the representative by ID, else by folded name, and masks both sides', () => {
    const byId = compareRepresentative({ id: representativeId, fullName: 'Trần Thị Lan' }, myTho.legalRepresentatives);
    expect(byId).toMatchObject({ level: 'id', query: `********${representativeId.slice(-4)}`, record: `********${representativeId.slice(-4)}` });
    expect(compareRepresentative({ id: otherId, fullName: 'Nguyễn Văn Hùng' }, myTho.legalRepresentatives).level).toBe('different');
    const byName = compareRepresentative({ fullName: 'NGUYEN VAN HUNG' }, myTho.legalRepresentatives);
    expect(byName).toMatchObject({ level: 'name', query: 'n****n v*n h**g', record: 'n****n v*n h**g' });
    expect(compareRepresentative({ fullName: 'Lê Thị Mai' }, myTho.legalRepresentatives).level).toBe('different');
    expect(compareRepresentative({}, myTho.legalRepresentatives).level).toBe('missing');
  });
});

describe('decisions', () => {
  it('when the name is typed without diacritics and with abbreviations, then match', () => {
    const v = verify({ name: 'Cty TNHH TM-DV My Tho' });
    expect(v.level('name')).toBe('abbreviation');
    expect(v.level('code')).toBe('enterprise');
    expect(v.decision).toBe('match');
  });

  it('when another company\'s name is typed, then non_match, and a matching address and representative lift it only to possible', () => {
    expect(verify({ name: 'Công ty TNHH Thương mại Dịch vụ Phú Thịnh' }).decision).toBe('non_match');
    const strong = verify({ name: 'Công ty TNHH Thương mại Dịch vụ Phú Thịnh', address: { line: 'Số 45 Ấp Bắc', commune: 'Phường 5', province: 'Tiền Giang' }, legalRepresentative: { id: representativeId } });
    expect(strong.decision).toBe('possible');
  });

  it('when only the legal form differs, then possible, and the same commune makes it a match', () => {
    const name = 'Công ty Cổ phần Thương mại Dịch vụ Mỹ Tho';
    expect(verify({ name }).decision).toBe('possible');
    expect(verify({ name, address: { commune: 'Phường 5', province: 'Tiền Giang' } }).decision).toBe('match');
  });

  it('when a branch code is given, then the branch is compared: its name and its own address', () => {
    const v = verify({ code: `${code}-001`, name: 'Chi nhánh Cty TNHH TM DV Mỹ Tho tại Cần Thơ', address: { commune: 'Cái Khế', province: 'Cần Thơ' } });
    expect(v.level('code')).toBe('branch');
    expect(v.level('name')).toBe('abbreviation');
    expect(v.level('address')).toBe('commune');
    expect(v.decision).toBe('match');
  });

  it('when the branch code is not in the parent\'s list, then a hard conflict forbids match', () => {
    const v = verify({ code: `${code}-002`, name: myTho.names.vi });
    expect(v.level('code')).toBe('different');
    expect(v.score.conflicts).toEqual(['branch_not_listed']);
    expect(v.score.probability).toBeGreaterThan(0.999);
    expect(v.decision).toBe('possible');
  });

  it('when the enterprise is dissolved, then it is flagged but still recognised', () => {
    const dissolved: Enterprise = { ...myTho, status: 'dissolved', statusSince: '2023-09-30' };
    const v = verify({ name: myTho.names.vi }, dissolved);
    expect(v.score.flags).toEqual(['enterprise_dissolved']);
    expect(v.score.conflicts).toEqual([]);
    expect(v.decision).toBe('match');
    const explained = explainBusiness(BUSINESS_MODEL, v.score);
    expect(explained.flags).toEqual([{ code: 'enterprise_dissolved', vi: 'Doanh nghiệp đã giải thể', en: 'The enterprise is dissolved' }]);
    expect(explained.model.version).toBe('vn-business-2026-11.2');
    expect(explained.attributes.find((a) => a.attribute === 'name')!.levelLabel.en).toMatch(/diacritics included/);
  });
});
