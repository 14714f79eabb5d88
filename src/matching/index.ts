import { Router } from 'express';
import { businessMatchingRoutes } from './businessMatching.routes';
import type { BusinessMatchingService } from './businessMatching.service';
import type { MatchingModel } from './matchingModel';
import { matchingRoutes } from './matching.routes';
import type { MatchingService } from './matching.service';

export { loadModel } from './matchingModel';
export { matchingService, type MatchingService } from './matching.service';
export { businessMatchingService, type BusinessMatchingService } from './businessMatching.service';

/** Identity matching: verify a claimed identity (1:1) and search the registry mirror (1:N); verify a business (1:1). */
export function matchingFeature({ service, model, business }: { service: MatchingService; model: MatchingModel; business: BusinessMatchingService }): Router {
  const router = Router();
  router.use(matchingRoutes({ service, model }));
  router.use(businessMatchingRoutes({ service: business }));
  return router;
}
