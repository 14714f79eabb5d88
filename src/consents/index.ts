import type { Router } from 'express';
import type { Registries } from '../connectors';
import type { Database } from '../db/database';
import type { SigningKey } from '../keys/keyFile';
import { consentRoutes } from './consents.routes';
import { consentService, type ConsentService } from './consents.service';

export function consentsFeature(deps: { db: Database; registries: Pick<Registries, 'population' | 'business'>; signingKey: SigningKey }): { router: Router; service: ConsentService } {
  const service = consentService(deps);
  return { router: consentRoutes({ service }), service };
}
