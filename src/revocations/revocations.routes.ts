import { Router } from 'express';
import { authorize } from '../auth/authenticate';
import type { OperatorPrincipal } from '../auth/principal';
import { methodNotAllowed } from '../http/errorHandler';
import { problem } from '../http/problem';
import { validateBody } from '../http/validate';
import type { RevocationRow } from './revocations.store';
import { AlreadyRevokedError, type RevocationService } from './revocations.service';

/** Operators revoke bearer tokens before they expire: one token by `jti`, or an issuer's key by `kid`. */
export function revocationRoutes({ service }: { service: RevocationService }): Router {
  const router = Router();
  const operator = authorize({ operator: true });

  router
    .route('/token-revocations')
    .get(operator, async (_req, res) => {
      res.json({ items: (await service.list()).map(toBody) });
    })
    .post(operator, validateBody('auth/token-revocation-create'), async (req, res) => {
      const body = req.body as { issuer: string; jti?: string; kid?: string; reason: string; expiresAt?: string };
      try {
        const row = await service.revoke(req.principal as OperatorPrincipal, { ...body, expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined }, req.id);
        res.status(201).json(toBody(row));
      } catch (error) {
        if (error instanceof AlreadyRevokedError) throw problem(409, 'already-revoked', 'Already revoked', { detail: error.message });
        throw error;
      }
    })
    .all(methodNotAllowed);

  return router;
}

function toBody(r: RevocationRow) {
  return {
    id: r.id,
    issuer: r.issuer,
    ...(r.jti !== null ? { jti: r.jti } : { kid: r.kid }),
    reason: r.reason,
    revokedBy: r.revokedBy,
    revokedAt: r.revokedAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
  };
}
