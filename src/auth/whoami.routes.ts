import { Router } from 'express';
import { methodNotAllowed } from '../http/errorHandler';

/** Lets an integrator check what Motlan makes of its token before calling anything else. */
export function whoamiRoutes(): Router {
  const router = Router();
  router.route('/whoami').get((req, res) => {
    res.json(req.principal);
  }).all(methodNotAllowed);
  return router;
}
