import type { Router } from 'express';
import type { MatchingModel } from './matchingModel';
import { matchingRoutes } from './matching.routes';
import type { MatchingService } from './matching.service';

export { loadModel } from './matchingModel';
export { matchingService, type MatchingService } from './matching.service';

/** Identity matching: verify a claimed identity (1:1) and search the registry mirror (1:N). */
export function matchingFeature({ service, model }: { service: MatchingService; model: MatchingModel }): Router {
  return matchingRoutes({ service, model });
}
