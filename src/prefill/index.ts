import type { Router } from 'express';
import type { PrefillDeps } from './prefill.service';
import { prefillRoutes } from './prefill.routes';
import { prefillService } from './prefill.service';

/** POST /v1/prefill: what a new dossier need not ask for again. */
export function prefillFeature(deps: PrefillDeps): Router {
  return prefillRoutes({ service: prefillService(deps) });
}
