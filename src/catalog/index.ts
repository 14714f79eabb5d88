import type { Router } from 'express';
import type { Database } from '../db/database';
import { catalogRoutes } from './catalog.routes';
import { catalogService } from './catalog.service';

export function catalogFeature(deps: { db: Database }): Router {
  return catalogRoutes({ service: catalogService(deps) });
}
