import fc from 'fast-check';
import { addMonths, vietnamMonth, vietnamMonthStart } from '../../../src/reports/reports.service';

describe('months in Vietnam time', () => {
  it('a month begins at midnight in Hà Nội, 17:00 UTC the day before', () => {
    expect(vietnamMonthStart('2026-03').toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(vietnamMonthStart('2026-12', 1).toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('an instant late on the last evening of January UTC is already February in Vietnam', () => {
    expect(vietnamMonth(new Date('2026-01-31T17:30:00Z'))).toBe('2026-02');
    expect(vietnamMonth(new Date('2026-01-31T16:59:59Z'))).toBe('2026-01');
  });

  it('moves by whole months across years', () => {
    expect(addMonths('2026-03', -11)).toBe('2025-04');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
  });

  it('every instant lies in the month that starts at or before it and ends after it', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (at) => {
        const month = vietnamMonth(at);
        expect(vietnamMonthStart(month).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(vietnamMonthStart(month, 1).getTime()).toBeGreaterThan(at.getTime());
      }),
    );
  });
});
