import type { Enterprise } from '../connectors';
import { provincePlaceOf } from './personFeatures';
import type { BusinessCandidate, BusinessQuery, TypedCode } from './businessBlocking';
import {
  compareAddress,
  compareName,
  compareRepresentative,
  type BusinessAttributeComparison,
  type BusinessClaims,
  type BusinessComparison,
  type BusinessFlagCode,
  type BusinessLevel,
} from './businessComparisons';
import type { BusinessMirrorRow } from './businessMirrorRow';
import { decideBusiness, scoreBusinessSearch, type BusinessModel, type BusinessScore } from './businessModel';
import type { Decision } from './matchingModel';

/** What a business search is given: the verify claims with the code optional and possibly mistyped. */
export interface BusinessSearchClaims extends Omit<BusinessClaims, 'code'> {
  code?: TypedCode | null;
}

export function businessQueryOf(claims: BusinessSearchClaims): BusinessQuery {
  return {
    code: claims.code ?? null,
    names: [claims.name, claims.englishName].filter((s): s is string => !!s && s.trim() !== ''),
    provinceCode: provincePlaceOf(claims.address?.province),
    representativeId: claims.legalRepresentative?.id?.trim() || null,
  };
}

/** One substitution or one adjacent transposition. */
export function oneEdit(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** A typed code against a mirror row: evidence, never a conflict (a mistyped code is still the applicant's). */
export function compareCode(typed: TypedCode | null | undefined, row: Pick<BusinessMirrorRow, 'code' | 'enterpriseCode'>): BusinessAttributeComparison {
  if (!typed) return { attribute: 'code', level: 'missing', query: null, record: null };
  const rowDigits = row.code.replace('-', '');
  let level: BusinessLevel<'code'> = 'different';
  if (typed.canonical === row.code) level = 'exact';
  else if (typed.digits.slice(0, 10) === row.enterpriseCode) level = 'same_enterprise';
  else if (oneEdit(typed.digits, rowDigits) || (typed.digits.length === 10 && oneEdit(typed.digits, row.enterpriseCode))) level = 'one_edit';
  return { attribute: 'code', level, query: typed.canonical, record: row.code };
}

const FLAGS: Record<'enterprise' | 'branch', Partial<Record<Enterprise['status'], BusinessFlagCode>>> = {
  enterprise: { suspended: 'enterprise_suspended', dissolved: 'enterprise_dissolved' },
  branch: { suspended: 'branch_suspended', dissolved: 'branch_dissolved' },
};

/**
 * What was typed against one mirror row, with the verify comparisons. A branch row is compared with
 * the branch's own name and address: typed with its parent's name, the parent's row ranks first.
 */
export function compareCandidate(claims: BusinessSearchClaims, row: BusinessMirrorRow): BusinessComparison {
  const names = row.kind === 'enterprise' ? { vi: row.name, en: row.englishName, abbreviation: row.abbreviation } : { vi: row.name, en: null, abbreviation: null };
  const flags = [FLAGS.enterprise[row.enterpriseStatus], row.kind === 'branch' ? FLAGS.branch[row.status] : undefined].filter((f): f is BusinessFlagCode => !!f);
  return {
    attributes: [
      compareCode(claims.code, row),
      compareName({ name: claims.name, englishName: claims.englishName }, { names }, null),
      compareAddress(claims.address, { line: row.addressLine, commune: row.commune, province: row.province, provinceCode: row.provinceCode }),
      compareRepresentative(claims.legalRepresentative, row.legalRepresentatives),
    ],
    conflicts: [],
    flags,
    branch: null,
  };
}

export interface RankedBusiness {
  row: BusinessMirrorRow;
  pass: string;
  score: BusinessScore;
  decision: Decision;
}

export interface BusinessRanking {
  candidates: RankedBusiness[];
  /** Bits between the first and the second candidate (a second below zero counts as zero); null with none. */
  marginBits: number | null;
}

// Levels at which a row's registered name is the typed one: other enterprises reaching them share the name.
const SAME_NAME = new Set(['exact', 'folded', 'abbreviation', 'english', 'legal_form']);

const levelOf = (c: BusinessComparison, attribute: string) => c.attributes.find((a) => a.attribute === attribute)?.level;

/** Scores every blocked candidate and keeps the best k; `match` also needs the top-2 margin. */
export function rankBusinessCandidates(
  model: BusinessModel,
  claims: BusinessSearchClaims,
  found: readonly BusinessCandidate[],
  populationSize: number,
  k: number,
): BusinessRanking {
  const compared = found.map((f) => ({ ...f, comparison: compareCandidate(claims, f.row) }));
  const sharers = (attribute: string, levels: (l: string | undefined) => boolean) =>
    new Set(compared.filter((c) => levels(levelOf(c.comparison, attribute))).map((c) => c.row.enterpriseCode));
  const sameName = sharers('name', (l) => SAME_NAME.has(l ?? ''));
  const sameWords = sharers('name', (l) => l === 'tokens');
  const oneEditAway = sharers('name', (l) => l === 'one_edit');
  const sameRepresentative = sharers('representative', (l) => l === 'id');
  const others = (set: Set<string>, enterpriseCode: string) => set.size - (set.has(enterpriseCode) ? 1 : 0);
  const scored = compared
    .map((c) => ({
      row: c.row,
      pass: c.pass,
      score: scoreBusinessSearch(model, c.comparison, populationSize, {
        name: others(sameName, c.row.enterpriseCode),
        nameOneEdit: others(oneEditAway, c.row.enterpriseCode),
        nameTokens: others(sameWords, c.row.enterpriseCode),
        representative: others(sameRepresentative, c.row.enterpriseCode),
      }),
    }))
    .sort((a, b) => b.score.totalBits - a.score.totalBits || (a.row.code < b.row.code ? -1 : 1));
  const [first, second] = scored;
  const marginBits = first ? Math.round((first.score.totalBits - Math.max(second?.score.totalBits ?? 0, 0)) * 100) / 100 : null;
  return {
    candidates: scored.slice(0, k).map((c, i) => ({ ...c, decision: decideBusiness(model, c.score, i === 0 ? marginBits : 0) })),
    marginBits,
  };
}
