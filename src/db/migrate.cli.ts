import { ConfigError, loadConfig } from '../config';
import { openDatabase } from './database';
import { migrate } from './migrate';

const HELP = `Usage: npm run db:migrate

Applies the SQL migrations in migrations/ that the database has not seen yet, then exits.
Uses DATABASE_URL when set, otherwise the embedded PGlite under DATA_DIR (default ./data).
Motlan also does this on every start; this command is for deployments that migrate first.`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
  let database;
  try {
    database = await openDatabase(config);
    const applied = await migrate(database.db, database.engine, config.migrationsDir);
    console.log(applied ? `Applied ${applied} migration(s) (${database.engine}).` : `Nothing to apply: the schema is current (${database.engine}).`);
  } catch (error) {
    console.error(`Migration failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}

void main();
