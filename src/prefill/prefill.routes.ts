import { Router } from 'express';
import { authorize, principalOf } from '../auth/authenticate';
import type { AgencyPrincipal } from '../auth/principal';
import { methodNotAllowed } from '../http/errorHandler';
import { validateBody } from '../http/validate';
import type { PrefillService } from './prefill.service';
import type { PrefillInput } from './prefill.types';

export function prefillRoutes({ service }: { service: PrefillService }): Router {
  const router = Router();
  router
    .route('/prefill')
    .post(authorize({ agency: ['prefill'] }), validateBody('prefill/prefill-request'), async (req, res) => {
      const agency = principalOf(req.principal, 'agency') as AgencyPrincipal;
      res.json(await service.prefill(agency, req.body as PrefillInput, req.id));
    })
    .all(methodNotAllowed);
  return router;
}
