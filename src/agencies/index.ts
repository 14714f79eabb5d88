import type { Router } from 'express';
import type { Database } from '../db/database';
import { agencyRoutes } from './agencies.routes';
import { agencyService } from './agencies.service';

export function agenciesFeature({ db }: { db: Database }): Router {
  return agencyRoutes({ service: agencyService({ db }) });
}
