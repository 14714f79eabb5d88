import fc from 'fast-check';
import { canonicalTone, foldCase, foldDiacritics, foldedKey, nameKey, normaliseText } from '../../../src/names';

const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const LETTERS = [
  ...VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC'))),
  ...'bcdđghklmnpqrstvx',
];
// Vietnamese letters in both cases, whitespace of several kinds and stray combining marks, the last
// two often enough that a mark between two spaces turns up.
const vietnamese = fc.string({
  unit: fc.oneof(
    { arbitrary: fc.constantFrom(...LETTERS, ...LETTERS.map((l) => l.toUpperCase())), weight: 6 },
    { arbitrary: fc.constantFrom(' ', '  ', '\t', '\u00a0'), weight: 2 },
    { arbitrary: fc.constantFrom(...TONES.slice(1), '\u0302', '\u031b'), weight: 1 },
  ),
});
const anything = fc.string({ unit: 'binary' });
const texts = fc.oneof(vietnamese, anything);

describe('normaliseText', () => {
  it('trims, collapses whitespace of any kind and composes to NFC', () => {
    expect(normaliseText('  Nguyễn\u00a0 Văn\t\nAn ')).toBe('Nguyễn Văn An');
    expect(normaliseText('Hòa'.normalize('NFD'))).toBe('Hòa'.normalize('NFC'));
    expect(normaliseText('Hòa'.normalize('NFD')).length).toBe(3);
  });

  it('keeps case, diacritics and tone placement', () => {
    expect(normaliseText('Thanh Hoá')).toBe('Thanh Hoá');
  });
});

describe('foldCase', () => {
  it('lower-cases Vietnamese capitals, Đ included', () => {
    expect(foldCase('ĐẶNG THỊ THỦY')).toBe('đặng thị thủy');
  });
});

describe('foldDiacritics', () => {
  it.each([
    ['Nguyễn Thị Hường', 'Nguyen Thi Huong'],
    ['Đặng Đức Định', 'Dang Duc Dinh'],
    ['đđĐĐ', 'ddDD'],
    ['Ðặng', 'Dang'],
    ['ðức', 'duc'],
    ['Ăn Ấn Ơn Ưng', 'An An On Ung'],
  ])('folds %s to %s', (input, folded) => {
    expect(foldDiacritics(input)).toBe(folded);
    expect(foldDiacritics(input.normalize('NFD'))).toBe(folded);
  });

  it('merges Hùng, Hưng and Hứng, which is why folded equality is the weaker level', () => {
    expect(new Set(['Hùng', 'Hưng', 'Hứng'].map(foldDiacritics))).toEqual(new Set(['Hung']));
  });
});

describe('canonicalTone (traditional "hòa" placement: tone on the first vowel of a final oa/oe/uy)', () => {
  it.each([
    ['hoà', 'hòa'],
    ['Hoà', 'Hòa'],
    ['HOÀ', 'HÒA'],
    ['toà', 'tòa'],
    ['hoạ', 'họa'],
    ['khoẻ', 'khỏe'],
    ['loè', 'lòe'],
    ['thuỷ', 'thủy'],
    ['thuý', 'thúy'],
    ['tuỳ', 'tùy'],
    ['oà', 'òa'],
    ['Uỷ ban nhân dân tỉnh Thanh Hoá', 'Ủy ban nhân dân tỉnh Thanh Hóa'],
  ])('rewrites %s as %s', (input, canonical) => {
    expect(canonicalTone(input)).toBe(canonical);
    expect(canonicalTone(input.normalize('NFD'))).toBe(canonical);
  });

  it.each(['hòa', 'thủy', 'khỏe', 'hoàng', 'toán', 'thuyền', 'hoạch', 'quý', 'quỳnh', 'quà', 'khuỷu', 'ngoài', 'xoáy', 'ngoẹo', 'mùa', 'Hòa Bình'])(
    'leaves %s alone (already canonical, a final consonant, "qu", or three vowels)',
    (word) => {
      expect(canonicalTone(word)).toBe(word);
    },
  );

  const initials = fc.constantFrom('', 'h', 'kh', 'th', 't', 'l', 'x', 'ng', 'nh', 'ch', 'tr', 's', 'd', 'đ', 'g', 'b', 'm', 'n', 'v', 'ph', 'H', 'Th');
  const pairs = fc.constantFrom(['o', 'a'], ['o', 'e'], ['u', 'y'], ['O', 'A'], ['U', 'Y']);
  const tones = fc.constantFrom(...TONES.slice(1));

  it('maps both placements of any open oa/oe/uy syllable to the first-vowel one', () => {
    fc.assert(
      fc.property(initials, pairs, tones, (initial, [first = '', second = ''], tone) => {
        const oldStyle = `${initial}${first}${tone}${second}`.normalize('NFC');
        const newStyle = `${initial}${first}${second}${tone}`.normalize('NFC');
        expect(canonicalTone(newStyle)).toBe(oldStyle);
        expect(canonicalTone(oldStyle)).toBe(oldStyle);
      }),
    );
  });

  it('never moves a tone when a final consonant follows', () => {
    fc.assert(
      fc.property(initials, pairs, tones, fc.constantFrom('n', 'ng', 'nh', 't', 'c', 'ch', 'm', 'p'), (initial, [first = '', second = ''], tone, final) => {
        const word = `${initial}${first}${second}${tone}${final}`.normalize('NFC');
        expect(canonicalTone(word)).toBe(word);
      }),
    );
  });
});

