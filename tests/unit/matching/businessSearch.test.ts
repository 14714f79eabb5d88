import fc from 'fast-check';
import type { Enterprise } from '../../../src/connectors';
import { makeCitizenId, makeTaxCode, parseTaxCode } from '../../../src/ids';
import {
  brandPairs,
  businessNameWords,
  codeVariants,
  deletions,
  distinctiveWords,
  memoryBusinessIndex,
  nameSimilarity,
  BUSINESS_PASSES,
  RETRIEVED,
  rowKeys,
  typedCodeOf,
  typoLookupsOfPair,
  wordPairs,
} from '../../../src/matching/businessBlocking';
import { businessMirrorRowsOf, enterpriseOfRows } from '../../../src/matching/businessMirrorRow';
import { BUSINESS_MODEL, scoreBusinessSearch } from '../../../src/matching/businessModel';
import { businessQueryOf, compareCandidate, compareCode, oneEdit, rankBusinessCandidates } from '../../../src/matching/businessSearch';

const representativeId = makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1978, serial: 4521 });

const myTho: Enterprise = {
  code: makeTaxCode('120034567') ?? makeTaxCode('120034568')!,
  names: { vi: 'CÔNG TY TNHH THƯƠNG MẠI DỊCH VỤ MỸ THO', en: 'MY THO TRADING SERVICES COMPANY LIMITED', abbreviation: 'MY THO TSC CO., LTD' },
  legalForm: 'tnhh',
  status: 'active',
  statusSince: '2012-05-14',
  address: { line: 'Số 45 đường Lê Lợi', commune: 'Phường 1', province: 'Tiền Giang', provinceCode: '082' },
  registeredOn: '2012-05-14',
  charterCapitalVnd: 5_000_000_000,
  legalRepresentatives: [{ id: representativeId, fullName: 'Nguyễn Văn Hùng', title: 'Giám đốc' }],
  branches: [],
};
myTho.branches = [
  {
    code: `${myTho.code}-001`,
    name: 'CHI NHÁNH CÔNG TY TNHH THƯƠNG MẠI DỊCH VỤ MỸ THO TẠI TP HỒ CHÍ MINH',
    address: { line: 'Số 12 đường Nguyễn Huệ', commune: 'Phường Bến Nghé', province: 'TP Hồ Chí Minh', provinceCode: '079' },
    status: 'dissolved',
  },
];

