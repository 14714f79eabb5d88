import { Router } from 'express';
import { authorize } from '../auth/authenticate';
import { methodNotAllowed } from '../http/errorHandler';
import { notFound, problem, validationFailed } from '../http/problem';
import { registryProblem } from '../http/registryProblem';
import { validateBody } from '../http/validate';
import { parseCitizenId, parseTaxCode, type IdError } from '../ids';
import { typedCodeOf, type TypedCode } from './businessBlocking';
import type { BusinessClaims } from './businessComparisons';
import { BusinessRegistryNotConfiguredError, EnterpriseNotFoundError, type BusinessMatchingService } from './businessMatching.service';
import { explainBusiness } from './businessModel';

interface BusinessVerifyBody extends Omit<BusinessClaims, 'code'> {
  code: string;
  purpose?: string;
}

type BusinessSearchBody = Partial<BusinessVerifyBody> & { k?: number };

const DEFAULT_K = 5;
// In search a code is evidence: one that fails only its check digit (or has a 000 branch suffix) was
// mistyped and still points at its neighbours. A wrong length or a stray character is a 400.
const MISTYPED = new Set(['check_digit', 'zero_sequence', 'branch_suffix']);

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
      checkRepresentativeId(typed.legalRepresentative?.id);
      let result;
      try {
        result = await service.verify({ ...typed, code: code.value }, { principal: req.principal!, requestId: req.id, ...(purpose ? { purpose } : {}) });
      } catch (error) {
        throw businessMatchingProblem(error);
      }
      res.json({ decision: result.decision, ...explainBusiness(service.model, result.score), record: result.record });
    })
    .all(methodNotAllowed);

  router
    .route('/identity/business/search')
    .post(authorize({ agency: ['identity'] }), validateBody('matching/business-search-request'), async (req, res) => {
      const { code: typedCode, purpose, k, ...typed } = req.body as BusinessSearchBody;
      let code: TypedCode | null = null;
      if (typedCode !== undefined) {
        const parsed = parseTaxCode(typedCode);
        if (!parsed.ok && !MISTYPED.has(parsed.error.code)) throw invalid('/code', 'tax_code', parsed.error);
        code = typedCodeOf(typedCode);
      }
      checkRepresentativeId(typed.legalRepresentative?.id);
      const result = await service.search({ ...typed, code }, k ?? DEFAULT_K, { principal: req.principal!, requestId: req.id, ...(purpose ? { purpose } : {}) });
      const model = service.model;
      res.json({
        decision: result.candidates[0]?.decision ?? 'non_match',
        candidates: result.candidates.map((c, i) => ({
          rank: i + 1,
          code: c.row.code,
          enterpriseCode: c.row.enterpriseCode,
          kind: c.row.kind,
          name: c.row.name,
          status: c.row.status,
          enterpriseStatus: c.row.enterpriseStatus,
          decision: c.decision,
          pass: c.pass,
          ...explainBusiness(model, c.score),
        })),
        candidatesCounted: result.counted,
        marginBits: result.marginBits,
        populationSize: result.populationSize,
        model: { version: model.version, thresholdsVersion: model.thresholds.version },
      });
    })
    .all(methodNotAllowed);

  return router;
}

function checkRepresentativeId(id: string | undefined): void {
  if (id === undefined) return;
  const parsed = parseCitizenId(id);
  if (!parsed.ok) throw invalid('/legalRepresentative/id', 'national_id', parsed.error);
}

function businessMatchingProblem(error: unknown): unknown {
  if (error instanceof EnterpriseNotFoundError) return notFound('Enterprise', 'The business registry has no enterprise under this code.');
  if (error instanceof BusinessRegistryNotConfiguredError) {
    return problem(503, 'registry-not-configured', 'Registry not configured', {
      detail: 'This Motlan has no business registry configured, and its business mirror holds no copy of this enterprise.',
    });
  }
  return registryProblem(error, 'the business mirror holds no copy of this enterprise');
}
