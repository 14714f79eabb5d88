import fs from 'node:fs';
import postgres from 'postgres';
import { captureDir } from './logCapture';
import { assertNoLeaks } from './logCheck';
import { adminUrl, pgliteTemplateFile, postgresTemplateName, runId } from './templates';

export async function globalTeardownFor(engine: 'pglite' | 'postgres'): Promise<void> {
  try {
    await dropTemplates(engine);
  } finally {
    // Last, over every file's log: a leak fails the run even when each test passed.
    assertNoLeaks(captureDir(engine), engine);
  }
}

async function dropTemplates(engine: 'pglite' | 'postgres'): Promise<void> {
  if (engine === 'pglite') {
    fs.rmSync(pgliteTemplateFile(), { force: true });
  } else if (engine === 'postgres') {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    // Files that crashed before dropping their database leave it behind; this run's are all ours.
    const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`motlan_t_${runId()}_%`}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.unsafe(`drop database if exists ${postgresTemplateName()} with (force)`);
    await admin.end();
  }
}
