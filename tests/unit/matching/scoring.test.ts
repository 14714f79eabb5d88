import fc from 'fast-check';
import { generatePopulation } from '../../../src/connectors/population/populationGenerator';
import { FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN } from '../../../src/connectors/population/populationTables';
import { memoryBlockingIndex } from '../../../src/matching/blocking';
import { compare, dateLevel, idLevel, withinOneEdit } from '../../../src/matching/comparisons';
import { jaroWinkler } from '../../../src/matching/jaroWinkler';
import { decide, levelBits, loadModel, score } from '../../../src/matching/matchingModel';
import { mirrorRowOf, rowFeatures } from '../../../src/matching/mirrorRow';
import { parsePartialDate, personFeatures, provinceCodeOf, provincePlaceOf } from '../../../src/matching/personFeatures';
import { PROVINCES, PROVINCES_2025, province2025Of } from '../../../src/ids';
import { rankCandidates } from '../../../src/matching/rankCandidates';
import { verifyPerson } from '../../../src/matching/verifyPerson';
import { foldDiacritics } from '../../../src/names';

const model = loadModel();
const people = [...generatePopulation({ seed: 5, count: 400 })];
const person = people.find((c) => c.birthDate.length === 10 && c.name.middle)!;
const record = rowFeatures(mirrorRowOf(person));
const bitsOf = (q: Parameters<typeof personFeatures>[0], r = record) => score(model, personFeatures(q), r, 0).totalBits;

describe('Jaro–Winkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', '')).toBe(0);
  });

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const ab = jaroWinkler(a, b);
        expect(ab).toBeCloseTo(jaroWinkler(b, a), 12);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('comparison levels', () => {
  it('one edit: substitution, insertion, deletion, adjacent transposition', () => {
    expect(['hung', 'hnng', 'hug', 'huung', 'uhng'].map((w) => withinOneEdit('hung', w))).toEqual([true, true, true, true, true]);
    expect(withinOneEdit('hung', 'hoan')).toBe(false);
  });

  it('ID: exact, one digit, two swapped digits, different', () => {
    expect(idLevel('082187004521', '082187004521')).toBe('exact');
    expect(idLevel('082187004521', '082187004527')).toBe('one_edit');
    expect(idLevel('082187004521', '082187005421')).toBe('one_edit');
    expect(idLevel('082187004521', '082187999999')).toBe('different');
  });

  it('dates: exact, swapped, one digit, year+month, year only, ±1 year', () => {
    const lv = (a: string, b: string) => dateLevel(parsePartialDate(a), parsePartialDate(b));
    expect(lv('1987-03-14', '1987-03-14')).toBe('exact');
    expect(lv('1987-04-03', '1987-03-04')).toBe('swapped');
    expect(lv('1987-03-15', '1987-03-14')).toBe('one_digit');
    expect(lv('1987-03', '1987-03-14')).toBe('year_month');
    expect(lv('1987', '1987-03-14')).toBe('year_only');
    expect(lv('1988-03-14', '1987-03-14')).toBe('one_digit');
    expect(lv('1988', '1987-03-14')).toBe('year_near');
    expect(lv('1990', '1987-03-14')).toBe('different');
  });

  it('dates: a day off across a digit, month or year boundary is a one-day slip, worth more than the same month', () => {
    const lv = (a: string, b: string) => dateLevel(parsePartialDate(a), parsePartialDate(b));
    expect(lv('1982-02-20', '1982-02-19')).toBe('one_day');
    expect(lv('1982-03-01', '1982-02-28')).toBe('one_day');
    expect(lv('1982-02-01', '1982-01-31')).toBe('one_day');
    expect(lv('1983-01-01', '1982-12-31')).toBe('one_day');
    expect(lv('1982-02-21', '1982-02-19')).toBe('same_month');
    const bits = (level: string) => levelBits(model, { attribute: 'birthDate', level, query: null, record: null });
    expect(bits('one_day')).toBeGreaterThan(bits('same_month') + 3);
  });

  it('Huỳnh/Hoàng and Võ/Vũ reach the equivalent level, with positive weight', () => {
    const hoang = rowFeatures(mirrorRowOf({ ...person, fullName: 'Hoàng Văn Nam' }));
    const s = score(model, personFeatures({ fullName: 'Huỳnh Văn Nam' }), hoang, 0);
    const family = s.attributes.find((a) => a.attribute === 'family')!;
    expect(family.level).toBe('equivalent');
    expect(family.bits).toBeGreaterThan(0);
  });

  it('tries the given-name-first reading when it scores better', () => {
    const { family, middle, given } = person.name;
    expect(bitsOf({ fullName: `${given} ${family} ${middle}` })).toBeCloseTo(bitsOf({ fullName: person.fullName }), 6);
  });

  it('old and new province spellings resolve to one code', () => {
    expect(provinceCodeOf('Tỉnh Thanh Hoá')).toBe('038');
    expect(provinceCodeOf('TP Hồ Chí Minh')).toBe('079');
    expect(provinceCodeOf('038')).toBe('038');
  });
});

