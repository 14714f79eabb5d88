import { commandLine } from '../cli/commandLine';
import { openForContents } from './cliSupport';
import { collectContentGarbage } from './contentGc';

const HELP = `Usage: npm run contents:gc -- [options]

Deletes the objects in the content store (CONTENT_STORE) that no document content row refers
to: left by ingests that failed after writing their object, for instance. Objects younger than
--min-age are left alone whatever the rows say, and ingests are held off while a page of objects
is re-checked and deleted, so a content that is being stored is never taken. Progress goes to
stderr.

Options:
  --dry-run          list what would be deleted (up to 1,000 hashes on stdout), delete nothing
  --min-age MINUTES  leave objects younger than this (default 60)
  -h, --help         this text

Uses DATABASE_URL, or the embedded PGlite under DATA_DIR (stop Motlan first: PGlite serves one
process), and CONTENT_STORE as Motlan does. Exit status: 0 done, 1 failed, 2 bad usage.`;

async function main(): Promise<void> {
  const { values, wholeNumber } = commandLine(HELP, { 'dry-run': { type: 'boolean' }, 'min-age': { type: 'string' } });
  const minAge = wholeNumber('min-age', 60);
  const dryRun = Boolean(values['dry-run']);

  const { database, store } = await openForContents();
  try {
    const result = await collectContentGarbage({
      db: database.db,
      store,
      minAgeMs: minAge * 60_000,
      dryRun,
      onProgress: ({ scanned, garbage, deleted }) => console.error(`scanned ${scanned} objects in ${store.location}: ${garbage} unreferenced, ${deleted} deleted`),
    });
    if (dryRun) for (const sha256 of result.sample) console.log(sha256);
    console.error(
      dryRun
        ? `dry run: ${result.garbage} of ${result.scanned} objects are unreferenced and older than ${minAge} minutes; nothing deleted`
        : `${result.deleted} unreferenced objects deleted of ${result.scanned} scanned`,
    );
  } catch (error) {
    console.error(`Content gc failed: ${(error as Error).message}. Run it again: what was deleted had no row.`);
    process.exitCode = 1;
  } finally {
    await Promise.all([database.close(), store.close()]);
  }
}

void main();