describe('nameKey and foldedKey', () => {
  it('give one key to old and new tone placement, any case and any spacing', () => {
    expect(nameKey('  NGUYỄN   Thị  Thuỷ ')).toBe('nguyễn thị thủy');
    expect(nameKey('Nguyễn Thị Thủy')).toBe('nguyễn thị thủy');
    expect(nameKey('Lê Hoà')).toBe(nameKey('lê hòa'));
  });

  it('keep distinct names distinct in the accented key, and merge them in the folded one', () => {
    expect(nameKey('Hùng')).not.toBe(nameKey('Hưng'));
    expect(foldedKey('Hùng')).toBe(foldedKey('Hưng'));
  });

  it('collapse the spaces around a stray mark that folding removes', () => {
    expect(foldedKey('Lan \u0301 Anh')).toBe('lan anh');
    expect(foldedKey('\u0301 Lan')).toBe('lan');
  });

  it('fold to plain ASCII', () => {
    expect(foldedKey('ĐẶNG  Thị Hoà')).toBe('dang thi hoa');
    expect(foldedKey('Trần Thị Khoẻ')).toBe('tran thi khoe');
  });
});

describe('normalisation properties', () => {
  it('folding is idempotent', () => {
    fc.assert(fc.property(texts, (s) => expect(foldDiacritics(foldDiacritics(s))).toBe(foldDiacritics(s))));
  });

  it('nameKey, foldedKey and canonicalTone are idempotent', () => {
    fc.assert(
      fc.property(texts, (s) => {
        expect(nameKey(nameKey(s))).toBe(nameKey(s));
        expect(foldedKey(foldedKey(s))).toBe(foldedKey(s));
        expect(canonicalTone(canonicalTone(s))).toBe(canonicalTone(s));
      }),
    );
  });

  it('NFC and NFD inputs give identical keys', () => {
    fc.assert(
      fc.property(texts, (s) => {
        const [nfc, nfd] = [s.normalize('NFC'), s.normalize('NFD')];
        expect(nameKey(nfd)).toBe(nameKey(nfc));
        expect(foldedKey(nfd)).toBe(foldedKey(nfc));
        expect(foldDiacritics(nfd)).toBe(foldDiacritics(nfc));
        expect(canonicalTone(nfd)).toBe(canonicalTone(nfc));
      }),
    );
  });

  it('moving a tone never changes the letters', () => {
    fc.assert(fc.property(texts, (s) => expect(foldDiacritics(canonicalTone(s))).toBe(foldDiacritics(s.normalize('NFC')))));
  });

  it('the folded key of Vietnamese text is lower-case ASCII words separated by single spaces', () => {
    fc.assert(fc.property(vietnamese, (s) => expect(foldedKey(s)).toMatch(/^(?:[a-z]+(?: [a-z]+)*)?$/)));
  });
});
