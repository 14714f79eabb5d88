import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { buildApp } from '../src/app';
import { NO_LIMITS } from '../src/config';
import type { AgencyRole } from '../src/auth/principal';
import { claimsFor } from '../src/auth/devIssuer';
import { tokenVerifier } from '../src/auth/tokenVerifier';
import type { Database } from '../src/db/database';
import { newContentKey } from '../src/keys/contentKeys';
import { ephemeralSigningKey } from '../src/keys/keyFile';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/ops/metrics';

/** The real app on 127.0.0.1, with a bench-only token issuer and one agency token for the load. */
export async function startBenchServer(db: Database, agency: { code: string; roles: AgencyRole[] }) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const app = buildApp({
    db,
    logger: createLogger('warn'),
    verifyToken: tokenVerifier({ audience: 'bench', issuers: [{ issuer: 'bench', keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'b', alg: 'ES256' }] }) }] }),
    metrics: createMetrics(),
    migrationsDir: path.join(__dirname, '../migrations'),
    bodyLimitBytes: 1 << 20,
    registries: { population: undefined, business: undefined },
    signingKey: await ephemeralSigningKey('motlan-bench'),
    contentKeys: { activeId: 'bench', keys: new Map([['bench', newContentKey()]]) },
    limits: NO_LIMITS,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as { port: number }).port;
  const token = await new SignJWT(claimsFor({ kind: 'agency', agencyCode: agency.code, clientId: 'bench', roles: agency.roles }))
    .setProtectedHeader({ alg: 'ES256', kid: 'b' })
    .setIssuer('bench')
    .setAudience('bench')
    .setSubject('bench')
    .setExpirationTime('1h')
    .sign(privateKey);
  return { url: `http://127.0.0.1:${port}`, port, token, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
