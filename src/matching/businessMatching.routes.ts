import { Router } from 'express';
import { authorize } from '../auth/authenticate';
import { methodNotAllowed } from '../http/errorHandler';
import { notFound, problem, validationFailed } from '../http/problem';
import { registryProblem } from '../http/registryProblem';
import { validateBody } from '../http/validate';
import { parseCitizenId, parseTaxCode, type IdError } from '../ids';
import type { BusinessClaims } from './businessComparisons';
import { BusinessRegistryNotConfiguredError, EnterpriseNotFoundError, type BusinessMatchingService } from './businessMatching.service';
import { explainBusiness } from './businessModel';

interface BusinessVerifyBody extends Omit<BusinessClaims, 'code'> {
  code: string;
  purpose?: string;
}

const invalid = (pointer: string, family: string, error: IdError) =>
  validationFailed([{ in: 'body', pointer, rule: `${family}.${error.code}`, message: error.message.en, messageVi: error.message.vi }]);

export function businessMatchingRoutes({ service }: { service: BusinessMatchingService }): Router {
  const router = Router();

  router
    .route('/identity/business/verify')
    .post(authorize({ agency: ['identity'] }), validateBody('matching/business-verify-request'), async (req, res) => {
      const { code: typedCode, purpose, ...typed } = req.body as BusinessVerifyBody;
      const code = parseTaxCode(typedCode);
      if (!code.ok) throw invalid('/code', 'tax_code', code.error);
      const representativeId = typed.legalRepresentative?.id;
      if (representativeId !== undefined) {
        const parsed = parseCitizenId(representativeId);
        if (!parsed.ok) throw invalid('/legalRepresentative/id', 'national_id', parsed.error);
      }
      let result;
      try {
        result = await service.verify({ ...typed, code: code.value }, { principal: req.principal!, requestId: req.id, ...(purpose ? { purpose } : {}) });
      } catch (error) {
        throw businessMatchingProblem(error);
      }
      res.json({ decision: result.decision, ...explainBusiness(service.model, result.score), record: result.record });
    })
    .all(methodNotAllowed);

  return router;
}

function businessMatchingProblem(error: unknown): unknown {
  if (error instanceof EnterpriseNotFoundError) return notFound('Enterprise', 'The business registry has no enterprise under this code.');
  if (error instanceof BusinessRegistryNotConfiguredError) {
    return problem(503, 'registry-not-configured', 'Registry not configured', { detail: 'This Motlan has no business registry configured, and it keeps no copy of businesses.' });
  }
  return registryProblem(error, 'Motlan keeps no copy of businesses to verify against');
}
