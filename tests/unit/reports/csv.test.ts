import fc from 'fast-check';
import { toCsv } from '../../../src/reports/csv';

/** A strict RFC 4180 reader, written independently of the writer under test. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      // Outside quotes a field holds no quote and no line break.
      expect(c).not.toMatch(/[\r\n"]/);
      field += c;
    }
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('CSV for spreadsheets', () => {
  it('starts with a byte-order mark, ends lines with CRLF and writes Vietnamese as UTF-8', () => {
    const csv = toCsv(['agencyName', 'reuseSharePercent', 'notAskedAgainTargetMet'], [['Ủy ban nhân dân xã Mỹ Phong', 62.5, false], ['Sở Tư pháp', null, null]]);
    expect(csv).toBe('\uFEFFagencyName,reuseSharePercent,notAskedAgainTargetMet\r\nỦy ban nhân dân xã Mỹ Phong,62.5,false\r\nSở Tư pháp,,\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
    expect(toCsv(['a'], [['Công ty TNHH "Mỹ Tho", chi nhánh\nTiền Giang']])).toBe('\uFEFFa\r\n"Công ty TNHH ""Mỹ Tho"", chi nhánh\nTiền Giang"\r\n');
  });

  it('keeps a spreadsheet from running text as a formula', () => {
    expect(toCsv(['a'], [['=HYPERLINK("http://x")'], ['-1+1'], [-1]])).toBe('\uFEFFa\r\n"\'=HYPERLINK(""http://x"")"\r\n\'-1+1\r\n-1\r\n');
  });

  it('reads back, field for field, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const parsed = parseCsv(toCsv(['a', 'b', 'c'], rows));
        const asWritten = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
        expect(parsed).toEqual([['a', 'b', 'c'], ...rows.map((r) => r.map(asWritten))]);
      }),
    );
  });
});
