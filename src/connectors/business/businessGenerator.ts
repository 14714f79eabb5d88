import { makeTaxCode, PROVINCES, provinceByCode } from '../../ids';
import { foldDiacritics } from '../../names';
import type { Citizen, RegistryAddress } from '../population/populationRegistry';
import { pick, randomInt, seededRandom, weightedPicker, type Random } from '../shared/seededRandom';
import type { Branch, Enterprise, EnterpriseStatus, LegalRepresentative } from './businessRegistry';

export interface BusinessGeneratorOptions {
  seed: number;
  count: number;
  /** Adults who may represent an enterprise; see representativePool. */
  representatives: readonly Pick<LegalRepresentative, 'id' | 'fullName'>[];
  asOfYear?: number;
}

/**
 * ≈ Tax-code region prefixes (N1N2) and the province each stands for, from codes seen in public
 * registers (01 Hà Nội, 03 TP Hồ Chí Minh, …) [U: the full official table was not confirmed].
 * Weights roughly follow where enterprises are registered.
 */
const TAX_REGIONS: ReadonlyArray<readonly [readonly [string, string], number]> = [
  [['01', '001'], 30], [['03', '079'], 35], [['02', '031'], 4], [['04', '048'], 4], [['37', '074'], 5],
  [['36', '075'], 4], [['23', '027'], 2], [['28', '038'], 2], [['29', '040'], 2], [['08', '080'], 2],
];

const LEGAL_FORMS: ReadonlyArray<readonly [Enterprise['legalForm'], number]> = [
  ['tnhh_1tv', 40], ['tnhh', 25], ['co_phan', 25], ['dntn', 7], ['htx', 3],
];
const STATUSES: ReadonlyArray<readonly [EnterpriseStatus, number]> = [['active', 85], ['suspended', 7], ['dissolved', 8]];
const BRANDS = [
  'Thành Công', 'Phú Thịnh', 'Hòa Phát', 'Minh Long', 'An Khang', 'Việt Tiến', 'Hưng Thịnh', 'Tân Phát', 'Đại Dương',
  'Sao Mai', 'Hoàng Gia', 'Nam Việt', 'Phương Đông', 'Bình Minh', 'Kim Ngân', 'Thái Sơn', 'Quang Minh', 'Trường Sơn',
  'Vạn Xuân', 'Hồng Hà', 'Cửu Long', 'Thiên Phúc', 'Đông Á', 'Toàn Cầu',
];
const TRADES: ReadonlyArray<readonly [string, string]> = [
  ['Thương mại và Dịch vụ', 'Trading and Services'], ['Xây dựng', 'Construction'], ['Công nghệ', 'Technology'],
  ['Thực phẩm', 'Food'], ['Vận tải', 'Transport'], ['Xuất nhập khẩu', 'Import Export'], ['Đầu tư', 'Investment'],
  ['Du lịch', 'Tourism'], ['Nông sản', 'Agricultural Products'], ['Cơ khí', 'Mechanical Engineering'],
];
// Odd and not a multiple of 5: n ↦ (n·M + offset) mod 10^7 visits every 7-digit sequence once.
const SEQUENCE_MULTIPLIER = 3_141_593;

/** A deterministic synthetic business register whose representatives come from the population. */
export function* generateBusinesses({ seed, count, representatives, asOfYear = 2025 }: BusinessGeneratorOptions): Generator<Enterprise> {
  if (representatives.length === 0) throw new RangeError('No adults to appoint as legal representatives');
  const random = seededRandom(seed);
  const region = weightedPicker(TAX_REGIONS);
  const legalForm = weightedPicker(LEGAL_FORMS);
  const status = weightedPicker(STATUSES);
  const offset = Math.floor(random() * 10_000_000);
  const issued = new Map<string, number>();

  const nextCode = (prefix: string): string => {
    for (;;) {
      const n = issued.get(prefix) ?? 0;
      if (n >= 10_000_000) throw new RangeError(`Region ${prefix} has no codes left`);
      issued.set(prefix, n + 1);
      const sequence = String((n * SEQUENCE_MULTIPLIER + offset) % 10_000_000).padStart(7, '0');
      // Some prefixes have no valid check digit (S mod 11 = 0), and an all-zero sequence is refused.
      const code = makeTaxCode(`${prefix}${sequence}`);
      if (code) return code;
    }
  };

  for (let i = 0; i < count; i++) {
    const [prefix, provinceCode] = region(random);
    const code = nextCode(prefix);
    const form = legalForm(random);
    const brand = pick(random, BRANDS);
    const [tradeVi, tradeEn] = pick(random, TRADES);
    const registeredYear = randomInt(random, 1995, asOfYear);
    const registeredOn = dateIn(random, registeredYear);
    const state = status(random);
    const names = namesOf(form, brand, tradeVi, tradeEn, random);
    const address = addressIn(random, provinceCode);
    const representativeCount = form === 'co_phan' && random() < 0.3 ? 2 : 1;
    const legalRepresentatives: LegalRepresentative[] = [];
    for (let r = 0; r < representativeCount; r++) {
      const person = pick(random, representatives);
      if (legalRepresentatives.some((l) => l.id === person.id)) continue;
      legalRepresentatives.push({ id: person.id, fullName: person.fullName, title: titleOf(form, r) });
    }
    const branches: Branch[] = [];
    const branchCount = random() < 0.7 ? 0 : randomInt(random, 1, 3);
    for (let b = 1; b <= branchCount; b++) {
      const where = pick(random, PROVINCES).code;
      branches.push({
        code: `${code}-${String(b).padStart(3, '0')}`,
        name: `CHI NHÁNH ${names.vi} TẠI ${(provinceByCode(where)?.name ?? where).toUpperCase()}`,
        address: addressIn(random, where),
        status: state === 'active' ? (random() < 0.9 ? 'active' : 'dissolved') : state,
      });
    }
    yield {
      code,
      names,
      legalForm: form,
      status: state,
      statusSince: state === 'active' ? registeredOn : laterOf(registeredOn, dateIn(random, randomInt(random, registeredYear, asOfYear))),
      address,
      registeredOn,
      // ≈ Log-uniform between 100 million and 100 billion đồng, in whole millions.
      charterCapitalVnd: Math.round(10 ** (8 + random() * 3) / 1e6) * 1e6,
      legalRepresentatives,
      branches,
    };
  }
}

