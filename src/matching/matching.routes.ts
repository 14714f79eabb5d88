import { Router } from 'express';
import { authorize } from '../auth/authenticate';
import { registryProblem } from '../http/registryProblem';
import { methodNotAllowed } from '../http/errorHandler';
import { notFound, problem, validationFailed } from '../http/problem';
import { validateBody } from '../http/validate';
import { parseCitizenId } from '../ids';
import { explain, maskId } from './explanation';
import type { MatchingModel } from './matchingModel';
import { CitizenNotFoundError, OldIdUnknownError, RecordUnavailableError, type MatchingService } from './matching.service';
import type { IdentityClaims } from './matching.types';

const DEFAULT_K = 5;

export function matchingRoutes({ service, model }: { service: MatchingService; model: MatchingModel }): Router {
  const router = Router();
  const onlyIdentity = authorize({ agency: ['identity'] });

  router
    .route('/identity/verify')
    .post(onlyIdentity, validateBody('matching/verify-request'), async (req, res) => {
      const body = req.body as IdentityClaims & { id: string; purpose?: string };
      if (body.id.length === 12) {
        const parsed = parseCitizenId(body.id);
        if (!parsed.ok) throw validationFailed([{ in: 'body', pointer: '/id', rule: `national_id.${parsed.error.code}`, message: parsed.error.message.en, messageVi: parsed.error.message.vi }]);
      }
      let result;
      try {
        result = await service.verify(body, { principal: req.principal!, requestId: req.id, ...(body.purpose ? { purpose: body.purpose } : {}) });
      } catch (error) {
        throw matchingProblem(error);
      }
      res.json({
        decision: result.decision,
        ...explain(model, result.score),
        record: { id: maskId(result.recordId), source: result.source },
        namesakes: result.namesakes,
        marginBits: result.marginBits,
      });
    })
    .all(methodNotAllowed);

  router
    .route('/identity/search')
    .post(onlyIdentity, validateBody('matching/search-request'), async (req, res) => {
      const body = req.body as IdentityClaims & { k?: number; purpose?: string };
      const result = await service.search(body, body.k ?? DEFAULT_K, { principal: req.principal!, requestId: req.id, ...(body.purpose ? { purpose: body.purpose } : {}) });
      res.json({
        decision: result.candidates[0]?.decision ?? 'non_match',
        candidates: result.candidates.map((c, i) => ({ rank: i + 1, id: c.id, decision: c.decision, pass: c.pass, ...explain(model, c.score) })),
        candidatesCounted: result.counted,
        marginBits: result.marginBits,
        populationSize: result.populationSize,
        model: { version: model.version, thresholdsVersion: model.thresholds.version },
      });
    })
    .all(methodNotAllowed);

  return router;
}

function matchingProblem(error: unknown): unknown {
  if (error instanceof OldIdUnknownError) return notFound('Old ID card', 'No person in the registry mirror carries this old 9-digit ID card number.');
  if (error instanceof CitizenNotFoundError) return notFound('Citizen', 'The population registry has no citizen under this ID.');
  if (error instanceof RecordUnavailableError) {
    return problem(503, 'registry-unavailable', 'Registry unavailable', {
      detail: 'The population registry cannot answer (or is not configured) and the registry mirror holds no copy of this person.',
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    });
  }
  return registryProblem(error);
}
