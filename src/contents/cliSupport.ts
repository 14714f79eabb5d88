import { ConfigError, loadConfig, type Config } from '../config';
import { openDatabase } from '../db/database';
import type { ContentStore } from './contentStore';
import { connectContentStore } from '.';

export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

/** The configuration, the database and the bound content store, or one line saying which failed. */
export async function openForContents(): Promise<{ config: Readonly<Config>; database: Awaited<ReturnType<typeof openDatabase>>; store: ContentStore }> {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (config.contentStore.kind === 'database') fail('CONTENT_STORE=database: there is no content store to work on. Set CONTENT_STORE (docs/contents.md).', 2);
  let database;
  try {
    database = await openDatabase(config);
  } catch (error) {
    fail(`Cannot open the database: ${(error as Error).message}`);
  }
  try {
    const store = (await connectContentStore(database.db, config.contentStore))!;
    return { config, database, store };
  } catch (error) {
    await database.close();
    fail(`Cannot use the content store: ${(error as Error).message}`);
  }
}
