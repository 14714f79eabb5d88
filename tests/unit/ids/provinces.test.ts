import { PROVINCES, provinceByCode } from '../../../src/ids';

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
