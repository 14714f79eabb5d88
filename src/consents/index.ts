import type { Router } from 'express';
import type { Registries } from '../connectors';
import type { Database } from '../db/database';
import type { SigningKey } from '../keys/keyFile';
import { consentRoutes } from './consents.routes';
import { consentService, type ConsentService } from './consents.service';

export function consentsFeature(deps: {
  db: Database;
  registries: Pick<Registries, 'population' | 'business'>;
  signingKey: SigningKey;
  /** Counts a consent request under this key (agency and subject); throws 429 when there were too many. */
  limitConsentRequests?: (key: string) => Promise<void>;
}): { router: Router; service: ConsentService } {
  const service = consentService(deps);
  return { router: consentRoutes({ service, limitRequests: deps.limitConsentRequests }), service };
}
