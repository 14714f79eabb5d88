import type { Config } from '../config';
import { devIssuerKeys, loadDevIssuer } from './devIssuer';
import { issuerKeysFrom, tokenVerifier, type VerifyToken } from './tokenVerifier';

/** The configured trusted issuers, plus the local development issuer when it is on. */
export async function verifierFromConfig(config: Pick<Config, 'auth' | 'dataDir'>): Promise<VerifyToken> {
  const issuers = config.auth.trustedIssuers.map(issuerKeysFrom);
  if (config.auth.devIssuer) issuers.push(devIssuerKeys(await loadDevIssuer(config.dataDir)));
  return tokenVerifier({ audience: config.auth.audience, issuers });
}