describe('business name words and blocking keys', () => {
  it('reads a name typed with abbreviations, without diacritics, or in English to the same words', () => {
    const registered = businessNameWords('Công ty TNHH Thương mại Dịch vụ Mỹ Tho');
    expect(registered).toEqual(['thuong', 'mai', 'dich', 'vu', 'my', 'tho']);
    expect(businessNameWords('Cty TNHH TM-DV My Tho')).toEqual(registered);
    expect(businessNameWords('CONG TY TRACH NHIEM HUU HAN THUONG MAI VA DICH VU MY THO')).toEqual(registered);
    expect(businessNameWords('Công ty CP Xây dựng Tiền Giang')).toEqual(['xay', 'dung', 'tien', 'giang']);
    expect(distinctiveWords(businessNameWords('MY THO TRADING SERVICES COMPANY LIMITED'))).toEqual(['my', 'tho']);
  });

  it('keys a brand by adjacent word pairs with a distinctive word in them, a one-word brand by the word', () => {
    expect(wordPairs(['thuong', 'mai', 'dich', 'vu', 'my', 'tho'])).toEqual(['vu my', 'my tho']);
    // "Phát" is also a trade word (phát triển): the brand keeps it beside "Hòa".
    expect(wordPairs(['xay', 'dung', 'hoa', 'phat'])).toEqual(['dung hoa', 'hoa phat']);
    expect(wordPairs(['vinamilk'])).toEqual(['vinamilk']);
    expect(wordPairs(['thuong', 'mai', 'viet', 'nam'])).toEqual([]);
    expect(wordPairs([])).toEqual([]);
  });

  it("files an enterprise under each of its names, its province's words and its representatives; a branch under its own name only", () => {
    const [enterprise, branch] = businessMirrorRowsOf(myTho);
    expect(rowKeys(enterprise!)).toEqual(
      expect.arrayContaining(['n:thuong mai dich vu my tho', 'n:my tho trading services', 'n:my tho tsc', 'p:my tho', 'w:082:my', 'w:082:tho', `r:${representativeId}`]),
    );
    const branchKeys = rowKeys(branch!);
    expect(branchKeys).toEqual(expect.arrayContaining(['n:thuong mai dich vu my tho tai tp ho chi minh', 'p:my tho', 'w:079:tho']));
    expect(branchKeys.some((k) => k.startsWith('r:'))).toBe(false);
    expect(branchKeys.some((k) => k.startsWith('w:082:'))).toBe(false);
    expect(new Set(branchKeys).size).toBe(branchKeys.length);
  });

  it('looks for the words of a name typed with a province formed in 2025 in each former province it merged', () => {
    const provinceWords = BUSINESS_PASSES.find((p) => p.name === 'province_word')!;
    const keys = (province: string) => provinceWords.keys(businessQueryOf({ name: 'Mỹ Tho', address: { province } })).flat();
    expect(keys('Đồng Tháp').sort()).toEqual(['w:082:my', 'w:082:tho', 'w:087:my', 'w:087:tho']);
    expect(keys('Tiền Giang').sort()).toEqual(['w:082:my', 'w:082:tho']);
    expect(keys('82')).toEqual(keys('Đồng Tháp'));
  });

  it('keeps the register as written, and rebuilds the enterprise from its rows', () => {
    const rows = businessMirrorRowsOf(myTho);
    expect(rows.map((r) => [r.code, r.kind, r.enterpriseCode, r.status])).toEqual([
      [myTho.code, 'enterprise', myTho.code, 'active'],
      [`${myTho.code}-001`, 'branch', myTho.code, 'dissolved'],
    ]);
    expect(enterpriseOfRows([...rows].reverse())).toEqual(myTho);
    expect(enterpriseOfRows(rows.slice(1))).toBeUndefined();
  });
});

describe('typed codes in search', () => {
  it('reads 10 or 13 digits with separators, valid or not', () => {
    expect(typedCodeOf('0100233488')).toEqual({ digits: '0100233488', canonical: '0100233488', valid: true });
    expect(typedCodeOf('0100233480')).toEqual({ digits: '0100233480', canonical: '0100233480', valid: false });
    expect(typedCodeOf('0100233488 - 001')).toEqual({ digits: '0100233488001', canonical: '0100233488-001', valid: true });
    expect(typedCodeOf('0100233488-000')?.valid).toBe(false);
    expect(typedCodeOf('01002334')).toBeNull();
    expect(typedCodeOf(undefined)).toBeNull();
  });

  it('finds the registered code among the valid neighbours of any one-digit substitution of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000_000, max: 999_999_999 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (prefix, position, shift) => {
        const code = makeTaxCode(String(prefix));
        if (!code) return;
        const typo = `${code.slice(0, position)}${(Number(code[position]) + shift) % 10}${code.slice(position + 1)}`;
        // Every weight is non-zero mod 11: a substitution always breaks the check digit (domain.md §2).
        expect(parseTaxCode(typo).ok).toBe(false);
        const variants = codeVariants(typo);
        expect(variants).toContain(code);
        for (const v of variants) expect(parseTaxCode(v).ok).toBe(true);
      }),
    );
  });

  it('compares a typed code with a row: exact, same enterprise, one edit, different, missing; never a conflict', () => {
    const [enterprise, branch] = businessMirrorRowsOf(myTho);
    const typo = `${myTho.code.slice(0, 3)}${(Number(myTho.code[3]) + 1) % 10}${myTho.code.slice(4)}`;
    const swapped = `${myTho.code.slice(0, 2)}${myTho.code[3]}${myTho.code[2]}${myTho.code.slice(4)}`;
    expect(compareCode(typedCodeOf(myTho.code), enterprise!).level).toBe('exact');
    expect(compareCode(typedCodeOf(myTho.code), branch!).level).toBe('same_enterprise');
    expect(compareCode(typedCodeOf(`${myTho.code}-001`), enterprise!).level).toBe('same_enterprise');
    expect(compareCode(typedCodeOf(typo), enterprise!).level).toBe('one_edit');
    if (swapped !== myTho.code) expect(compareCode(typedCodeOf(swapped), enterprise!).level).toBe('one_edit');
    expect(compareCode(typedCodeOf('0100233488'), enterprise!).level).toBe('different');
    expect(compareCode(null, enterprise!).level).toBe('missing');
    expect(compareCandidate({ code: typedCodeOf(typo) }, enterprise!).conflicts).toEqual([]);
    expect(oneEdit('0123', '0213')).toBe(true);
    expect(oneEdit('0123', '0321')).toBe(false);
  });
});

