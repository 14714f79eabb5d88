import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { validatorFor } from '../../http/schemaRegistry';

// Writes go out in chunks of about this many characters: one write() per line would spend more
// time in stream bookkeeping than in generating the data.
const CHUNK = 1 << 20;

/**
 * Streams records as NDJSON, waiting for 'drain' whenever the destination's buffer is full, so
 * memory stays flat however many records the iterable yields. Resolves with the number written.
 */
export async function writeNdjson(records: Iterable<unknown>, out: Writable, onProgress?: (written: number) => void): Promise<number> {
  let buffer = '';
  let written = 0;
  const flush = async () => {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
    onProgress?.(written);
  };
  for (const record of records) {
    buffer += `${JSON.stringify(record)}\n`;
    written += 1;
    if (buffer.length >= CHUNK) await flush();
  }
  if (buffer) await flush();
  return written;
}

/**
 * Reads an NDJSON file line by line, checking each line against `schema` (a name under schemas/).
 * A bad line stops the read with its line number: a dataset is either right or refused.
 */
export async function* readNdjson<T>(file: string, schema: string): AsyncGenerator<T> {
  const validate = validatorFor(schema);
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${n}: not JSON`);
    }
    if (!validate(value)) {
      const first = validate.errors?.[0];
      throw new Error(`${file}:${n}: does not match schemas/${schema}.json: ${first?.instancePath || '/'} ${first?.message ?? ''}`);
    }
    yield value as T;
  }
}