describe('places typed under the 2025 provinces (domain.md §4)', () => {
  const recordBornIn = (code: string) => rowFeatures(mirrorRowOf({ ...person, birthPlace: { ...person.birthPlace, provinceCode: code } }));
  const birthPlaceOf = (typed: string, code: string) => {
    const s = score(model, personFeatures({ fullName: person.fullName, birthDate: person.birthDate, birthPlace: typed }), recordBornIn(code), 0, 'search');
    return { ...s.attributes.find((a) => a.attribute === 'birthPlace')!, vetoes: s.vetoes };
  };
  const agreeBits = levelBits(model, { attribute: 'birthPlace', level: 'agree', query: null, record: null });

  it('a place resolves to its former province, or to its 2025 province when the text may mean several, with the former one whose name it kept', () => {
    expect(provincePlaceOf('Tiền Giang')).toBe('082');
    expect(provincePlaceOf('087')).toBe('087');
    expect(provincePlaceOf('Tỉnh Đồng Tháp')).toBe('82/087');
    expect(provincePlaceOf('82')).toBe('82');
    expect(provincePlaceOf('87')).toBeNull();
    expect(provincePlaceOf('01')).toBe('001');
    expect(provincePlaceOf('Hà Nội')).toBe('001');
    expect(provincePlaceOf('Huế')).toBe('046');
    expect(provincePlaceOf('TP HCM')).toBe('79/079');
    expect(provincePlaceOf('Bà Rịa–Vũng Tàu')).toBe('077');
    expect(provincePlaceOf('Atlantis')).toBeNull();
  });

  it('for each of the 63 former provinces, its 2025 province typed by name or by code agrees and is no search veto, weighed by how many it merged unless it names that one; every other 2025 province is different', () => {
    for (const former of PROVINCES) {
      const merged = province2025Of(former.code)!;
      for (const typed of [merged.name, merged.code]) {
        const place = birthPlaceOf(typed, former.code);
        expect({ typed, level: place.level, vetoes: place.vetoes }).toEqual({ typed, level: 'agree', vetoes: [] });
        // By name, the former province whose name the 2025 one kept is named as such ("Đồng Tháp" for old Đồng Tháp).
        const named = typed === merged.name && merged.formerCodes[0] === former.code;
        expect(levelBits(model, place)).toBeCloseTo(agreeBits - (named ? 0 : Math.log2(merged.formerCodes.length)), 6);
      }
      expect(levelBits(model, birthPlaceOf(former.code, former.code))).toBeCloseTo(agreeBits, 6);
      for (const other of PROVINCES_2025.filter((p) => p !== merged)) {
        const place = birthPlaceOf(other.code, former.code);
        expect({ typed: other.code, level: place.level, vetoes: place.vetoes }).toEqual({ typed: other.code, level: 'different', vetoes: ['birth_place_or_parent_different'] });
      }
    }
  });

  it('a residence typed as the 2025 province agrees as that province, and on its commune as the commune, a bit less than the former province', () => {
    // Living in Tiền Giang (082), typed as the new Đồng Tháp, which merged two former provinces.
    const home = { ...person.currentResidence, province: 'Tiền Giang', provinceCode: '082' };
    const living = rowFeatures(mirrorRowOf({ ...person, currentResidence: home }));
    const residenceOf = (residenceProvince: string, residenceCommune?: string) =>
      score(model, personFeatures({ fullName: person.fullName, residenceProvince, residenceCommune }), living, 0).attributes.find((a) => a.attribute === 'residence')!;
    expect([residenceOf('Đồng Tháp', home.commune).level, residenceOf('82').level, residenceOf('86').level]).toEqual(['commune', 'province', 'different']);
    expect(levelBits(model, residenceOf('Đồng Tháp', home.commune))).toBeCloseTo(levelBits(model, residenceOf('Tiền Giang', home.commune)) - 1, 6);
  });
});