describe('business search scoring', () => {
  const query = { name: 'Cty TNHH TM-DV My Tho' };
  const [enterprise] = businessMirrorRowsOf(myTho);
  const comparison = compareCandidate(query, enterprise!);
  const alone = { name: 0, nameOneEdit: 0, nameTokens: 0, representative: 0 };
  const total = (n: number, sharing = alone) => {
    const s = scoreBusinessSearch(BUSINESS_MODEL, comparison, n, sharing);
    return { ...s, posterior: s.priorBits + s.totalBits };
  };

  it('when the typed name is one registered business, the evidence outweighs a 1/N prior at any mirror size', () => {
    for (const n of [1_000, 100_000, 1_000_000]) {
      const s = total(n);
      expect(s.priorBits).toBeCloseTo(-Math.log2(n - 1), 1);
      expect(s.probability).toBeGreaterThanOrEqual(BUSINESS_MODEL.thresholds.match);
      expect(s.posterior).toBeCloseTo(total(1_000).posterior, 0);
    }
  });

  it('when another registered business has the same name, then about even odds', () => {
    const s = total(100_000, { ...alone, name: 1 });
    expect(s.probability).toBeGreaterThan(0.3);
    expect(s.probability).toBeLessThan(0.7);
  });

  it('ranks the registered business first, and an enterprise before its branch for the enterprise name', () => {
    const index = memoryBusinessIndex(businessMirrorRowsOf(myTho));
    const found = index.candidates(businessQueryOf(query));
    expect(found.candidates.map((c) => c.pass)).toContain('name');
    const ranking = rankBusinessCandidates(BUSINESS_MODEL, query, found.candidates, 100_000, 5);
    expect(ranking.candidates[0]).toMatchObject({ row: { code: myTho.code }, decision: 'match' });
    const branch = ranking.candidates.find((c) => c.row.kind === 'branch');
    if (branch) expect(branch.decision).not.toBe('match');
    expect(compareCandidate(query, businessMirrorRowsOf(myTho)[1]!).flags).toEqual(['branch_dissolved']);
  });
});

