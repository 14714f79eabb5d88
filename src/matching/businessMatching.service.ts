import { actorOf } from '../auth/principal';
import { auditStore } from '../audit/audit.store';
import type { Enterprise, Registries } from '../connectors';
import type { Database } from '../db/database';
import { subjectStore } from '../subjects/subjects.store';
import { compareBusiness, type BusinessClaims } from './businessComparisons';
import { BUSINESS_MODEL, decideBusiness, scoreBusiness, type BusinessModel, type BusinessScore } from './businessModel';
import type { Decision } from './matchingModel';
import type { MatchingContext } from './matching.service';

export class EnterpriseNotFoundError extends Error {
  override name = 'EnterpriseNotFoundError';
}
/** No business registry is configured: nothing to verify against (there is no business mirror). */
export class BusinessRegistryNotConfiguredError extends Error {
  override name = 'BusinessRegistryNotConfiguredError';
}

export interface BusinessVerifyResult {
  decision: Decision;
  score: BusinessScore;
  /** The code as asked (canonical), its enterprise's code, and what the registry says of them. */
  record: {
    code: string;
    enterpriseCode: string;
    kind: 'enterprise' | 'branch';
    status: Enterprise['status'];
    branchStatus: Enterprise['status'] | null;
    source: 'registry' | 'registry_cache';
  };
}

/**
 * Business identity verification (1:1): the enterprise comes from the business registry connector
 * (a branch code answers with its parent); registry errors propagate as RegistryUnavailable or
 * RegistryAnswerInvalid for the route to map.
 */
export function businessMatchingService({ db, registries, model = BUSINESS_MODEL }: {
  db: Database;
  registries: Pick<Registries, 'business'>;
  model?: BusinessModel;
}) {
  const audit = auditStore(db);
  const subjects = subjectStore(db);

  return {
    model,

    async verify(claims: BusinessClaims, ctx: MatchingContext): Promise<BusinessVerifyResult> {
      if (!registries.business) throw new BusinessRegistryNotConfiguredError('No business registry configured');
      const answer = await registries.business.getEnterprise(claims.code.code);
      if (!answer) throw new EnterpriseNotFoundError(claims.code.code);
      const comparison = compareBusiness(claims, answer.data);
      const score = scoreBusiness(model, comparison);
      const decision = decideBusiness(model, score);

      // The branch's own subject when Motlan holds it, else its enterprise's.
      const parentCode = claims.code.kind === 'branch' ? claims.code.parentCode : claims.code.code;
      const subject = (await subjects.findByNationalId('business', claims.code.code)) ?? (claims.code.kind === 'branch' ? await subjects.findByNationalId('business', parentCode) : undefined);
      await audit.append({
        actor: actorOf(ctx.principal),
        officialId: ctx.principal.kind === 'agency' ? (ctx.principal.officialId ?? null) : null,
        action: 'identity.business_verify',
        subjectId: subject?.id ?? null,
        purpose: ctx.purpose ?? null,
        decision: 'allow',
        rule: `role:identity; matching:${decision}; model:${model.version}`,
        requestId: ctx.requestId,
      });

      return {
        decision,
        score,
        record: {
          code: claims.code.code,
          enterpriseCode: answer.data.code,
          kind: claims.code.kind,
          status: answer.data.status,
          branchStatus: comparison.branch?.status ?? null,
          source: answer.source === 'cache' ? 'registry_cache' : 'registry',
        },
      };
    },
  };
}
export type BusinessMatchingService = ReturnType<typeof businessMatchingService>;