describe('weights', () => {
  it('NFC and NFD inputs score the same', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FAMILY_NAMES.map(([n]) => n)), fc.constantFrom(...MALE_GIVEN, ...FEMALE_GIVEN), (family, given) => {
        const name = `${family} Thị ${given}`;
        expect(bitsOf({ fullName: name.normalize('NFD') })).toBe(bitsOf({ fullName: name.normalize('NFC') }));
      }),
    );
  });

  it('a name equal with diacritics never weighs less than one equal only after folding, and more when folding merges names', () => {
    fc.assert(
      fc.property(fc.constantFrom(...people), (c) => {
        const r = rowFeatures(mirrorRowOf(c));
        expect(bitsOf({ fullName: c.fullName }, r)).toBeGreaterThanOrEqual(bitsOf({ fullName: foldDiacritics(c.fullName) }, r));
      }),
    );
    // Hùng, Hưng and Hứng all fold to "hung".
    const hung = rowFeatures(mirrorRowOf({ ...person, fullName: 'Nguyễn Văn Hùng' }));
    expect(bitsOf({ fullName: 'Nguyễn Văn Hùng' }, hung)).toBeGreaterThan(bitsOf({ fullName: 'Nguyen Van Hung' }, hung));
    expect(bitsOf({ fullName: 'Nguyen Van Hung' }, hung)).toBeGreaterThan(0);
  });

  it('a name typed with diacritics that differ only in its marks is another name, not a bare keyboard (Thu and Thư)', () => {
    const thu = rowFeatures(mirrorRowOf({ ...person, fullName: 'Lê Mai Thư' }));
    const givenOf = (fullName: string) => score(model, personFeatures({ fullName }), thu, 0).attributes.find((a) => a.attribute === 'given')!;
    expect(givenOf('Le Mai Thu')).toMatchObject({ level: 'folded' });
    expect(givenOf('Lê Mai Thu')).toMatchObject({ level: 'diacritics_differ' });
    // Far weaker than the same letters typed on a bare keyboard.
    expect(givenOf('Lê Mai Thu').bits).toBeLessThan(givenOf('Le Mai Thu').bits - 3);
  });

  it('a shared Nguyễn counts for less than a shared rare family name', () => {
    const at = (tfValue: string) => levelBits(model, { attribute: 'family', level: 'exact', tfValue, query: null, record: null });
    expect(at('nguyen')).toBeLessThan(2);
    expect(at('kieu')).toBeGreaterThan(at('nguyen') + 5);
  });

  it('comparison levels are symmetric between two registry records, but for a middle name dropped one way and added the other', () => {
    const mirrored: Record<string, string> = { dropped: 'added', added: 'dropped' };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: people.length - 1 }), fc.integer({ min: 0, max: people.length - 1 }), (i, j) => {
        const a = rowFeatures(mirrorRowOf(people[i]!));
        const b = rowFeatures(mirrorRowOf(people[j]!));
        const levels = (x: typeof a, y: typeof a) => compare(x, y, () => 0).attributes.map((c) => c.level);
        expect(levels(a, b)).toEqual(levels(b, a).map((l) => mirrored[l] ?? l));
      }),
      { numRuns: 200 },
    );
  });

  it('a sex contradicting the ID is weighed when everything else agrees (a clerk\'s slip), and a hard conflict beside any other disagreement', () => {
    const wrongSex = person.sex === 'male' ? 'female' : 'male';
    const slip = score(model, personFeatures({ ...claims(person), sex: wrongSex }), record, model.verifyPriorBits, 'verify');
    expect(slip.conflicts).toEqual([]);
    expect(slip.attributes.find((a) => a.attribute === 'sex')).toMatchObject({ level: 'different', bits: expect.any(Number) });
    expect(slip.totalBits).toBeLessThan(score(model, personFeatures(claims(person)), record, model.verifyPriorBits, 'verify').totalBits);
    expect(decide(model, slip, null)).toBe('match');
    const year = person.birthDate.slice(0, 4);
    const otherDate = `${year}-${person.birthDate.slice(5, 7) === '01' ? '07' : '01'}-${person.birthDate.slice(8) === '03' ? '04' : '03'}`;
    const twoErrors = score(model, personFeatures({ ...claims(person), sex: wrongSex, birthDate: otherDate }), record, model.verifyPriorBits, 'verify');
    expect(twoErrors.conflicts).toContain('sex_contradicts_id');
    expect(decide(model, twoErrors, null)).not.toBe('match');
  });

  it('the ID\'s sex digit is the record\'s sex when the record\'s field says otherwise', () => {
    const misfiled = rowFeatures({ ...mirrorRowOf(person), sex: person.sex === 'male' ? 'female' : 'male' });
    const s = score(model, personFeatures(claims(person)), misfiled, model.verifyPriorBits, 'verify');
    expect(s.attributes.find((a) => a.attribute === 'sex')).toMatchObject({ level: 'agree', record: person.sex });
    expect(s.conflicts).toEqual([]);
  });

  it('a middle name typed that the record lacks weighs less than one the record has but was not typed', () => {
    const { family, middle, given } = person.name;
    const bare = rowFeatures(mirrorRowOf({ ...person, fullName: `${family} ${given}` }));
    const middleOf = (fullName: string, r: typeof record) => score(model, personFeatures({ fullName }), r, 0).attributes.find((a) => a.attribute === 'middle')!;
    const dropped = middleOf(`${family} ${given}`, record);
    const added = middleOf(`${family} ${middle} ${given}`, bare);
    expect(dropped.level).toBe('dropped');
    expect(added.level).toBe('added');
    expect(added.bits).toBeLessThan(dropped.bits - 3);
  });

  it('a birth year two or more off the ID is a hard conflict; one off (the lunar year before Tết) is weighed, not vetoed', () => {
    const year = Number(person.birthDate.slice(0, 4));
    const typed = (y: number) => score(model, personFeatures({ ...claims(person), birthDate: `${y}${person.birthDate.slice(4)}` }), record, model.verifyPriorBits, 'verify');
    const twoOff = typed(year - 2);
    expect(twoOff.conflicts).toContain('birth_year_contradicts_id');
    expect(decide(model, twoOff, null)).not.toBe('match');
    const oneOff = typed(year - 1);
    expect(oneOff.conflicts).toEqual([]);
    // 1987 for 1988 is also one digit off; 1989 for 1990 is only a year near.
    expect(['one_digit', 'year_near']).toContain(oneOff.attributes.find((a) => a.attribute === 'birthDate')!.level);
    expect(oneOff.totalBits).toBeLessThan(typed(year).totalBits);
    expect(decide(model, oneOff, null)).toBe('match');
  });
});

