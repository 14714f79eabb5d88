import path from 'node:path';
import type { Database } from '../db/database';
import { loadOrCreateKeyFile, readKeyFile, type SigningKey } from './keyFile';
import { signingKeyStore } from './signingKeys.store';

export interface MotlanKeys {
  /** Signs everything Motlan signs from now on. */
  active: SigningKey;
  /** Earlier keys: never sign again; published, and open portal sessions sealed before the rotation. */
  retired: SigningKey[];
}

/**
 * Motlan's own key: it signs what Motlan vouches for (consent receipts, release attestations,
 * webhook deliveries), and receivers verify offline against /.well-known/jwks.json. Production
 * names a key file it manages (start-up fails without one); development makes one under
 * DATA_DIR. Rotating is naming a new file and listing the old one as retired (docs/vault.md).
 */
export async function loadMotlanKeys(options: { signingKeyFile: string | undefined; signingKeyRetiredFiles: string[]; dataDir: string; env: string }): Promise<MotlanKeys> {
  const active = await loadMotlanKey(options);
  const retired = await Promise.all(options.signingKeyRetiredFiles.map((file) => readKeyFile(file)));
  if (retired.some((k) => k.kid === active.kid)) throw new Error(`SIGNING_KEY_RETIRED_FILES lists the active key ${active.kid}: a retired key needs a kid of its own`);
  return { active, retired };
}

async function loadMotlanKey(options: { signingKeyFile: string | undefined; dataDir: string; env: string }): Promise<SigningKey> {
  if (options.signingKeyFile) return readKeyFile(options.signingKeyFile);
  if (options.env === 'production') throw new Error('SIGNING_KEY_FILE is required in production: Motlan signs receipts with a key you manage');
  return loadOrCreateKeyFile(path.join(options.dataDir, 'motlan-signing', 'private-key.jwk.json'), `motlan-dev-${Date.now().toString(36)}`);
}

/** Records the keys in the database, so the JWKS keeps publishing a retired key after its file is gone. */
export async function registerMotlanKeys(db: Database, keys: MotlanKeys, at: Date): Promise<void> {
  await signingKeyStore(db).register(keys.active, keys.retired, at);
}
