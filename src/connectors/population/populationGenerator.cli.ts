import { commandLine } from '../../cli/commandLine';
import { generatePopulation } from './populationGenerator';
import { writeWithProgress } from '../shared/generatorCli';

const HELP = `Usage: npm run gen:population -- --count N --seed N --out FILE

Writes a synthetic population as NDJSON, one citizen a line (schemas/registry/citizen.json).
The same seed and count always give the same file. A progress bar goes to stderr.

Options:
  --count N        how many citizens (default 1000)
  --seed N         PRNG seed (default 42)
  --out FILE       where to write; "-" or none: stdout
  --as-of YEAR     ages and deaths are reckoned at the end of this year (default 2025)
  -h, --help       this text

Example:
  npm run gen:population -- --count 1000000 --seed 42 --out data/population.ndjson`;

async function main(): Promise<void> {
  const { values, wholeNumber } = commandLine(HELP, { count: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, 'as-of': { type: 'string' } });
  const count = wholeNumber('count', 1000);
  const seed = wholeNumber('seed', 42);
  const asOfYear = wholeNumber('as-of', 2025);
  const started = Date.now();
  const written = await writeWithProgress(generatePopulation({ seed, count, asOfYear }), count, values.out, 'citizens');
  console.error(`${written} citizens in ${((Date.now() - started) / 1000).toFixed(1)} s${values.out && values.out !== '-' ? ` → ${values.out}` : ''}`);
}

main().catch((error: unknown) => {
  // One line, no stack: a path that cannot be written, a population file that cannot be read.
  console.error(`Generation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
