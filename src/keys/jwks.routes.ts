import { Router } from 'express';
import type { Database } from '../db/database';
import { methodNotAllowed } from '../http/errorHandler';
import type { SigningKey } from './keyFile';
import { signingKeyStore } from './signingKeys.store';

export interface JwksDeps {
  db: Database;
  /** The key Motlan signs with now, and the retired ones still configured. */
  keys: { active: SigningKey; retired: SigningKey[] };
  retentionDays: number;
  clock?: () => Date;
}

/**
 * Motlan's public keys, so receivers verify receipts, attestations and webhook deliveries offline:
 * the active key and every retired one still inside its retention period, so that what a retired
 * key signed keeps verifying after a rotation.
 */
export function jwksRoutes(deps: JwksDeps): Router {
  const store = signingKeyStore(deps.db);
  const clock = deps.clock ?? (() => new Date());
  const router = Router();
  router
    .route('/.well-known/jwks.json')
    .get(async (_req, res) => {
      const byKid = new Map((await store.published(clock(), deps.retentionDays)).map((jwk) => [jwk.kid!, jwk]));
      // The configured keys are what this instance signs with: they are published even before (or without) their row.
      for (const key of [deps.keys.active, ...deps.keys.retired]) byKid.set(key.kid, key.publicJwk);
      const keys = [...byKid.values()].map((jwk) => ({ ...jwk, use: 'sig' }));
      // Short enough that a receiver sees a new key soon after a rotation; receivers also refetch on an unknown kid.
      res.set('Cache-Control', 'public, max-age=300').json({ keys });
    })
    .all(methodNotAllowed);
  return router;
}
