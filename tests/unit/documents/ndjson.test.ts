import { ndjsonLines, type NdjsonLine } from '../../../src/documents/ndjson';

async function collect(chunks: Array<string | Buffer>, max = 100): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  for await (const line of ndjsonLines((async function* () { yield* chunks; })(), max)) out.push(line);
  return out;
}

describe('ndjsonLines', () => {
  it('numbers lines across chunk boundaries, CRLF included, with a last line lacking its newline', async () => {
    expect(await collect(['{"a":1}\r\n{"b"', ':2}\n\n{"c":3}'])).toEqual([
      { line: 1, text: '{"a":1}' }, { line: 2, text: '{"b":2}' }, { line: 3, text: '' }, { line: 4, text: '{"c":3}' },
    ]);
  });

  it('decodes a UTF-8 character split between chunks', async () => {
    const bytes = Buffer.from('{"hoTen":"Hằng"}\n');
    expect(await collect([bytes.subarray(0, 12), bytes.subarray(12)])).toEqual([{ line: 1, text: '{"hoTen":"Hằng"}' }]);
  });

  it('reports an over-long line without buffering it, and goes on', async () => {
    expect(await collect(['x'.repeat(30), 'y'.repeat(30), '\nok\n', 'z'.repeat(60)], 40)).toEqual([
      { line: 1, tooLong: true }, { line: 2, text: 'ok' }, { line: 3, tooLong: true },
    ]);
  });
});
