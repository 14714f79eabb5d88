import fs from 'node:fs';
import path from 'node:path';
import { signDevToken, type DevIssuer, type TokenSubject } from '../../src/auth/devIssuer';
import { loadOrCreateKeyFile } from '../../src/keys/keyFile';

export const BENCH_ISSUER = 'urn:motlan:bench-issuer';
export const BENCH_AUDIENCE = 'motlan-bench';

export interface BenchIssuer {
  /** What production-mode Motlan needs to trust it: AUTH_TRUSTED_ISSUERS (a JWKS file) and AUTH_AUDIENCE. */
  env: Record<string, string>;
  token(subject: TokenSubject, ttlSeconds?: number): Promise<string>;
}

/**
 * An Ed25519 issuer of the benchmarks' own, trusted the way production trusts an identity provider
 * (a JWKS named in AUTH_TRUSTED_ISSUERS), so the measured Motlan runs with NODE_ENV=production and
 * no development issuer. Its key is kept under `dir`, beside the data it signs tokens for.
 */
export async function benchIssuer(dir: string): Promise<BenchIssuer> {
  const key = await loadOrCreateKeyFile(path.join(dir, 'bench-issuer.private.jwk.json'), 'bench-issuer');
  const jwks = path.join(dir, 'bench-issuer.jwks.json');
  fs.writeFileSync(jwks, JSON.stringify({ keys: [key.publicJwk] }));
  const issuer: DevIssuer = { ...key, issuer: BENCH_ISSUER };
  return {
    env: { AUTH_TRUSTED_ISSUERS: JSON.stringify([{ issuer: BENCH_ISSUER, jwks: `file:${jwks}` }]), AUTH_AUDIENCE: BENCH_AUDIENCE },
    token: (subject, ttlSeconds = 6 * 3600) => signDevToken(issuer, subject, BENCH_AUDIENCE, ttlSeconds),
  };
}
