import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import postgres from 'postgres';
import { openPostgres } from '../../db/database';
import { migrate } from '../../db/migrate';
import { LOAD_BATCH } from '../loadRegistry';
import { matchingStore } from '../matching.store';
import type { MirrorRow } from '../mirrorRow';
import type { Blocking } from './evaluate';

/**
 * The evaluation's blocking run by the service's own SQL store: a scratch database next to the one
 * `serverUrl` names, migrated, loaded with the evaluation's mirror rows, and dropped by `close`.
 */
export async function databaseBlocking(serverUrl: string, rows: readonly MirrorRow[]): Promise<Blocking & { close(): Promise<void> }> {
  const name = `motlan_eval_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 2);
  const close = async () => {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    await migrate(database.db, 'postgres', path.join(__dirname, '../../../migrations'));
    const store = matchingStore(database.db);
    const bar = new SingleBar({ stream: process.stderr, format: `mirror ${name} [{bar}] {value}/{total} rows` }, Presets.shades_classic);
    bar.start(rows.length, 0);
    for (let i = 0; i < rows.length; i += LOAD_BATCH) {
      await store.upsert(rows.slice(i, i + LOAD_BATCH));
      bar.update(Math.min(i + LOAD_BATCH, rows.length));
    }
    bar.stop();
    await database.db.execute('vacuum analyze registry_persons' as never);
    return { candidates: (q, passes) => store.candidates(q, passes), close };
  } catch (error) {
    await close();
    throw error;
  }
}
