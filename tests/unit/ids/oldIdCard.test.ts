import { parseOldIdCard } from '../../../src/ids';

describe('parseOldIdCard (9-digit CMND)', () => {
  it('accepts exactly nine ASCII digits, leading zeros kept', () => {
    expect(parseOldIdCard('012345678')).toEqual({ ok: true, value: { id: '012345678' } });
    expect(parseOldIdCard(' 271234567 ')).toEqual({ ok: true, value: { id: '271234567' } });
  });

  it.each([
    ['', 'empty'],
    ['01234567', 'length'],
    ['079203001234', 'length'],
    ['012 345 678', 'non_digit'],
    ['012.345.678', 'non_digit'],
    ['０１２３４５６７８', 'lookalike_digit'],
    ['٠١٢٣٤٥٦٧٨', 'lookalike_digit'],
  ])('rejects %j with %s', (input, code) => {
    const result = parseOldIdCard(input);
    expect(result.ok ? undefined : result.error.code).toBe(code);
  });
});
