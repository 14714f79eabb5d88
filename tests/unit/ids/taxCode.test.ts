import fc from 'fast-check';
import { makeTaxCode, parseTaxCode } from '../../../src/ids';

function errorCode(input: string): string | undefined {
  const result = parseTaxCode(input);
  return result.ok ? undefined : result.error.code;
}

const validCode = fc
  .stringMatching(/^\d{9}$/)
  .map(makeTaxCode)
  .filter((code): code is string => code !== null);

describe('parseTaxCode', () => {
  it.each(['0100233488', '0300588569', '0101248141', '0100109106'])('accepts the published vector %s', (code) => {
    expect(parseTaxCode(code)).toEqual({ ok: true, value: { kind: 'enterprise', code } });
  });

  it('rejects the published invalid vector 0100233480', () => {
    expect(errorCode('0100233480')).toBe('check_digit');
  });

  it('reads a dependent unit with or without the hyphen, and returns the hyphenated form with its parent', () => {
    const branch = { ok: true, value: { kind: 'branch', code: '0100233488-001', parentCode: '0100233488' } };
    expect(parseTaxCode('0100233488-001')).toEqual(branch);
    expect(parseTaxCode('0100233488001')).toEqual(branch);
  });

  // The accepted shapes, stated explicitly: digit groups split by single spaces or by single dots,
  // one kind throughout, then an optional hyphen (spaced or not) before the 3-digit suffix.
  it.each([
    ['01.00.233.488', '0100233488'],
    ['0100 233 488', '0100233488'],
    ['01 0023348 8', '0100233488'],
    ['0312 68 78 78 - 001', '0312687878-001'],
    ['0100233488 - 001', '0100233488-001'],
    ['0100233488 -001', '0100233488-001'],
    ['0100233488 001', '0100233488-001'],
    ['0100233488.001', '0100233488-001'],
    ['  0100233488-001\t', '0100233488-001'],
  ])('accepts the separated form %j as %s', (input, code) => {
    const result = parseTaxCode(input);
    expect(result.ok && result.value.code).toBe(code);
  });

  it.each([
    ['0100233488--001', 'format'],
    ['0100233488-  001', 'format'],
    ['0100  233488', 'format'],
    ['0100..233488', 'format'],
    ['0100233488.', 'format'],
    ['.0100233488', 'format'],
    ['0100 233.488', 'format'],
    ['01.00.233.488 001', 'format'],
    ['0100233-488', 'format'],
    ['010023-3488001', 'format'],
    ['0100233488-', 'format'],
    ['0100233488-01', 'length'],
    ['010023348', 'length'],
    ['01002334880011', 'length'],
    ['', 'empty'],
    ['0100233488/001', 'non_digit'],
    ['0100233488_001', 'non_digit'],
    ['MST0100233488', 'non_digit'],
    ['０１００２３３４８８', 'lookalike_digit'],
    ['٠١٠٠٢٣٣٤٨٨', 'lookalike_digit'],
  ])('rejects %j with %s', (input, code) => {
    expect(errorCode(input)).toBe(code);
  });

  it('rejects a sequence N3–N9 of all zeros, whatever the check digit', () => {
    for (let check = 0; check <= 9; check += 1) expect(errorCode(`010000000${check}`)).toBe('zero_sequence');
  });

  it('rejects the branch suffix 000', () => {
    expect(errorCode('0100233488-000')).toBe('branch_suffix');
    expect(errorCode('0100233488000')).toBe('branch_suffix');
  });

  it('rejects a branch whose first ten digits are invalid', () => {
    expect(errorCode('0100233480-001')).toBe('check_digit');
  });
});

describe('makeTaxCode', () => {
  it('appends 10 − (S mod 11), including the edge remainders 1 (→ 9) and 10 (→ 0)', () => {
    expect(makeTaxCode('010023348')).toBe('0100233488');
    expect(makeTaxCode('010023356')).toBe('0100233569');
    expect(makeTaxCode('010023359')).toBe('0100233590');
  });

  it('returns null when S mod 11 = 0 (the formula gives 10) or the sequence is all zeros', () => {
    expect(makeTaxCode('010023352')).toBeNull();
    expect(makeTaxCode('010000000')).toBeNull();
    for (let check = 0; check <= 9; check += 1) expect(parseTaxCode(`010023352${check}`).ok).toBe(false);
  });

  it('throws unless given exactly nine ASCII digits', () => {
    expect(() => makeTaxCode('01002334')).toThrow(RangeError);
    expect(() => makeTaxCode('01002334a')).toThrow(RangeError);
    expect(() => makeTaxCode('０１００２３３４８')).toThrow(RangeError);
  });
});

describe('tax code properties', () => {
  it('every generated code parses as an enterprise, and as a branch with any suffix but 000', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 1, max: 999 }), (code, branch) => {
        expect(parseTaxCode(code)).toEqual({ ok: true, value: { kind: 'enterprise', code } });
        const suffix = String(branch).padStart(3, '0');
        expect(parseTaxCode(`${code}-${suffix}`)).toEqual({ ok: true, value: { kind: 'branch', code: `${code}-${suffix}`, parentCode: code } });
      }),
    );
  });

  it('every single-digit substitution of a valid code is rejected', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (code, at, shift) => {
        const digit = (Number(code.charAt(at)) + shift) % 10;
        const typo = `${code.slice(0, at)}${digit}${code.slice(at + 1)}`;
        expect(parseTaxCode(typo).ok).toBe(false);
      }),
    );
  });

  it('at most one last digit completes any nine-digit prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (prefix) => {
        const valid = [...'0123456789'].filter((d) => parseTaxCode(prefix + d).ok);
        expect(valid).toEqual(makeTaxCode(prefix) === null ? [] : [makeTaxCode(prefix)?.charAt(9)]);
      }),
    );
  });
});
