import { commandLine } from '../../cli/commandLine';
import { generatePopulation } from '../population/populationGenerator';
import type { Citizen } from '../population/populationRegistry';
import { readNdjson } from '../shared/ndjson';
import { writeWithProgress } from '../shared/generatorCli';
import { generateBusinesses, representativePool } from './businessGenerator';

const HELP = `Usage: npm run gen:businesses -- --count N --seed N (--population FILE | --population-count N) --out FILE

Writes a synthetic business register as NDJSON, one enterprise a line
(schemas/registry/enterprise.json): valid tax codes, branches (NNNNNNNNNN-NNN), statuses, and
legal representatives who are living adults of a population. Deterministic for a seed and
population. A progress bar goes to stderr.

Options:
  --count N              how many enterprises (default 1000)
  --seed N               PRNG seed (default 42)
  --population FILE      draw representatives from this population NDJSON (gen:population output)
  --population-count N   without --population: generate N citizens from the same seed, in memory
                         only, as gen:population would (default 10000)
  --out FILE             where to write; "-" or none: stdout
  --as-of YEAR           dates are reckoned up to the end of this year (default 2025)
  -h, --help             this text

Example:
  npm run gen:population -- --count 1000000 --seed 42 --out data/population.ndjson
  npm run gen:businesses -- --count 100000 --seed 42 --population data/population.ndjson --out data/businesses.ndjson`;

async function main(): Promise<void> {
  const { values, fail, wholeNumber } = commandLine(HELP, {
    count: { type: 'string' }, seed: { type: 'string' }, population: { type: 'string' }, 'population-count': { type: 'string' },
    out: { type: 'string' }, 'as-of': { type: 'string' },
  });
  const count = wholeNumber('count', 1000);
  const seed = wholeNumber('seed', 42);
  const asOfYear = wholeNumber('as-of', 2025);
  const citizens: AsyncIterable<Citizen> | Iterable<Citizen> = values.population
    ? readNdjson<Citizen>(values.population, 'registry/citizen')
    : generatePopulation({ seed, count: wholeNumber('population-count', 10_000), asOfYear });
  const started = Date.now();
  // Twice as many candidates as enterprises keeps most representatives distinct; the cap bounds memory
  // (past it, one person represents several enterprises, as happens).
  const representatives = await representativePool(citizens, Math.min(200_000, Math.max(50, count * 2)), seed, asOfYear).catch((error: Error) => fail(error.message));
  const written = await writeWithProgress(generateBusinesses({ seed, count, representatives, asOfYear }), count, values.out, 'enterprises');
  console.error(`${written} enterprises in ${((Date.now() - started) / 1000).toFixed(1)} s${values.out && values.out !== '-' ? ` → ${values.out}` : ''}`);
}

main().catch((error: unknown) => {
  // One line, no stack: a path that cannot be written, a population file that cannot be read.
  console.error(`Generation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
