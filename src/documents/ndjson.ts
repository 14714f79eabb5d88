import { StringDecoder } from 'node:string_decoder';

export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: true };

/**
 * Lines of a byte stream, pulled chunk by chunk so the sender is held back while we write: the
 * body is never held whole. A line longer than maxLineBytes is reported and skipped, not buffered.
 */
export async function* ndjsonLines(source: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let skipping = false;
  let line = 0;
  const split = function* (text: string): Generator<NdjsonLine> {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = pending + text.slice(start, nl);
      pending = '';
      start = nl + 1;
      line++;
      if (skipping) {
        skipping = false;
        yield { line, tooLong: true };
      } else yield { line, text: piece.endsWith('\r') ? piece.slice(0, -1) : piece };
    }
    if (!skipping) pending += text.slice(start);
    if (pending.length > maxLineBytes) {
      pending = '';
      skipping = true;
    }
  };
  for await (const chunk of source) yield* split(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  yield* split(decoder.end());
  if (skipping) yield { line: line + 1, tooLong: true };
  else if (pending.length) yield { line: line + 1, text: pending };
}
