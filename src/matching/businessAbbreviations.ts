import { foldedKey } from '../names';

/**
 * Common abbreviations in Vietnamese business names, keyed by the folded abbreviation, expanded to
 * folded words. The one table: matching expands both the typed and the registered name with it.
 *
 * Only unambiguous ones. Left out on purpose: CN (chi nhánh, công nghệ, công nghiệp), DT (đầu tư,
 * điện tử, đào tạo), VT (vận tải, vật tư, viễn thông), TP (thành phố, thực phẩm), DL (du lịch, Đắk
 * Lắk), TV (tư vấn, thành viên), CT (công ty, công trình): a wrong expansion would turn one name into
 * another. Legal forms (TNHH, CP, MTV, DNTN, HTX, CTCP) expand to the words normaliseBusinessName
 * recognises, so "Cty CP" and "Công ty cổ phần" separate the same legal form.
 */
export const BUSINESS_ABBREVIATIONS: Readonly<Record<string, string>> = {
  cty: 'cong ty',
  tnhh: 'trach nhiem huu han',
  mtv: 'mot thanh vien',
  '1tv': 'mot thanh vien',
  cp: 'co phan',
  ctcp: 'cong ty co phan',
  dntn: 'doanh nghiep tu nhan',
  htx: 'hop tac xa',
  tm: 'thuong mai',
  dv: 'dich vu',
  tmdv: 'thuong mai dich vu',
  xd: 'xay dung',
  sx: 'san xuat',
  xnk: 'xuat nhap khau',
  kd: 'kinh doanh',
  bds: 'bat dong san',
  vn: 'viet nam',
  ptnt: 'phat trien nong thon',
};

// Words that join trade names and say nothing about which business it is ("Thương mại và Dịch vụ",
// "Trading and Services", "TM & DV"): dropped from comparison keys.
const CONNECTORS = new Set(['va', 'and', 'cac']);

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Folded words of a name with every abbreviation of the table expanded: "Cty TM-DV Mỹ Tho" → "cong ty thuong mai dich vu my tho". */
export function expandAbbreviations(name: string): string {
  return [...foldedKey(name).matchAll(WORD)].map((m) => BUSINESS_ABBREVIATIONS[m[0]] ?? m[0]).join(' ');
}

/** Comparison tokens of a distinctive key: connectors dropped, and a bare leading "công ty" (no legal form) too. */
export function comparisonTokens(distinctiveKey: string): string[] {
  const tokens = distinctiveKey.split(' ').filter((t) => t !== '' && !CONNECTORS.has(t));
  return tokens[0] === 'cong' && tokens[1] === 'ty' ? tokens.slice(2) : tokens;
}

/**
 * Words that recur in thousands of business names (trades, "Việt Nam", English trade words): a
 * shared one says little, so in token overlap each weighs GENERIC_WEIGHT against 1 for any other
 * word. A hand-made list, not frequencies counted in a register (Motlan holds none).
 */
export const GENERIC_TOKENS: ReadonlySet<string> = new Set([
  'thuong', 'mai', 'dich', 'vu', 'xay', 'dung', 'san', 'xuat', 'nhap', 'khau', 'dau', 'tu', 'cong', 'nghe', 'nghiep',
  'kinh', 'doanh', 'phat', 'trien', 'viet', 'nam', 'van', 'tai', 'thuc', 'pham', 'du', 'lich', 'nong', 'co', 'khi',
  'bat', 'dong', 'tong', 'hop', 'quoc', 'te', 'tap', 'doan', 'ky', 'thuat', 'giai', 'phap', 'moi', 'truong',
  'trading', 'services', 'service', 'construction', 'technology', 'investment', 'import', 'export', 'food', 'transport',
  'group', 'international', 'vietnam', 'viet', 'development', 'products', 'agricultural', 'mechanical', 'engineering', 'tourism',
]);
export const GENERIC_WEIGHT = 0.25;

/** Jaccard of two token sets, each token weighted (generic words less): 1 when equal as sets, 0 when disjoint. */
export function weightedJaccard(a: readonly string[], b: readonly string[]): number {
  const weight = (t: string) => (GENERIC_TOKENS.has(t) ? GENERIC_WEIGHT : 1);
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  let all = 0;
  for (const t of new Set([...left, ...right])) {
    all += weight(t);
    if (left.has(t) && right.has(t)) shared += weight(t);
  }
  return all === 0 ? 0 : shared / all;
}
