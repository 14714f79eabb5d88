import { generateBusinesses, representativePool } from '../../connectors/business/businessGenerator';
import type { Enterprise } from '../../connectors';
import { generatePopulation } from '../../connectors/population/populationGenerator';
import { province2025Of, provinceByCode } from '../../ids';
import { foldDiacritics } from '../../names';
import { pick, randomInt, seededRandom, weightedPicker, type Random } from '../../connectors/shared/seededRandom';
import { businessNameWords, memoryBusinessIndex, typedCodeOf } from '../businessBlocking';
import { businessMirrorRowsOf, type BusinessMirrorRow } from '../businessMirrorRow';
import type { BusinessModel } from '../businessModel';
import { businessQueryOf, rankBusinessCandidates, type BusinessSearchClaims } from '../businessSearch';
import type { Decision } from '../matchingModel';

/**
 * Business search (1:N) evaluated in memory: the generator's register (codes, legal forms, statuses,
 * addresses, representatives, branches) with names made unique, labelled queries typed with the
 * errors applicants and officers make, the same blocking passes as the SQL store over an in-memory
 * index, and the service's ranking. The weights are hand-set, so nothing here is fitted.
 */

// Brand syllables of Vietnamese business names, several of them also trade words ("Phát", "Đông",
// "Mai", "Vạn", "Trường"), as in real registers.
const SYLLABLES = [
  'An', 'Bình', 'Phú', 'Thịnh', 'Hưng', 'Phát', 'Minh', 'Long', 'Khang', 'Tiến', 'Tân', 'Đại', 'Dương', 'Sao', 'Mai', 'Hoàng',
  'Gia', 'Phương', 'Đông', 'Kim', 'Ngân', 'Thái', 'Sơn', 'Quang', 'Trường', 'Vạn', 'Xuân', 'Hồng', 'Hà', 'Cửu', 'Thiên', 'Phúc',
  'Toàn', 'Thành', 'Hòa', 'Lộc', 'Đức', 'Trí', 'Nhân', 'Hải', 'Bảo', 'Ngọc', 'Thủy', 'Lâm', 'Hạnh', 'Nguyên', 'Vĩnh', 'Hiệp',
  'Thuận', 'Lợi', 'Huy', 'Khánh', 'Đạt', 'Thắng', 'Tâm', 'Sen', 'Lam', 'Trung', 'Kiến', 'Uy', 'Tín', 'Vượng', 'Cường', 'Hùng',
  'Sáng', 'Mỹ', 'Linh', 'Châu', 'Anh', 'Duy', 'Hậu', 'Tường', 'Lực', 'Hiền', 'Yên', 'Nghĩa', 'Phong', 'Đăng', 'Khải', 'Quý',
];
const TRADES: ReadonlyArray<readonly [string, string]> = [
  ['Thương mại và Dịch vụ', 'Trading and Services'], ['Xây dựng', 'Construction'], ['Công nghệ', 'Technology'],
  ['Thực phẩm', 'Food'], ['Vận tải', 'Transport'], ['Xuất nhập khẩu', 'Import Export'], ['Đầu tư', 'Investment'],
  ['Du lịch', 'Tourism'], ['Nông sản', 'Agricultural Products'], ['Cơ khí', 'Mechanical Engineering'],
  ['Thương mại', 'Trading'], ['Đầu tư và Xây dựng', 'Investment and Construction'], ['Môi trường', 'Environment'], ['Nội thất', 'Furniture'],
];

