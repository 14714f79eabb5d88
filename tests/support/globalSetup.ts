import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { openPglite, openPostgres } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { adminUrl, pgliteTemplateFile, postgresTemplateName, withDatabase } from './templates';

const migrationsDir = path.join(__dirname, '../../migrations');

/** Migrate once into a template; each test file then starts from a copy of it. */
export async function globalSetupFor(engine: 'pglite' | 'postgres'): Promise<void> {
  if (engine === 'pglite') {
    const { db, close } = await openPglite();
    await migrate(db, 'pglite', migrationsDir);
    const client = (db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    fs.writeFileSync(pgliteTemplateFile(), Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
    await close();
  } else if (engine === 'postgres') {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    const template = postgresTemplateName();
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.unsafe(`create database ${template}`);
    await admin.end();
    const { db, close } = await openPostgres(withDatabase(adminUrl(), template), 1);
    await migrate(db, 'postgres', migrationsDir);
    await close();
  }
}
