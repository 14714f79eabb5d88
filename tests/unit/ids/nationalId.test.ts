import { parseSubjectId } from '../../../src/ids';

const TODAY = new Date('2025-11-27T09:00:00Z');

describe('parseSubjectId', () => {
  it.each([
    ['079203001234', { kind: 'citizen', id: '079203001234' }],
    [' 0100233488 ', { kind: 'business', code: '0100233488' }],
    ['0100233488001', { kind: 'business', code: '0100233488-001' }],
  ])('keys %j as %j', (input, value) => {
    expect(parseSubjectId(input, TODAY)).toEqual({ ok: true, value });
  });

  it.each([
    ['012345678', 'length'],
    ['079203001235x', 'non_digit'],
    ['001226000001', 'future_birth_year'],
    ['0100233480', 'check_digit'],
  ])('rejects %j with %s', (input, code) => {
    const result = parseSubjectId(input, TODAY);
    expect(result.ok ? undefined : result.error.code).toBe(code);
  });
});