describe('typo-tolerant retrieval: deletion keys of brand pairs, and the cut on name similarity', () => {
  it('files a brand pair under its one-letter deletions, a trade word beside a brand word when no two brand words meet', () => {
    expect(deletions('tho')).toEqual(['ho', 'to', 'th']);
    expect(deletions('hoang')).toHaveLength(5);
    expect(brandPairs(['thuong', 'mai', 'dich', 'vu', 'my', 'tho'])).toEqual(['my tho']);
    // "Phát" is also a trade word: the brand word "hòa" is keyed with both neighbours.
    expect(brandPairs(['xay', 'dung', 'hoa', 'phat'])).toEqual(['dung hoa', 'hoa phat']);
    // Trade words only: the brand is the last pair.
    expect(brandPairs(['xuat', 'nhap', 'khau', 'mai', 'truong'])).toEqual(['mai truong']);
    expect(brandPairs(['vinamilk'])).toEqual(['vinamilk']);
    const [enterprise] = businessMirrorRowsOf(myTho);
    expect(rowKeys(enterprise!)).toEqual(expect.arrayContaining(['d:y tho', 'd:m tho', 'd:mytho', 'd:my ho', 'd:my to', 'd:my th']));
    expect(rowKeys(enterprise!).filter((k) => k.startsWith('d:thuong') || k.startsWith('d:huong'))).toEqual([]);
  });

  it('finds every registered pair one substitution, insertion, deletion or adjacent transposition from the typed one', () => {
    const word = fc.stringMatching(/^[a-z]{2,6}$/);
    const edit = fc.tuple(fc.constantFrom('substitute', 'insert', 'delete', 'transpose'), fc.nat(), fc.constantFrom(...'abcdeghiklmnopqrstuvxy'));
    fc.assert(
      fc.property(word, word, edit, (first, second, [kind, at, letter]) => {
        const registered = `${first} ${second}`;
        const i = at % registered.length;
        const typed =
          kind === 'substitute' ? `${registered.slice(0, i)}${letter}${registered.slice(i + 1)}`
          : kind === 'insert' ? `${registered.slice(0, i)}${letter}${registered.slice(i)}`
          : kind === 'delete' ? `${registered.slice(0, i)}${registered.slice(i + 1)}`
          : i + 1 < registered.length ? `${registered.slice(0, i)}${registered[i + 1]}${registered[i]}${registered.slice(i + 2)}` : registered;
        const filed = new Set([`p:${registered}`, ...deletions(registered).map((d) => `d:${d}`)]);
        expect(typoLookupsOfPair(typed).some((k) => filed.has(k)) || typed === registered).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('when one letter of the brand is mistyped among hundreds of businesses sharing its trade and a brand word, then it is retrieved and ranks first', () => {
    const syllables = ['An', 'Bình', 'Minh', 'Long', 'Khang', 'Tiến', 'Tân', 'Đại', 'Dương', 'Sao', 'Hoàng', 'Gia', 'Kim', 'Ngân', 'Sơn', 'Quang'];
    // Neighbours sort before the business sought: the exact keys left by the typo tie, and code order alone would cut it.
    const neighbours = syllables.flatMap((a, i) =>
      syllables.map((b, j): Enterprise => ({
        ...myTho,
        code: makeTaxCode(String(110_000_000 + i * 100 + j * 3)) ?? makeTaxCode(String(110_000_001 + i * 100 + j * 3))!,
        names: { vi: j % 2 ? `CÔNG TY TNHH THƯƠNG MẠI PHÚ ${a.toUpperCase()} ${b.toUpperCase()}` : `CÔNG TY TNHH THƯƠNG MẠI ${a.toUpperCase()} ${b.toUpperCase()} THỊNH`, en: null, abbreviation: null },
        branches: [],
      })),
    );
    const sought: Enterprise = { ...myTho, code: makeTaxCode('890000001') ?? makeTaxCode('890000002')!, names: { vi: 'CÔNG TY TNHH THƯƠNG MẠI PHÚ THỊNH', en: null, abbreviation: null }, branches: [] };
    const index = memoryBusinessIndex([...neighbours, sought].flatMap(businessMirrorRowsOf));
    const claims = { name: 'Cty TNHH TM Phú Thịng', address: { province: 'Tiền Giang' } };
    const found = index.candidates(businessQueryOf(claims));
    expect(found.found).toBeGreaterThan(RETRIEVED);
    expect(found.candidates.map((c) => c.row.code)).toContain(sought.code);
    const ranking = rankBusinessCandidates(BUSINESS_MODEL, claims, found.candidates, index.size, 5);
    expect(ranking.candidates[0]).toMatchObject({ row: { code: sought.code }, pass: 'name_pair' });
    expect(ranking.candidates[0]!.score.attributes.find((a) => a.attribute === 'name')?.level).toBe('one_edit');
    expect(ranking.candidates[0]!.decision).not.toBe('non_match');
  });

  it('scores the stored name words: one typo over the whole name is 1, else the weighted overlap', () => {
    expect(nameSimilarity([['thuong', 'mai', 'phu', 'thing']], 'thuong mai phu thinh')).toBe(1);
    expect(nameSimilarity([['thuong', 'mai', 'phu', 'thing']], 'thuong mai phu an')).toBeCloseTo(1.5 / 3.5, 3);
    expect(nameSimilarity([['my', 'tho']], '')).toBe(0);
  });
});
