import { PROVINCES, PROVINCES_2025, province2025ByCode, province2025Of, provinceByCode } from '../../../src/ids';

describe('birth-registration province codes (domain.md §1)', () => {
  it('lists the 63 pre-2025 provinces, each code three digits and unique', () => {
    expect(PROVINCES).toHaveLength(63);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(63);
    for (const { code } of PROVINCES) expect(code).toMatch(/^0\d{2}$/);
  });

  it('stores names in NFC, so they compare equal to normalised input', () => {
    for (const { name } of PROVINCES) expect(name).toBe(name.normalize('NFC'));
  });

  it('finds a province by its code', () => {
    expect(provinceByCode('001')?.name).toBe('Hà Nội');
    expect(provinceByCode('079')?.name).toBe('TP Hồ Chí Minh');
    expect(provinceByCode('096')?.name).toBe('Cà Mau');
  });

  it('keeps old Đồng Tháp (087) and Tiền Giang (082) although the 2025 merger retired code 87', () => {
    expect(provinceByCode('087')?.name).toBe('Đồng Tháp');
    expect(provinceByCode('082')?.name).toBe('Tiền Giang');
  });

  it('knows no gaps in the numbering or two-digit forms', () => {
    expect(provinceByCode('003')).toBeUndefined();
    expect(provinceByCode('097')).toBeUndefined();
    expect(provinceByCode('79')).toBeUndefined();
  });
});

describe('the 34 provinces since 1 July 2025 (domain.md §4)', () => {
  it('has the 34 codes of Decision 19/2025/QĐ-TTg', () => {
    expect(PROVINCES_2025.map((p) => p.code)).toEqual(['01', '04', '08', '11', '12', '14', '15', '19', '20', '22', '24', '25', '31', '33', '37', '38', '40', '42', '44', '46', '48', '51', '52', '56', '66', '68', '75', '79', '80', '82', '86', '91', '92', '96']);
  });

  it('covers each of the 63 former provinces exactly once, each named after the first of them', () => {
    const former = PROVINCES_2025.flatMap((p) => p.formerCodes);
    expect([...former].sort()).toEqual(PROVINCES.map((p) => p.code).sort());
    // Thừa Thiên Huế became Huế, a city under the centre, with no other change.
    for (const p of PROVINCES_2025) expect(p.name).toBe(p.code === '46' ? 'Huế' : provinceByCode(p.formerCodes[0]!)?.name);
    for (const p of PROVINCES_2025) expect(p.name).toBe(p.name.normalize('NFC'));
  });

  it('gives each 2025 province the code of one of the former provinces it merged', () => {
    for (const p of PROVINCES_2025) expect(p.formerCodes).toContain(`0${p.code}`);
  });

  it('puts Tiền Giang and old Đồng Tháp in the new Đồng Tháp, under Tiền Giang\'s code 82', () => {
    expect(province2025Of('082')).toBe(province2025ByCode('82'));
    expect(province2025Of('087')?.name).toBe('Đồng Tháp');
    expect(province2025ByCode('82')?.formerCodes).toEqual(['087', '082']);
    expect(province2025Of('001')?.formerCodes).toEqual(['001']);
    expect(province2025ByCode('87')).toBeUndefined();
    expect(province2025Of('82')).toBeUndefined();
  });
});
