import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import postgres from 'postgres';
import { openPglite, openPostgres, type OpenDatabase } from '../../src/db/database';
import { adminUrl, pgliteTemplateFile, postgresTemplateName, runId, withDatabase } from './templates';

export type TestDatabase = OpenDatabase & { url?: string };

export function testEngine(): 'pglite' | 'postgres' {
  const engine = process.env.MOTLAN_TEST_ENGINE;
  if (engine !== 'pglite' && engine !== 'postgres') throw new Error('API tests run inside the pglite or postgres jest project');
  return engine;
}

/** A fresh, migrated database for one test file: a copy of the run's template, dropped on close. */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'pglite') {
    return openPglite(undefined, new Blob([fs.readFileSync(pgliteTemplateFile())]));
  }
  const name = `motlan_t_${runId()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name} template ${postgresTemplateName()}`);
  await admin.end();
  const url = withDatabase(adminUrl(), name);
  const opened = await openPostgres(url, 5);
  return {
    ...opened,
    url,
    close: async () => {
      await opened.close();
      const dropper = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
