import path from 'node:path';
import { loadOrCreateKeyFile, readKeyFile, type SigningKey } from './keyFile';

/**
 * Motlan's own key: it signs what Motlan vouches for (consent receipts, release attestations,
 * webhook deliveries), and receivers verify offline against /.well-known/jwks.json. Production
 * names a key file it manages (start-up fails without one); development makes one under
 * DATA_DIR.
 */
export async function loadMotlanKey(options: { signingKeyFile: string | undefined; dataDir: string; env: string }): Promise<SigningKey> {
  if (options.signingKeyFile) return readKeyFile(options.signingKeyFile);
  if (options.env === 'production') throw new Error('SIGNING_KEY_FILE is required in production: Motlan signs receipts with a key you manage');
  return loadOrCreateKeyFile(path.join(options.dataDir, 'motlan-signing', 'private-key.jwk.json'), `motlan-dev-${Date.now().toString(36)}`);
}