function claims(c: typeof person) {
  return { fullName: c.fullName, birthDate: c.birthDate, sex: c.sex, birthPlace: c.birthPlace.provinceCode, fatherName: c.father?.fullName, motherName: c.mother?.fullName };
}

describe('twins', () => {
  const child = people.find((c) => c.household.relationToHead === 'child' && c.birthDate.length === 10)!;
  const names = child.sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN;

  it('a twin is never a match, in verify or in search, whatever the given name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names.filter((g) => foldDiacritics(g).toLowerCase() !== foldDiacritics(child.name.given).toLowerCase())), (given) => {
        const twinFull = [child.name.family, child.name.middle, given].filter(Boolean).join(' ');
        const twin = { ...child, id: `${child.id.slice(0, 6)}${String((Number(child.id.slice(6)) + 1) % 1_000_000).padStart(6, '0')}`, fullName: twinFull, name: { ...child.name, given } };
        const rows = [mirrorRowOf(child), mirrorRowOf(twin)];
        // The twin claims the child's ID with their own details.
        const q = personFeatures(claims(twin));
        expect(verifyPerson(model, q, rowFeatures(rows[0]!), rows.map((row) => ({ row }))).decision).not.toBe('match');
        const ranking = rankCandidates(model, q, memoryBlockingIndex(rows).candidates(q), 100_000_000, 5);
        expect(ranking.candidates.filter((c) => c.row.id === child.id).every((c) => c.decision !== 'match')).toBe(true);
      }),
    );
  });
});