/**
 * A uniform sample (reservoir sampling, deterministic for a seed) of living adults, so the business
 * generator can read a population of any size in one pass and keep only `size` of them.
 */
export async function representativePool(
  citizens: AsyncIterable<Citizen> | Iterable<Citizen>,
  size: number,
  seed: number,
  asOfYear = 2025,
): Promise<Pick<LegalRepresentative, 'id' | 'fullName'>[]> {
  const random = seededRandom(seed ^ 0x5eed);
  const pool: Pick<LegalRepresentative, 'id' | 'fullName'>[] = [];
  let seen = 0;
  for await (const c of citizens) {
    if (c.status !== 'alive' || asOfYear - Number(c.birthDate.slice(0, 4)) < 18) continue;
    seen += 1;
    const entry = { id: c.id, fullName: c.fullName };
    if (pool.length < size) pool.push(entry);
    else {
      const j = Math.floor(random() * seen);
      if (j < size) pool[j] = entry;
    }
  }
  return pool;
}

function namesOf(form: Enterprise['legalForm'], brand: string, tradeVi: string, tradeEn: string, random: Random): Enterprise['names'] {
  const brandAscii = foldDiacritics(brand).toUpperCase();
  const distinctive = `${tradeVi} ${brand}`.toUpperCase();
  switch (form) {
    case 'tnhh_1tv':
      return { vi: `CÔNG TY TNHH MỘT THÀNH VIÊN ${distinctive}`, en: `${brandAscii} ${tradeEn.toUpperCase()} ONE MEMBER COMPANY LIMITED`, abbreviation: `${brandAscii} CO., LTD` };
    case 'tnhh':
      return { vi: `CÔNG TY TNHH ${distinctive}`, en: `${brandAscii} ${tradeEn.toUpperCase()} COMPANY LIMITED`, abbreviation: `${brandAscii} CO., LTD` };
    case 'co_phan':
      return { vi: `CÔNG TY CỔ PHẦN ${distinctive}`, en: `${brandAscii} ${tradeEn.toUpperCase()} JOINT STOCK COMPANY`, abbreviation: `${brandAscii.replace(/ /g, '')} JSC` };
    case 'dntn':
      // Private enterprises rarely register foreign-language names.
      return { vi: `DOANH NGHIỆP TƯ NHÂN ${distinctive}`, en: random() < 0.2 ? `${brandAscii} PRIVATE ENTERPRISE` : null, abbreviation: null };
    case 'htx':
      return { vi: `HỢP TÁC XÃ ${distinctive}`, en: null, abbreviation: null };
  }
}

function titleOf(form: Enterprise['legalForm'], index: number): string {
  if (form === 'dntn') return 'Chủ doanh nghiệp';
  if (form === 'htx') return 'Chủ tịch Hội đồng quản trị';
  if (form === 'co_phan') return index === 0 ? 'Tổng giám đốc' : 'Chủ tịch Hội đồng quản trị';
  return 'Giám đốc';
}

function addressIn(random: Random, provinceCode: string): RegistryAddress {
  return {
    line: `Số ${randomInt(random, 1, 399)} đường ${pick(random, ['Lê Lợi', 'Nguyễn Huệ', 'Trần Phú', 'Hùng Vương', 'Lý Thường Kiệt', 'Cách Mạng Tháng Tám'])}`,
    commune: `Phường ${pick(random, ['Bến Nghé', 'Tân Định', 'Cửa Nam', 'Hàng Bài', 'Thạch Thang', 'Phú Hòa', 'An Lạc'])}`,
    province: provinceByCode(provinceCode)?.name ?? provinceCode,
    provinceCode,
  };
}

function dateIn(random: Random, year: number): string {
  const month = randomInt(random, 1, 12);
  const day = randomInt(random, 1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}
