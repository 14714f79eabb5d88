import type { Router } from 'express';
import type { Database } from '../db/database';
import { revocationRoutes } from './revocations.routes';
import { revocationService, type RevocationService } from './revocations.service';

export type { RevocationService } from './revocations.service';

/** The token revocation list: the operator routes, and the check authentication runs on every bearer token. */
export function revocationsFeature(deps: { db: Database; refreshMs: number }): { router: Router; service: RevocationService } {
  const service = revocationService(deps);
  return { router: revocationRoutes({ service }), service };
}
