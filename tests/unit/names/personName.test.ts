import { phoneticKey, splitFullName, surnameEquivalenceClass } from '../../../src/names';

describe('splitFullName', () => {
  it.each([
    ['Nguyễn Văn An', 'Nguyễn', 'Văn', 'An'],
    ['Trần Thị Thu Hương', 'Trần', 'Thị Thu', 'Hương'],
    ['Lê Lợi', 'Lê', '', 'Lợi'],
    ['Hằng', '', '', 'Hằng'],
    ['', '', '', ''],
    ['  Phạm   Minh\u00a0Chính ', 'Phạm', 'Minh', 'Chính'],
    // Compound family names are not recognised: the first word is always the family name.
    ['Tôn Nữ Thị Ninh', 'Tôn', 'Nữ Thị', 'Ninh'],
  ])('splits %j into family %j, middle %j, given %j', (raw, family, middle, given) => {
    expect(splitFullName(raw)).toEqual({ family, middle, given, raw });
  });

  it('returns NFC parts but keeps the raw input byte for byte', () => {
    const raw = 'Huỳnh Thị Hoà'.normalize('NFD');
    const name = splitFullName(raw);
    expect(name.raw).toBe(raw);
    expect(name.given).toBe('Hoà'.normalize('NFC'));
    expect(name.family).toBe('Huỳnh');
  });
});

describe('phoneticKey (a heuristic)', () => {
  it.each([
    ['Trần', 'Chần'],
    ['Sương', 'Xương'],
    ['Dũng', 'Giũng'],
    ['Dũng', 'Rũng'],
    ['Giang', 'Dang'],
    ['gì', 'dì'],
    ['Loan', 'Loang'],
    ['Lạc', 'Lạt'],
    ['Trúc', 'Chút'],
    ['Đông', 'đông'],
  ])('merges %s and %s', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });

  it.each([
    ['Lan', 'Lam'],
    ['Bình', 'Minh'],
    ['Thanh', 'Chanh'],
    ['Ghi', 'Di'],
    ['Anh', 'An'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(phoneticKey(a)).not.toBe(phoneticKey(b));
  });

  it('works word by word on a full name', () => {
    expect(phoneticKey('Trương Xuân Giang')).toBe('chuon suan dan');
  });
});

describe('surnameEquivalenceClass', () => {
  it('puts Huỳnh and Hoàng in one class, and Võ and Vũ in another', () => {
    expect(surnameEquivalenceClass('Huỳnh')).toBe(surnameEquivalenceClass('Hoàng'));
    expect(surnameEquivalenceClass('Võ')).toBe(surnameEquivalenceClass('Vũ'));
    expect(surnameEquivalenceClass('Hoàng')).not.toBe(surnameEquivalenceClass('Võ'));
  });

  it('ignores case and diacritics, so a stripped variant still meets its class', () => {
    expect(surnameEquivalenceClass('HUYNH')).toBe(surnameEquivalenceClass('hoàng'));
    expect(surnameEquivalenceClass('Vu')).toBe(surnameEquivalenceClass('Võ'));
  });

  it('leaves other family names in classes of their own', () => {
    expect(surnameEquivalenceClass('Nguyễn')).not.toBe(surnameEquivalenceClass('Hoàng'));
    expect(surnameEquivalenceClass('Lê')).not.toBe(surnameEquivalenceClass('Lý'));
    expect(surnameEquivalenceClass('Phạm')).not.toBe(surnameEquivalenceClass('Vũ'));
  });

  it('compares without rewriting: the split name keeps the form as written', () => {
    expect(splitFullName('Huỳnh Văn Bé').family).toBe('Huỳnh');
  });
});