describe('parents\' names, weighed by how common they are (model r7)', () => {
  const tuan = { ...person, id: '001048012345', fullName: 'Trần Văn Tuấn', name: { family: 'Trần', middle: 'Văn', given: 'Tuấn' }, birthDate: '1948-10-14', sex: 'male' as const };
  const parentBits = (attribute: 'father' | 'mother', name: string) => {
    const r = rowFeatures({ ...mirrorRowOf(tuan), fatherName: attribute === 'father' ? name : null, motherName: attribute === 'mother' ? name : null });
    const s = score(model, personFeatures({ fullName: tuan.fullName, [attribute === 'father' ? 'fatherName' : 'motherName']: name }), r, 0);
    return s.attributes.find((a) => a.attribute === attribute)!;
  };

  it('when a common father\'s name agrees ("Trần Văn Hùng"), then it weighs less than a rare one ("Trần Đình Khôi"), and both count for the person', () => {
    const common = parentBits('father', 'Trần Văn Hùng');
    const rare = parentBits('father', 'Trần Đình Khôi');
    expect([common.level, rare.level]).toEqual(['exact', 'exact']);
    expect(common.bits).toBeGreaterThan(0);
    expect(rare.bits).toBeGreaterThan(common.bits + 4);
  });

  it('when a mother\'s name agrees, then her own family name counts too: a Nguyễn mother weighs less than a Kiều one of the same name', () => {
    expect(parentBits('mother', 'Kiều Thị Hoa').bits).toBeGreaterThan(parentBits('mother', 'Nguyễn Thị Hoa').bits + 4);
  });

  it('when a search at 100,000 people types a name and a common father\'s name only, then the one namesake with that father is not a match; with a rare father\'s name it is', () => {
    const withFather = (fatherName: string) => {
      const row = { ...mirrorRowOf(tuan), fatherName };
      const q = personFeatures({ fullName: tuan.fullName, fatherName });
      return rankCandidates(model, q, [{ row, pass: 'year_sex_family_given' }], 100_000, 5).candidates[0]!;
    };
    expect(withFather('Trần Văn Hùng').decision).not.toBe('match');
    expect(withFather('Trần Đình Khôi').decision).toBe('match');
  });
});

describe('diacritics on one side only (model r7)', () => {
  it('when one name carries diacritics and the other is bare, then the name levels and bits are the same whichever side was typed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...people.filter((c) => c.fullName !== foldDiacritics(c.fullName))), (c) => {
        const accented = mirrorRowOf(c);
        const bare = { ...accented, fullName: foldDiacritics(c.fullName) };
        const names = (typed: string, r: typeof accented) =>
          score(model, personFeatures({ fullName: typed }), rowFeatures(r), 0).attributes.filter((a) => ['family', 'middle', 'given'].includes(a.attribute)).map((a) => [a.level, a.bits]);
        expect(names(c.fullName, bare)).toEqual(names(bare.fullName, accented));
      }),
    );
  });

  it('when "Lê Mai Thư" is typed against an old record keyed without marks, "Le Mai Thu", then it is folded, not diacritics_differ', () => {
    const keyedBare = rowFeatures({ ...mirrorRowOf(person), fullName: 'Le Mai Thu' });
    const given = score(model, personFeatures({ fullName: 'Lê Mai Thư' }), keyedBare, 0).attributes.find((a) => a.attribute === 'given')!;
    expect(given.level).toBe('folded');
  });
});

describe('verify: the margin to a namesake counts the claim (model r7)', () => {
  const hung = (id: string, birthDate: string) => mirrorRowOf({ ...person, id, oldIdCard: null, fullName: 'Nguyễn Văn Hùng', name: { family: 'Nguyễn', middle: 'Văn', given: 'Hùng' }, birthDate, sex: 'male' });
  const on19th = hung('001085004411', '1985-03-19');
  const on20th = hung('001085004412', '1985-03-20');
  const others = [{ row: on19th }, { row: on20th }];
  const typed = personFeatures({ fullName: 'Nguyễn Văn Hùng', birthDate: '1985-03-19', sex: 'male' });

  it('when the Nguyễn Văn Hùng born 19 March quotes his own ID and a namesake born the next day is in the mirror, then match: the margin is his evidence plus the verify prior against the namesake\'s', () => {
    const v = verifyPerson(model, { ...typed, id: on19th.id }, rowFeatures(on19th), others);
    const namesake = score(model, typed, rowFeatures(on20th), 0, 'verify').totalBits;
    expect(v.marginBits).toBeCloseTo(model.verifyPriorBits + v.score.totalBits - namesake, 1);
    expect(v).toMatchObject({ decision: 'match', namesakes: 0 });
  });

  it('when someone typing the details of the one born 19 March quotes the ID of the one born 20 March, then not a match', () => {
    const v = verifyPerson(model, { ...typed, id: on20th.id }, rowFeatures(on20th), others);
    expect(v.decision).not.toBe('match');
    expect(v.namesakes).toBe(1);
  });
});

