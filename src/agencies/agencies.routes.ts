import { Router } from 'express';
import { authorize } from '../auth/authenticate';
import type { OperatorPrincipal } from '../auth/principal';
import { methodNotAllowed } from '../http/errorHandler';
import { notFound, validationFailed } from '../http/problem';
import { validateBody } from '../http/validate';
import type { AgencyService } from './agencies.service';
import type { Agency } from './agencies.types';

const AGENCY_CODE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;

export function agencyRoutes({ service }: { service: AgencyService }): Router {
  const router = Router();
  router
    .route('/agencies/:code')
    .get(authorize({ operator: true, agency: [] }), async (req, res) => {
      const agency = await service.find(codeFromPath(req.params.code!));
      if (!agency) throw notFound('Agency', 'No agency is registered under this code.');
      res.json(toAgencyBody(agency));
    })
    .put(authorize({ operator: true }), validateBody('agencies/agency-registration'), async (req, res) => {
      const { agency, created } = await service.register(codeFromPath(req.params.code!), req.body, { principal: req.principal as OperatorPrincipal, requestId: req.id });
      res.status(created ? 201 : 200).json(toAgencyBody(agency));
    })
    .all(methodNotAllowed);
  return router;
}

function codeFromPath(code: string): string {
  if (!AGENCY_CODE.test(code)) {
    throw validationFailed([{ in: 'path', pointer: '/code', rule: 'agency_code.format', message: 'must be an electronic agency code like 000.00.00.H56' }]);
  }
  return code;
}

export function toAgencyBody(a: Agency) {
  return {
    code: a.code,
    name: a.name,
    level: a.level,
    parentCode: a.parentCode,
    jwks: {
      keys: a.keys.map((k) => ({
        ...k.publicJwk,
        kid: k.kid,
        alg: k.alg,
        use: 'sig',
        validFrom: k.validFrom?.toISOString() ?? null,
        validUntil: k.validUntil?.toISOString() ?? null,
      })),
    },
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
