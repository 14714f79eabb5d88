import type { Router } from 'express';
import type { Registries } from '../connectors';
import type { Database } from '../db/database';
import { loadModel, type MatchingModel } from './matchingModel';
import { matchingRoutes } from './matching.routes';
import { matchingService } from './matching.service';

/** Identity matching: verify a claimed identity (1:1) and search the registry mirror (1:N). */
export function matchingFeature({ db, registries, model = loadModel() }: { db: Database; registries: Pick<Registries, 'population'>; model?: MatchingModel }): Router {
  return matchingRoutes({ service: matchingService({ db, registries, model }), model });
}
