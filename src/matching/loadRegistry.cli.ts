import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { loadRegistry } from './loadRegistry';

const HELP = `Usage: npm run load:registry -- FILE.ndjson

Loads a population NDJSON file (one citizen a line, as npm run gen:population writes it) into
the registry mirror that identity search reads. Streamed, in multi-row upserts: loading the same
file again refreshes the rows and adds none. Applies pending migrations first.
Uses DATABASE_URL when set, otherwise the embedded PGlite under DATA_DIR (default ./data).
A progress bar goes to stderr.

Options:
  -h, --help       this text

Example:
  npm run gen:population -- --count 1000000 --seed 42 --out data/population.ndjson
  npm run load:registry -- data/population.ndjson`;

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.values.help) {
    console.log(HELP);
    return;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) fail('Give exactly one NDJSON file.');
  if (!fs.existsSync(file)) fail(`No such file: ${file}`);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
  const database = await openDatabase(config);
  const bar = new SingleBar({ stream: process.stderr, format: 'registry mirror [{bar}] {percentage}% | {rows} rows | {duration}s elapsed, eta {eta}s' }, Presets.shades_classic);
  const started = Date.now();
  try {
    await migrate(database.db, database.engine, config.migrationsDir);
    bar.start(fs.statSync(file).size, 0, { rows: 0 });
    const rows = await loadRegistry(database.db, file, (bytes, n) => bar.update(bytes, { rows: n }));
    bar.stop();
    console.error(`${rows} persons loaded in ${((Date.now() - started) / 1000).toFixed(1)} s (${database.engine})`);
  } catch (error) {
    bar.stop();
    console.error(`Loading failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

void main();