function uniqueNames(e: Enterprise, random: Random, taken: Set<string>): Enterprise['names'] {
  for (;;) {
    const first = pick(random, SYLLABLES);
    const second = pick(random, SYLLABLES);
    if (first === second) continue;
    // Three syllables now and then ("Hòa Bình Minh"): two alone would run out in a register of a million.
    const third = random() < 0.3 ? ` ${pick(random, SYLLABLES)}` : '';
    const brand = `${first} ${second}${third}`;
    const [tradeVi, tradeEn] = pick(random, TRADES);
    const distinctive = `${tradeVi} ${brand}`.toUpperCase();
    // The register refuses a name whose distinctive part another business already has (Enterprise Law 2020 art. 41).
    const key = businessNameWords(distinctive).join(' ');
    if (taken.has(key)) continue;
    taken.add(key);
    const ascii = foldDiacritics(brand).toUpperCase();
    const en = tradeEn.toUpperCase();
    switch (e.legalForm) {
      case 'tnhh_1tv':
        return { vi: `CÔNG TY TNHH MỘT THÀNH VIÊN ${distinctive}`, en: `${ascii} ${en} ONE MEMBER COMPANY LIMITED`, abbreviation: `${ascii} CO., LTD` };
      case 'tnhh':
        return { vi: `CÔNG TY TNHH ${distinctive}`, en: `${ascii} ${en} COMPANY LIMITED`, abbreviation: `${ascii} CO., LTD` };
      case 'co_phan':
        return { vi: `CÔNG TY CỔ PHẦN ${distinctive}`, en: `${ascii} ${en} JOINT STOCK COMPANY`, abbreviation: `${ascii.replace(/ /g, '')} JSC` };
      case 'dntn':
        return { vi: `DOANH NGHIỆP TƯ NHÂN ${distinctive}`, en: random() < 0.2 ? `${ascii} PRIVATE ENTERPRISE` : null, abbreviation: null };
      case 'htx':
        return { vi: `HỢP TÁC XÃ ${distinctive}`, en: null, abbreviation: null };
    }
  }
}

/** The generator's register with unique names; the last `heldOut` enterprises stay out of the mirror. */
export async function syntheticRegister(seed: number, count: number, heldOut: number): Promise<{ loaded: Enterprise[]; absent: Enterprise[] }> {
  // Enough adults that most representatives represent one business, as the generator's CLI intends.
  const people = generatePopulation({ seed, count: Math.max(2_000, count * 3) });
  const representatives = await representativePool(people, Math.min(200_000, Math.max(50, count * 2)), seed);
  const random = seededRandom(seed ^ 0xb12);
  const taken = new Set<string>();
  const all = [...generateBusinesses({ seed, count: count + heldOut, representatives })].map((e) => {
    const names = uniqueNames(e, random, taken);
    const branches = e.branches.map((b) => ({ ...b, name: `CHI NHÁNH ${names.vi} TẠI ${(provinceByCode(b.address.provinceCode)?.name ?? b.address.province).toUpperCase()}` }));
    return { ...e, names, branches };
  });
  return { loaded: all.slice(0, count), absent: all.slice(count) };
}

/** Query classes and their shares, fixed before any query was drawn. */
export const BUSINESS_CORRUPTION_MIX: ReadonlyArray<readonly [string, number]> = [
  ['clean', 25],
  ['no_diacritics', 10],
  ['abbreviated', 15],
  ['english', 8],
  ['legal_form_changed', 5],
  ['name_typo', 8],
  ['code_one_digit_off', 8],
  ['code_only_one_digit_off', 3],
  ['branch', 8],
  ['representative_province', 5],
  ['not_in_register', 5],
  ['province_2025', 5],
];

export interface LabelledBusinessQuery {
  cls: string;
  claims: BusinessSearchClaims;
  /** The unit searched for; null when it is not in the mirror. */
  truth: string | null;
}

/** A Vietnamese name as officers abbreviate it: "Cty TNHH TM-DV …", without diacritics. */
export const abbreviate = (vi: string) =>
  foldDiacritics(vi)
    .replace(/^CONG TY /, 'Cty ')
    .replace('TRACH NHIEM HUU HAN', 'TNHH')
    .replace('MOT THANH VIEN', 'MTV')
    .replace('CO PHAN', 'CP')
    .replace('DOANH NGHIEP TU NHAN', 'DNTN')
    .replace('HOP TAC XA', 'HTX')
    .replace('THUONG MAI VA DICH VU', 'TM-DV')
    .replace('THUONG MAI', 'TM')
    .replace('XAY DUNG', 'XD')
    .replace('XUAT NHAP KHAU', 'XNK');