describe('row features', () => {
  it('when a row comes back from the mirror again as a new object, then its name is not read again; when it changed, it is; a typed name is never shared', () => {
    const row = mirrorRowOf(person);
    const first = rowFeatures(row);
    const again = rowFeatures({ ...row });
    expect(again).toEqual(first);
    expect(again.names[0]).toBe(first.names[0]);
    const renamed = rowFeatures({ ...row, fullName: 'Trần Thị Mỹ Duyên' });
    expect(renamed.names[0]!.given!.accented).toBe('duyên');
    const typed = personFeatures({ fullName: row.fullName });
    expect(typed.names[0]).toEqual(first.names[0]);
    expect(typed.names[0]).not.toBe(first.names[0]);
  });
});

describe('search: a namesake whose record contradicts a typed birth place or parent is not a match (model r8)', () => {
  const hong = { ...person, id: '080319004521', fullName: 'Hồ Khánh Hồng', name: { family: 'Hồ', middle: 'Khánh', given: 'Hồng' }, birthDate: '2019-06-15', sex: 'female' as const };
  const namesake = (patch: Partial<ReturnType<typeof mirrorRowOf>>) => ({ ...mirrorRowOf(hong), birthProvince: '080', fatherName: 'Hồ Văn Phúc', motherName: 'Lê Thị Hoa', ...patch });
  const first = (typed: Parameters<typeof personFeatures>[0], row: ReturnType<typeof mirrorRowOf>) =>
    rankCandidates(model, personFeatures({ fullName: hong.fullName, birthDate: hong.birthDate, sex: hong.sex, ...typed }), [{ row, pass: 'birth_date_family' }], 100_000, 5).candidates[0]!;

  it('when a search types the birth place (Long An) and the one "Hồ Khánh Hồng" of that birth date was born in Tây Ninh, then she is possible, not a match', () => {
    const c = first({ birthPlace: '080' }, namesake({ birthProvince: '072' }));
    expect(c.score.vetoes).toContain('birth_place_or_parent_different');
    expect(c.decision).toBe('possible');
    expect(first({ birthPlace: '080' }, namesake({})).decision).toBe('match');
  });

  it('when a search types a father "Hồ Văn Phú" or a mother "Trần Thị Giang" that the namesake\'s record contradicts, then not a match', () => {
    expect(first({ fatherName: 'Hồ Văn Phú' }, namesake({})).decision).not.toBe('match');
    expect(first({ motherName: 'Trần Thị Giang' }, namesake({})).decision).not.toBe('match');
    expect(first({ motherName: 'Lê Thị Hoa' }, namesake({})).decision).toBe('match');
  });

  it('when verify quotes the ID, then a birth place that differs is weighed, not a veto', () => {
    const row = namesake({ birthProvince: '072' });
    const v = verifyPerson(model, personFeatures({ id: row.id, fullName: hong.fullName, birthDate: hong.birthDate, sex: hong.sex, birthPlace: '080' }), rowFeatures(row), [{ row }]);
    expect(v.score.vetoes).toEqual([]);
  });
});

describe('search: a first candidate whose date agrees only after a slip is not lifted above its own posterior (model r8)', () => {
  const nam = { ...person, id: '079068001234', oldIdCard: null, fullName: 'Vũ Văn Nam', name: { family: 'Vũ', middle: 'Văn', given: 'Nam' }, birthDate: '1968-05-02', sex: 'male' as const };
  const row = { ...mirrorRowOf(nam), birthProvince: '079', residenceProvince: '079', residenceCommune: 'Phường Bến Thành', fatherName: null, motherName: null };
  const first = (birthDate: string) =>
    rankCandidates(model, personFeatures({ fullName: 'Vũ Văn Nam', birthDate, sex: 'male', birthPlace: '079', residenceProvince: '079' }), [{ row, pass: 'birth_date_family' }], 1_000_000, 5).candidates[0]!;

  it('when an absent "Vũ Văn Nam" born 2 January 1968 is sought among a million people, then the one born 2 May 1968 is not a match (one digit off)', () => {
    const c = first('1968-01-02');
    expect(c.score.attributes.find((a) => a.attribute === 'birthDate')!.level).toBe('one_digit');
    expect(c.decision).toBe('possible');
  });

  it('when he types 2 May 1968, then the same record is a match', () => {
    expect(first('1968-05-02').decision).toBe('match');
  });
});
