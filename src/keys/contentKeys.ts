import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Key-encryption keys for document contents (docs/vault.md, "Encryption at rest"): the active one
 * wraps the data key of every new content; the others only unwrap contents not yet rotated.
 */
export interface ContentKeyring {
  activeId: string;
  keys: ReadonlyMap<string, Uint8Array>;
}

export const CONTENT_KEYS_FORMAT = 'CONTENT_KEYS must list id:key pairs, the active key first, each key 32 random bytes in base64url, e.g. "2026-12:$(openssl rand 32 | basenc --base64url)"';

/** Parses `id:key,id:key`; the first pair is the active key. Errors never repeat a key. */
export function parseContentKeys(value: string): ContentKeyring | string {
  const keys = new Map<string, Uint8Array>();
  for (const pair of value.split(',')) {
    const m = /^\s*([A-Za-z0-9._-]{1,64}):([A-Za-z0-9_-]{43})=?\s*$/.exec(pair);
    if (!m) return CONTENT_KEYS_FORMAT;
    if (keys.has(m[1]!)) return `CONTENT_KEYS names the key id "${m[1]}" twice`;
    keys.set(m[1]!, new Uint8Array(Buffer.from(m[2]!, 'base64url')));
  }
  return { activeId: keys.keys().next().value!, keys };
}

/** The same text parseContentKeys reads: what a keyring file and the rotation hints hold. */
export function formatContentKeys(keyring: ContentKeyring): string {
  const ids = [keyring.activeId, ...[...keyring.keys.keys()].filter((id) => id !== keyring.activeId)];
  return ids.map((id) => `${id}:${Buffer.from(keyring.keys.get(id)!).toString('base64url')}`).join(',');
}

export function newContentKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/**
 * The keyring Motlan runs with: CONTENT_KEYS; production refuses to start without it (as it does
 * without SIGNING_KEY_FILE), development keeps one under DATA_DIR.
 */
export function contentKeysFor(options: { contentKeys: ContentKeyring | undefined; dataDir: string; env: string }): ContentKeyring {
  if (options.contentKeys) return options.contentKeys;
  if (options.env === 'production') {
    throw new Error('CONTENT_KEYS is required in production: document contents are encrypted at rest with keys you manage. Make one with: echo "$(date +%Y-%m):$(openssl rand 32 | basenc --base64url)"');
  }
  return loadOrCreateDevContentKeys(options.dataDir);
}

/**
 * Development keeps its keyring under DATA_DIR, as it does Motlan's signing key, so that the
 * server and `npm run keys:rotate` agree without configuration. Whoever comes first creates it;
 * `wx` keeps a concurrent second from overwriting it.
 */
export function loadOrCreateDevContentKeys(dataDir: string): ContentKeyring {
  const file = devContentKeysFile(dataDir);
  if (!fs.existsSync(file)) {
    const id = `dev-${new Date().toISOString().slice(0, 10)}`;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `${formatContentKeys({ activeId: id, keys: new Map([[id, newContentKey()]]) })}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const keyring = parseContentKeys(fs.readFileSync(file, 'utf8').trim());
  if (typeof keyring === 'string') throw new Error(`${file}: ${keyring}`);
  return keyring;
}

export function devContentKeysFile(dataDir: string): string {
  return path.join(dataDir, 'motlan-content-keys', 'keyring.txt');
}