const swapLegalForm = (vi: string) =>
  /^CÔNG TY CỔ PHẦN /.test(vi) ? vi.replace(/^CÔNG TY CỔ PHẦN /, 'CÔNG TY TNHH ') : vi.replace(/^(CÔNG TY TNHH( MỘT THÀNH VIÊN)?|DOANH NGHIỆP TƯ NHÂN|HỢP TÁC XÃ) /, 'CÔNG TY CỔ PHẦN ');

/** One letter of the brand replaced, as a slip of the finger does. */
export function typo(vi: string, random: Random): string {
  const words = vi.split(' ');
  const i = words.length - 1 - randomInt(random, 0, 1);
  const chars = [...words[i]!];
  const at = randomInt(random, 0, chars.length - 1);
  const letters = 'abcdeghiklmnopqrstuvxy';
  let replacement = letters[randomInt(random, 0, letters.length - 1)]!.toUpperCase();
  if (replacement === chars[at]) replacement = replacement === 'A' ? 'E' : 'A';
  chars[at] = replacement;
  words[i] = chars.join('');
  return words.join(' ');
}

/** A code with one digit (after the province prefix) replaced. */
export function oneDigitOff(code: string, random: Random): string {
  const at = randomInt(random, 2, 9);
  const digit = (Number(code[at]) + randomInt(random, 1, 9)) % 10;
  return `${code.slice(0, at)}${digit}${code.slice(at + 1)}`;
}

/** Labelled queries, each of one class, with the province typed 70% of the time and the commune 30%. */
export function labelledBusinessQueries(seed: number, count: number, register: { loaded: Enterprise[]; absent: Enterprise[] }): LabelledBusinessQuery[] {
  const random = seededRandom(seed ^ 0x9e3779b1);
  const cls = weightedPicker(BUSINESS_CORRUPTION_MIX);
  const withBranches = register.loaded.filter((e) => e.branches.length > 0);
  const withEnglish = register.loaded.filter((e) => e.names.en);
  const queries: LabelledBusinessQuery[] = [];
  while (queries.length < count) {
    const c = cls(random);
    const e = pick(random, c === 'branch' ? withBranches : c === 'english' ? withEnglish : c === 'not_in_register' ? register.absent : register.loaded);
    const branch = c === 'branch' ? pick(random, e.branches) : null;
    const where = branch?.address ?? e.address;
    const address = random() < 0.7 ? { province: where.province, ...(random() < 0.3 ? { commune: where.commune } : {}) } : undefined;
    const claims: BusinessSearchClaims = { ...(address ? { address } : {}) };
    switch (c) {
      case 'clean':
      case 'not_in_register':
        claims.name = e.names.vi;
        break;
      case 'no_diacritics':
        claims.name = foldDiacritics(e.names.vi).toLowerCase();
        break;
      case 'abbreviated':
        claims.name = abbreviate(e.names.vi);
        break;
      case 'english':
        claims.englishName = e.names.en!;
        break;
      case 'legal_form_changed':
        claims.name = swapLegalForm(e.names.vi);
        break;
      case 'name_typo':
        claims.name = typo(e.names.vi, random);
        break;
      case 'code_one_digit_off':
        claims.code = typedCodeOf(oneDigitOff(e.code, random));
        claims.name = foldDiacritics(e.names.vi);
        break;
      case 'code_only_one_digit_off':
        claims.code = typedCodeOf(oneDigitOff(e.code, random));
        break;
      case 'branch':
        claims.name = foldDiacritics(branch!.name);
        break;
      case 'representative_province':
        delete claims.name;
        claims.legalRepresentative = { id: e.legalRepresentatives[0]!.id };
        claims.address = { province: e.address.province };
        break;
      case 'province_2025': {
        // The name as registered, the address under its province since 1 July 2025 (Tiền Giang is in Đồng Tháp).
        const merged = province2025Of(where.provinceCode)!;
        if (merged.formerCodes.length === 1) continue;
        claims.name = e.names.vi;
        claims.address = { province: merged.name, ...(address?.commune ? { commune: address.commune } : {}) };
        break;
      }
    }
    queries.push({ cls: c, claims, truth: c === 'not_in_register' ? null : (branch?.code ?? e.code) });
  }
  return queries;
}

