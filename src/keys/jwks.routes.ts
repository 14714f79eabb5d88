import { Router } from 'express';
import { methodNotAllowed } from '../http/errorHandler';
import type { SigningKey } from './keyFile';

/** Motlan's public key, so receivers verify receipts and attestations offline. */
export function jwksRoutes(key: SigningKey): Router {
  const router = Router();
  router
    .route('/.well-known/jwks.json')
    .get((_req, res) => {
      res.set('Cache-Control', 'public, max-age=3600').json({ keys: [{ ...key.publicJwk, use: 'sig' }] });
    })
    .all(methodNotAllowed);
  return router;
}
