import { actorOf } from '../auth/principal';
import { auditStore } from '../audit/audit.store';
import { RegistryUnavailable, type Enterprise, type Registries } from '../connectors';
import type { Database } from '../db/database';
import { subjectStore } from '../subjects/subjects.store';
import { compareBusiness, type BusinessClaims } from './businessComparisons';
import { businessMirrorStore } from './businessMirror.store';
import { enterpriseOfRows } from './businessMirrorRow';
import { BUSINESS_MODEL, decideBusiness, scoreBusiness, type BusinessModel, type BusinessScore } from './businessModel';
import { businessQueryOf, rankBusinessCandidates, type BusinessSearchClaims, type RankedBusiness } from './businessSearch';
import type { Decision } from './matchingModel';
import type { MatchingContext } from './matching.service';

export class EnterpriseNotFoundError extends Error {
  override name = 'EnterpriseNotFoundError';
}
/** No business registry is configured, and the business mirror holds no copy of the code's enterprise. */
export class BusinessRegistryNotConfiguredError extends Error {
  override name = 'BusinessRegistryNotConfiguredError';
}

// The mirror's size sets the search prior; counting it on every request would cost more than the search.
const SIZE_TTL_MS = 60_000;

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
    source: 'registry' | 'registry_cache' | 'mirror';
  };
}

export interface BusinessSearchResult {
  candidates: RankedBusiness[];
  /** Distinct mirror rows the blocking passes found. */
  counted: number;
  marginBits: number | null;
  populationSize: number;
}

/**
 * Business identity: verification (1:1) against the business registry connector (a branch code
 * answers with its parent), falling back on the business mirror when the registry is not configured
 * or cannot answer; search (1:N) over the mirror. A registry answer that breaks its contract
 * propagates as RegistryAnswerInvalid for the route to map.
 */
export function businessMatchingService({ db, registries, model = BUSINESS_MODEL, clock = () => Date.now() }: {
  db: Database;
  registries: Pick<Registries, 'business'>;
  model?: BusinessModel;
  clock?: () => number;
}) {
  const audit = auditStore(db);
  const subjects = subjectStore(db);
  const mirror = businessMirrorStore(db);
  let size: { n: number; at: number } | undefined;
  const mirrorSize = async () => {
    if (!size || clock() - size.at > SIZE_TTL_MS) size = { n: await mirror.size(), at: clock() };
    return size.n;
  };

  /** The registry first; when it is not configured or cannot answer, the mirror's copy. */
  const fetchEnterprise = async (parentCode: string): Promise<{ enterprise: Enterprise; source: BusinessVerifyResult['record']['source'] }> => {
    let outage: RegistryUnavailable | undefined;
    if (registries.business) {
      try {
        const answer = await registries.business.getEnterprise(parentCode);
        if (!answer) throw new EnterpriseNotFoundError(parentCode);
        return { enterprise: answer.data, source: answer.source === 'cache' ? 'registry_cache' : 'registry' };
      } catch (error) {
        if (!(error instanceof RegistryUnavailable)) throw error;
        outage = error;
      }
    }
    const enterprise = enterpriseOfRows(await mirror.findEnterpriseRows(parentCode));
    if (enterprise) return { enterprise, source: 'mirror' };
    throw outage ?? new BusinessRegistryNotConfiguredError('No business registry configured, and no mirror copy');
  };

  // The branch's own subject when Motlan holds it, else its enterprise's.
  const subjectOf = async (code: string, enterpriseCode: string) =>
    (await subjects.findByNationalId('business', code)) ?? (code !== enterpriseCode ? await subjects.findByNationalId('business', enterpriseCode) : undefined);

  /** One entry per subject concerned (none known: one entry without a subject). */
  const record = async (ctx: MatchingContext, action: string, decision: Decision, subjectIds: readonly string[]) =>
    audit.append(
      (subjectIds.length ? subjectIds : [null]).map((subjectId) => ({
        actor: actorOf(ctx.principal),
        officialId: ctx.principal.kind === 'agency' ? (ctx.principal.officialId ?? null) : null,
        action,
        subjectId,
        purpose: ctx.purpose ?? null,
        decision: 'allow' as const,
        rule: `role:identity; matching:${decision}; model:${model.version}`,
        requestId: ctx.requestId,
      })),
    );

  return {
    model,

    async verify(claims: BusinessClaims, ctx: MatchingContext): Promise<BusinessVerifyResult> {
      const parentCode = claims.code.kind === 'branch' ? claims.code.parentCode : claims.code.code;
      const answer = await fetchEnterprise(parentCode);
      const comparison = compareBusiness(claims, answer.enterprise);
      const score = scoreBusiness(model, comparison);
      const decision = decideBusiness(model, score);
      const subject = await subjectOf(claims.code.code, parentCode);
      await record(ctx, 'identity.business_verify', decision, subject ? [subject.id] : []);

      return {
        decision,
        score,
        record: {
          code: claims.code.code,
          enterpriseCode: answer.enterprise.code,
          kind: claims.code.kind,
          status: answer.enterprise.status,
          branchStatus: comparison.branch?.status ?? null,
          source: answer.source,
        },
      };
    },

    /** Ranked candidates from the business mirror; the top one's subject is logged when it is a `match`. */
    async search(claims: BusinessSearchClaims, k: number, ctx: MatchingContext): Promise<BusinessSearchResult> {
      const [blocked, n] = await Promise.all([mirror.candidates(businessQueryOf(claims)), mirrorSize()]);
      const ranking = rankBusinessCandidates(model, claims, blocked.candidates, n, k);
      const top = ranking.candidates[0];
      const subject = top?.decision === 'match' ? await subjectOf(top.row.code, top.row.enterpriseCode) : undefined;
      // A search by a representative's ID reads which businesses that person represents: it is in
      // their access log too, when Motlan holds them.
      const typedId = claims.legalRepresentative?.id;
      const representative = typedId ? await subjects.findByNationalId('citizen', typedId) : undefined;
      await record(ctx, 'identity.business_search', top?.decision ?? 'non_match', [subject?.id, representative?.id].filter((id): id is string => id !== undefined));
      return { candidates: ranking.candidates, counted: blocked.found, marginBits: ranking.marginBits, populationSize: n };
    },
  };
}
export type BusinessMatchingService = ReturnType<typeof businessMatchingService>;
