import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { loadBusinessRegistry, registryKindOfFile, type RegistryFileKind } from './loadBusinessRegistry';
import { loadRegistry } from './loadRegistry';

const HELP = `Usage: npm run load:registry -- [--kind population|business] FILE.ndjson

Loads a registry NDJSON file into the mirror that identity search reads:
  population  one citizen a line, as npm run gen:population writes it: the person mirror
              (POST /v1/identity/search, and verify when the population registry is down);
  business    one enterprise a line with its branches, as npm run gen:businesses writes it: the
              business mirror, one row per enterprise and per branch, with its blocking keys
              (POST /v1/identity/business/search, and business verify when the registry is down).
The kind is read from the file's first line unless --kind says it. Streamed, in multi-row
upserts: loading the same file again refreshes the rows and adds none (a branch no longer listed
leaves the mirror). Applies pending migrations first.
Uses DATABASE_URL when set, otherwise the embedded PGlite under DATA_DIR (default ./data).
A progress bar goes to stderr.

Options:
  --kind KIND      population or business (default: detected from the first line)
  -h, --help       this text

Examples:
  npm run gen:population -- --count 1000000 --seed 42 --out data/population.ndjson
  npm run load:registry -- data/population.ndjson
  npm run gen:businesses -- --count 100000 --seed 42 --population data/population.ndjson --out data/businesses.ndjson
  npm run load:registry -- data/businesses.ndjson`;

const KINDS: readonly RegistryFileKind[] = ['population', 'business'];

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, kind: { type: 'string' } } });
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
  const asked = parsed.values.kind;
  if (asked !== undefined && !KINDS.includes(asked as RegistryFileKind)) fail(`--kind must be population or business, not "${asked}".`);
  const kind = (asked as RegistryFileKind | undefined) ?? (await registryKindOfFile(file));
  if (!kind) fail(`${file}: its first line is neither a citizen nor an enterprise; give --kind.`);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
  const database = await openDatabase(config);
  const bar = new SingleBar({ stream: process.stderr, format: `${kind} mirror [{bar}] {percentage}% | {rows} rows | {duration}s elapsed, eta {eta}s` }, Presets.shades_classic);
  const started = Date.now();
  const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s (${database.engine})`;
  try {
    await migrate(database.db, database.engine, config.migrationsDir);
    bar.start(fs.statSync(file).size, 0, { rows: 0 });
    if (kind === 'business') {
      const loaded = await loadBusinessRegistry(database.db, file, (bytes, _enterprises, n) => bar.update(bytes, { rows: n }));
      bar.stop();
      console.error(`${loaded.enterprises} enterprises (${loaded.rows} rows with their branches) loaded in ${took()}`);
    } else {
      const rows = await loadRegistry(database.db, file, (bytes, n) => bar.update(bytes, { rows: n }));
      bar.stop();
      console.error(`${rows} persons loaded in ${took()}`);
    }
  } catch (error) {
    bar.stop();
    console.error(`Loading failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

void main();
