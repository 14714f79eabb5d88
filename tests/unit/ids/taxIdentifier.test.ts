import { parseTaxIdentifier } from '../../../src/ids';

const TODAY = new Date('2025-11-27T09:00:00Z');

describe('parseTaxIdentifier', () => {
  it('reads 10 digits as an enterprise code (or a legacy personal code: the number cannot tell)', () => {
    expect(parseTaxIdentifier('0100233488', TODAY)).toEqual({ ok: true, value: { kind: 'enterprise', code: '0100233488' } });
  });

  it('reads 13 digits as a dependent unit', () => {
    const result = parseTaxIdentifier('0100233488001', TODAY);
    expect(result).toEqual({ ok: true, value: { kind: 'branch', code: '0100233488-001', parentCode: '0100233488' } });
  });

  it('reads 12 digits as the personal ID used as tax code since 1 July 2025', () => {
    const result = parseTaxIdentifier('079203001234', TODAY);
    expect(result.ok && result.value).toMatchObject({ kind: 'personal_id', code: '079203001234', citizen: { birthYear: 2003 } });
  });

  it('applies the personal-ID rules to twelve digits: no separators, known province', () => {
    const codes = ['079 203 001 234', '003203001234'].map((input) => {
      const result = parseTaxIdentifier(input, TODAY);
      return result.ok ? undefined : result.error.code;
    });
    expect(codes).toEqual(['non_digit', 'unknown_province']);
  });

  it('names all three accepted lengths when the length is wrong', () => {
    const result = parseTaxIdentifier('01002334881', TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('length');
    expect(result.error.message.en).toMatch(/12.*10.*13/);
  });

  it('passes tax-code errors through', () => {
    const result = parseTaxIdentifier('0100233480', TODAY);
    expect(result.ok ? undefined : result.error.code).toBe('check_digit');
  });
});
