import fc from 'fast-check';
import { formsOf, personFeatures } from '../../../src/matching/personFeatures';
import { foldedKey, nameKey, phoneticKey } from '../../../src/names';

// Syllables with old and new tone placement, NFD, capitals, đ, stray combining marks and odd spacing.
const syllables = ['Nguyễn', 'nguyen', 'Hoà', 'hòa', 'THUỶ', 'thủy', 'Đặng', 'Trần', 'Giang', 'Hưng', 'Hứng', 'qúy', 'khoẻ', 'Võ', 'Huỳnh', '\u0300', 'Thị', 'Ngọc', 'Ánh'];
const typed = fc
  .array(fc.tuple(fc.constantFrom(...syllables), fc.boolean(), fc.constantFrom(' ', '  ', '\t', ' \u00a0')), { maxLength: 6 })
  .map((words) => words.map(([w, nfd, space]) => (nfd ? w.normalize('NFD') : w) + space).join(''));

describe('formsOf (word-by-word, memoised)', () => {
  it('equals nameKey, foldedKey and phoneticKey of the whole string', () => {
    fc.assert(
      fc.property(typed, (s) => {
        expect(formsOf(s)).toEqual({ accented: nameKey(s), folded: foldedKey(s), phonetic: phoneticKey(s) });
      }),
      { numRuns: 500 },
    );
  });
});

describe('a record\'s features (remembered) and a query\'s (not)', () => {
  it('are the same for the same text, the first time and every time after', () => {
    fc.assert(
      fc.property(typed, typed, (name, parent) => {
        const input = { fullName: name, fatherName: parent, motherName: name, residenceCommune: `Xã ${parent}` };
        const query = personFeatures(input);
        for (let i = 0; i < 2; i++) {
          const record = personFeatures(input, { readings: false });
          expect(record.names).toEqual(query.names.slice(0, 1));
          expect([record.father, record.mother, record.residenceCommune]).toEqual([query.father, query.mother, query.residenceCommune]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
