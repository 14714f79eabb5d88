import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { connectContentStore, countContentsInStore } from '../contents';
import { contentCipher } from '../documents/contentCipher';
import { rotateContents } from '../documents/contentRotation';
import { contentKeysFor, devContentKeysFile, formatContentKeys, newContentKey, type ContentKeyring } from './contentKeys';
import { loadOrCreateKeyFile } from './keyFile';

const HELP = `Usage: npm run keys:rotate -- [options]

Re-encrypts every stored document content that is not under the active content key (the first
key of CONTENT_KEYS), contents stored before encryption at rest included, each with a fresh data
key, in its database row or in the content store (CONTENT_STORE), while Motlan keeps serving. Each batch commits on its own: stop it at any time (Ctrl-C, or a
crash) and run the same command again to resume. When it reports 0 left, the other keys may be
removed from CONTENT_KEYS.

A content-key rotation:
  1. npm run keys:rotate -- --new-content-key 2027-01
     (development: adds the key to DATA_DIR's keyring and goes on to step 3;
      otherwise prints the new CONTENT_KEYS value and stops)
  2. set CONTENT_KEYS to that value on every instance and restart them
  3. npm run keys:rotate

A signing-key rotation (Motlan's own key, docs/vault.md):
  npm run keys:rotate -- --new-signing-key /etc/motlan/signing-2027-01.jwk.json
  then set SIGNING_KEY_FILE to the new file, add the old one to SIGNING_KEY_RETIRED_FILES, restart.

Options:
  --batch-mb N             plaintext re-encrypted per transaction, in MB (default 32)
  --pause-ms N             pause between batches, leaving the database to live traffic (default 20)
  --new-content-key ID     start a content-key rotation with a new key named ID (see above)
  --new-signing-key FILE   write a new Ed25519 private JWK for SIGNING_KEY_FILE, and stop
  -h, --help               this text

Uses DATABASE_URL, or the embedded PGlite under DATA_DIR (stop Motlan first: PGlite serves one
process). Exit status: 0 every content under the active key, 2 some left (stopped, or unreadable
contents listed on stderr by hash), 1 the run failed.`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

const whole = (name: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(value)) fail(`--${name} must be a whole number, not "${value}"\n\n${HELP}`, 2);
  return Number(value);
};

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'batch-mb': { type: 'string' },
        'pause-ms': { type: 'string' },
        'new-content-key': { type: 'string' },
        'new-signing-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`, 2);
  }
  const { values } = parsed;
  if (values.help) return void console.log(HELP);
  const batchMb = Math.max(1, whole('batch-mb', values['batch-mb'], 32));
  const pauseMs = whole('pause-ms', values['pause-ms'], 20);
  if (values['new-signing-key']) return newSigningKey(values['new-signing-key']);

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  let keyring: ContentKeyring;
  try {
    keyring = contentKeysFor(config);
  } catch (error) {
    fail((error as Error).message);
  }
  const newId = values['new-content-key'];
  if (newId !== undefined) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(newId)) fail('--new-content-key takes an ID of letters, digits, ".", "_" or "-"', 2);
    if (keyring.keys.has(newId)) fail(`CONTENT_KEYS already has a key "${newId}"`, 2);
    const next: ContentKeyring = { activeId: newId, keys: new Map([[newId, newContentKey()], ...keyring.keys]) };
    if (config.contentKeys) {
      console.log(formatContentKeys(next));
      console.error('Set CONTENT_KEYS to the line above on every instance, restart them, then run npm run keys:rotate.');
      return;
    }
    fs.writeFileSync(devContentKeysFile(config.dataDir), `${formatContentKeys(next)}\n`, { mode: 0o600 });
    console.error(`Development keyring: "${newId}" is now the active content key. Restart Motlan so that it writes with it.`);
    keyring = next;
  }

  let database;
  try {
    database = await openDatabase(config);
  } catch (error) {
    fail(`Cannot open the database: ${(error as Error).message}`);
  }
  let contentStore;
  try {
    // Only contents already in a store need one: a rotation of rows alone runs without it.
    if (await countContentsInStore(database.db)) contentStore = await connectContentStore(database.db, config.contentStore);
  } catch (error) {
    await database.close();
    fail(`Cannot use the content store: ${(error as Error).message}`);
  }
  const controller = new AbortController();
  // The batch in flight commits; a second Ctrl-C stops at once (that batch rolls back).
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  process.once('SIGTERM', () => controller.abort());
  let started = false;
  const bar = new SingleBar({ format: `re-encrypting under "${keyring.activeId}" [{bar}] {percentage}% | {value}/{total} contents | {eta_formatted} left`, stream: process.stderr }, Presets.shades_classic);
  try {
    const result = await rotateContents({
      db: database.db,
      cipher: contentCipher(keyring),
      contentStore,
      batchBytes: batchMb * 1024 * 1024,
      pauseMs,
      signal: controller.signal,
      onProgress: ({ total, done }) => {
        if (!started) bar.start(total, done);
        else bar.update(done);
        started = true;
      },
    });
    bar.stop();
    for (const sha256 of result.unreadable) console.error(`content ${sha256}: its stored bytes do not open to this hash; left as it is`);
    console.log(
      `${result.done} contents re-encrypted under "${keyring.activeId}", ${result.remaining} left` +
        (result.stopped ? ' (stopped: run the same command to resume)' : result.remaining ? '' : `; keys other than "${keyring.activeId}" may now be removed from CONTENT_KEYS`),
    );
    process.exitCode = result.remaining ? 2 : 0;
  } catch (error) {
    bar.stop();
    console.error(`Re-encryption failed: ${(error as Error).message}. What was done is kept; run the same command to resume.`);
    process.exitCode = 1;
  } finally {
    await Promise.all([database.close(), contentStore?.close()]);
  }
}

async function newSigningKey(file: string): Promise<void> {
  if (fs.existsSync(file)) fail(`${file} exists: name a new file, so the current key is not overwritten`, 2);
  const kid = `motlan-${new Date().toISOString().slice(0, 10)}-${randomBytes(2).toString('hex')}`;
  const key = await loadOrCreateKeyFile(file, kid);
  console.log(`Wrote ${file} (kid ${key.kid}). Set SIGNING_KEY_FILE to it, add the current key file to SIGNING_KEY_RETIRED_FILES, and restart every instance.`);
}

void main();