export interface BusinessOutcome {
  cls: string;
  truth: string | null;
  decision: Decision;
  /** Whether the first candidate is the unit searched for. */
  correct: boolean;
  top5: boolean;
  retrieved: boolean;
  candidates: number;
  /** The first candidate's name level: `exact` or `folded` on a wrong unit means the typed name is another registered business's. */
  topNameLevel: string | null;
}

export async function evaluateBusinesses(
  model: BusinessModel,
  { seed, count, queries }: { seed: number; count: number; queries: number },
  onProgress: (done: number) => void = () => undefined,
): Promise<{ outcomes: BusinessOutcome[]; mirrorRows: number; keyRows: number; msPerQuery: number }> {
  const register = await syntheticRegister(seed, count, Math.max(50, Math.round(count * 0.02)));
  const rows: BusinessMirrorRow[] = register.loaded.flatMap(businessMirrorRowsOf);
  const index = memoryBusinessIndex(rows);
  const labelled = labelledBusinessQueries(seed, queries, register);
  const outcomes: BusinessOutcome[] = [];
  const started = performance.now();
  labelled.forEach((q, i) => {
    const found = index.candidates(businessQueryOf(q.claims));
    const ranking = rankBusinessCandidates(model, q.claims, found.candidates, index.size, 5);
    const top = ranking.candidates[0];
    outcomes.push({
      cls: q.cls,
      truth: q.truth,
      decision: top?.decision ?? 'non_match',
      correct: !!top && top.row.code === q.truth,
      top5: ranking.candidates.some((c) => c.row.code === q.truth && c.decision !== 'non_match'),
      retrieved: found.candidates.some((c) => c.row.code === q.truth),
      candidates: found.candidates.length,
      topNameLevel: top?.score.attributes.find((a) => a.attribute === 'name')?.level ?? null,
    });
    if (i % 200 === 0) onProgress(i);
  });
  return { outcomes, mirrorRows: rows.length, keyRows: index.keyRows, msPerQuery: (performance.now() - started) / labelled.length };
}

export interface BusinessMetrics {
  n: number;
  precision: number;
  recall: number;
  possibleShare: number;
  top5: number;
  retrieved: number;
  meanCandidates: number;
}

/** Precision and recall of `match` (a match on another unit is a false positive), top-5 recall, blocking completeness. */
export function businessMetrics(outcomes: readonly BusinessOutcome[]): BusinessMetrics {
  const matches = outcomes.filter((o) => o.decision === 'match');
  const positives = outcomes.filter((o) => o.truth !== null);
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    n: outcomes.length,
    precision: share(matches.filter((o) => o.correct).length, matches.length),
    recall: share(positives.filter((o) => o.decision === 'match' && o.correct).length, positives.length),
    possibleShare: share(outcomes.filter((o) => o.decision === 'possible').length, outcomes.length),
    top5: share(positives.filter((o) => o.top5).length, positives.length),
    retrieved: share(positives.filter((o) => o.retrieved).length, positives.length),
    meanCandidates: outcomes.reduce((sum, o) => sum + o.candidates, 0) / Math.max(outcomes.length, 1),
  };
}
