import fc from 'fast-check';
import { checkConsistency, makeCitizenId, parseCitizenId, PROVINCES, type CitizenId, type Sex } from '../../../src/ids';

const TODAY = new Date('2025-11-27T09:00:00Z');

function parsed(id: string): CitizenId {
  const result = parseCitizenId(id, TODAY);
  if (!result.ok) throw new Error(`expected ${id} to parse: ${result.error.message.en}`);
  return result.value;
}

function errorCode(input: string, today = TODAY): string | undefined {
  const result = parseCitizenId(input, today);
  return result.ok ? undefined : result.error.code;
}

describe('parseCitizenId', () => {
  it('decodes province, century, sex and birth year', () => {
    expect(parseCitizenId('079203001234', TODAY)).toEqual({
      ok: true,
      value: { id: '079203001234', provinceCode: '079', provinceName: 'TP Hồ Chí Minh', sex: 'male', birthYear: 2003, century: 2000 },
    });
  });

  it.each([
    ['001185012345', '001', 'Hà Nội', 'female', 1985, 1900],
    ['038090000017', '038', 'Thanh Hóa', 'male', 1990, 1900],
    ['087301000123', '087', 'Đồng Tháp', 'female', 2001, 2000],
    ['046100999999', '046', 'Thừa Thiên Huế', 'female', 1900, 1900],
    ['001225000001', '001', 'Hà Nội', 'male', 2025, 2000],
  ])('reads %s as %s %s, %s, born %i', (id, provinceCode, provinceName, sex, birthYear, century) => {
    expect(parsed(id)).toEqual({ id, provinceCode, provinceName, sex, birthYear, century });
  });

  it('accepts surrounding whitespace, including a no-break space, and returns the bare number', () => {
    expect(parsed(' \t079203001234\n').id).toBe('079203001234');
    expect(parsed('\u00a0079203001234\u00a0').id).toBe('079203001234');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['07920300123', 'length'],
    ['0792030012345', 'length'],
    ['079 203 001 234', 'non_digit'],
    ['079.203.001.234', 'non_digit'],
    ['079-203-001-234', 'non_digit'],
    ['+84079203001234', 'non_digit'],
    ['07920300123O', 'non_digit'],
    ['0792030\u00a001234', 'non_digit'],
    ['\u200b079203001234', 'non_digit'],
    ['０７９２０３００１２３４', 'lookalike_digit'],
    ['٠٧٩٢٠٣٠٠١٢٣٤', 'lookalike_digit'],
    ['۰۷۹۲۰۳۰۰۱۲۳۴', 'lookalike_digit'],
    ['07920300123４', 'lookalike_digit'],
    ['07920300123²', 'lookalike_digit'],
  ])('rejects %j with %s rather than guess', (input, code) => {
    expect(errorCode(input)).toBe(code);
  });

  it('names the offending character and its code point in both languages', () => {
    const result = parseCitizenId('0792030012３4', TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.en).toContain('U+FF13');
    expect(result.error.message.vi).toContain('U+FF13');
  });

  it('rejects a code that was never a province (003, 097)', () => {
    expect(errorCode('003203001234')).toBe('unknown_province');
    expect(errorCode('097203001234')).toBe('unknown_province');
  });

  it('[unconfirmed] rejects a first digit other than 0 (birth registered abroad) until the country codes are confirmed', () => {
    const result = parseCitizenId('101203001234', TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('unknown_province');
    expect(result.error.message.en).toContain('abroad');
  });

  it('rejects a birth year after the current year', () => {
    expect(errorCode('001226000001')).toBe('future_birth_year');
    expect(errorCode('001403000001')).toBe('future_birth_year');
    expect(errorCode('001226000001', new Date('2026-06-01T00:00:00Z'))).toBeUndefined();
  });

  it('judges "future" on Vietnamese time (UTC+7), so a child registered on 1 January is not refused', () => {
    expect(errorCode('001226000001', new Date('2025-12-31T17:30:00Z'))).toBeUndefined();
    expect(errorCode('001226000001', new Date('2025-12-31T16:59:59Z'))).toBe('future_birth_year');
  });

  it('has no check digit: changing any of the last six digits still parses', () => {
    for (const id of ['079203001235', '079203999999', '079203000000']) expect(errorCode(id)).toBeUndefined();
  });
});

describe('checkConsistency', () => {
  const id = parsed('079203001234');

  it('finds nothing when the record agrees, at any date precision', () => {
    expect(checkConsistency(id, { birthDate: '2003-05-17', sex: 'male' })).toEqual([]);
    expect(checkConsistency(id, { birthDate: '2003-05' })).toEqual([]);
    expect(checkConsistency(id, { birthDate: '2003' })).toEqual([]);
    expect(checkConsistency(id, {})).toEqual([]);
  });

  it.each([
    [{ birthDate: '1903-05-17' }, ['century']],
    [{ birthDate: '2004' }, ['birth_year']],
    [{ birthDate: '1998-01' }, ['century', 'birth_year']],
    [{ sex: 'female' as Sex }, ['sex']],
    [{ birthDate: '2004-02-29', sex: 'female' as Sex }, ['birth_year', 'sex']],
  ])('reports %j as %j', (record, codes) => {
    const mismatches = checkConsistency(id, record);
    expect(mismatches.map((m) => m.code)).toEqual(codes);
    for (const { message } of mismatches) {
      expect(message.vi).not.toBe('');
      expect(message.en).not.toBe('');
    }
  });

  it('refuses a birth date in any other format instead of guessing', () => {
    expect(() => checkConsistency(id, { birthDate: '17/05/2003' })).toThrow(RangeError);
    expect(() => checkConsistency(id, { birthDate: '2003-13' })).toThrow(RangeError);
    expect(() => checkConsistency(id, { birthDate: '03' })).toThrow(RangeError);
  });
});

describe('makeCitizenId', () => {
  it('builds the number digit by digit', () => {
    expect(makeCitizenId({ provinceCode: '079', sex: 'male', birthYear: 2003, serial: 1234 })).toBe('079203001234');
    expect(makeCitizenId({ provinceCode: '001', sex: 'female', birthYear: 1985, serial: 12345 })).toBe('001185012345');
    expect(makeCitizenId({ provinceCode: '096', sex: 'female', birthYear: 2399, serial: 999_999 })).toBe('096999999999');
  });

  it.each([
    [{ provinceCode: '003', sex: 'male' as Sex, birthYear: 2003, serial: 1 }],
    [{ provinceCode: '079', sex: 'male' as Sex, birthYear: 1899, serial: 1 }],
    [{ provinceCode: '079', sex: 'male' as Sex, birthYear: 2400, serial: 1 }],
    [{ provinceCode: '079', sex: 'male' as Sex, birthYear: 2003, serial: 1_000_000 }],
    [{ provinceCode: '079', sex: 'male' as Sex, birthYear: 2003, serial: -1 }],
    [{ provinceCode: '079', sex: 'male' as Sex, birthYear: 2003, serial: 1.5 }],
  ])('throws on parts no ID can carry: %j', (parts) => {
    expect(() => makeCitizenId(parts)).toThrow(RangeError);
  });
});

describe('citizen ID properties', () => {
  const parts = fc.record({
    provinceCode: fc.constantFrom(...PROVINCES.map((p) => p.code)),
    sex: fc.constantFrom<Sex>('male', 'female'),
    birthYear: fc.integer({ min: 1900, max: 2025 }),
    serial: fc.integer({ min: 0, max: 999_999 }),
  });

  it('every generated ID parses back to the parts it was made from', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const id = makeCitizenId(p);
        const value = parsed(id);
        expect(value).toMatchObject({ provinceCode: p.provinceCode, sex: p.sex, birthYear: p.birthYear });
        expect(Number(id.slice(6))).toBe(p.serial);
        expect(checkConsistency(value, { birthDate: String(p.birthYear), sex: p.sex })).toEqual([]);
      }),
    );
  });

  it('every 12-digit string that parses is rebuilt exactly from its decoded parts', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0\d{11}$/), (id) => {
        const result = parseCitizenId(id, TODAY);
        fc.pre(result.ok);
        if (!result.ok) return;
        const { provinceCode, sex, birthYear } = result.value;
        expect(makeCitizenId({ provinceCode, sex, birthYear, serial: Number(id.slice(6)) })).toBe(id);
      }),
    );
  });

  it('a separator or look-alike digit anywhere inside a valid ID is rejected', () => {
    const intruder = fc.constantFrom(' ', '.', '-', '\u00a0', '０', '٣', '/');
    fc.assert(
      fc.property(parts, intruder, fc.integer({ min: 1, max: 11 }), (p, ch, at) => {
        const id = makeCitizenId(p);
        expect(parseCitizenId(id.slice(0, at) + ch + id.slice(at), TODAY).ok).toBe(false);
        expect(parseCitizenId(id.slice(0, at) + ch + id.slice(at + 1), TODAY).ok).toBe(false);
      }),
    );
  });
});
