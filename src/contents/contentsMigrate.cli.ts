import { commandLine } from '../cli/commandLine';
import { Presets, SingleBar } from 'cli-progress';
import { contentKeysFor } from '../keys/contentKeys';
import { contentCipher } from '../documents/contentCipher';
import { fail, openForContents } from './cliSupport';
import { migrateContents } from './contentMigration';

const HELP = `Usage: npm run contents:migrate -- [options]

Moves every document content still held in its database row (document_contents.bytes) into the
content store named by CONTENT_STORE, sealed under the active content key, while Motlan keeps
serving: a content's object is written before its row lets go of its bytes, and reads fall back
to the row until then. Each batch commits on its own: stop it at any time (Ctrl-C, or a crash)
and run the same command again to resume. Progress goes to stderr.

Options:
  --batch-mb N     plaintext moved per transaction, in MB (default 32)
  --pause-ms N     pause between batches, leaving the database to live traffic (default 20)
  -h, --help       this text

Uses DATABASE_URL, or the embedded PGlite under DATA_DIR (stop Motlan first: PGlite serves one
process), CONTENT_STORE and CONTENT_KEYS as Motlan does. Exit status: 0 every content in the
store, 2 some left (stopped, or unreadable contents listed on stderr by hash), 1 the run failed.`;

async function main(): Promise<void> {
  const { wholeNumber } = commandLine(HELP, { 'batch-mb': { type: 'string' }, 'pause-ms': { type: 'string' } });
  const batchMb = Math.max(1, wholeNumber('batch-mb', 32));
  const pauseMs = wholeNumber('pause-ms', 20);

  const { config, database, store } = await openForContents();
  let cipher;
  try {
    cipher = contentCipher(contentKeysFor(config));
  } catch (error) {
    await Promise.all([database.close(), store.close()]);
    fail((error as Error).message);
  }
  const controller = new AbortController();
  // The batch in flight commits; a second Ctrl-C stops at once (that batch rolls back).
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  process.once('SIGTERM', () => controller.abort());
  let started = false;
  const bar = new SingleBar(
    { format: `moving contents to ${store.location} [{bar}] {percentage}% | {value}/{total} contents | {mb} MB | {eta_formatted} left`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5_000 },
    Presets.shades_classic,
  );
  try {
    const result = await migrateContents({
      db: database.db,
      cipher,
      store,
      batchBytes: batchMb * 1024 * 1024,
      pauseMs,
      signal: controller.signal,
      onProgress: ({ total, done, bytes }) => {
        const mb = (bytes / 1_048_576).toFixed(1);
        if (!started) bar.start(total, done, { mb });
        else bar.update(done, { mb });
        started = true;
      },
    });
    bar.stop();
    for (const sha256 of result.unreadable) console.error(`content ${sha256}: its row does not open to this hash; left in the database`);
    console.log(`${result.done} contents moved to ${store.location}, ${result.remaining} left in the database` + (result.stopped ? ' (stopped: run the same command to resume)' : ''));
    process.exitCode = result.remaining ? 2 : 0;
  } catch (error) {
    bar.stop();
    console.error(`Moving contents failed: ${(error as Error).message}. What was moved is kept; run the same command to resume.`);
    process.exitCode = 1;
  } finally {
    await Promise.all([database.close(), store.close()]);
  }
}

void main();
