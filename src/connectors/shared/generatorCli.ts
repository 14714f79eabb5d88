import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { SingleBar, Presets } from 'cli-progress';
import { writeNdjson } from './ndjson';

/**
 * What the two generator CLIs share: write records as NDJSON to a file (or stdout), with a progress
 * bar on stderr so the data stream stays clean.
 */
export async function writeWithProgress(records: Iterable<unknown>, count: number, out: string | undefined, label: string): Promise<number> {
  // `--out data/population.ndjson` on a fresh clone: data/ is only made when Motlan first starts.
  if (out && out !== '-') fs.mkdirSync(path.dirname(out), { recursive: true });
  const destination = out && out !== '-' ? fs.createWriteStream(out) : process.stdout;
  const bar = new SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration}s elapsed, eta {eta}s`, etaBuffer: 50 },
    Presets.shades_classic,
  );
  bar.start(count, 0);
  const written = await writeNdjson(records, destination, (n) => bar.update(n));
  bar.update(written);
  bar.stop();
  if (destination !== process.stdout) {
    destination.end();
    await once(destination, 'finish');
  }
  return written;
}
