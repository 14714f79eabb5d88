import type { BusinessAttribute, BusinessComparison, BusinessConflictCode, BusinessFlagCode, BusinessLevel } from './businessComparisons';
import { BUSINESS_ATTRIBUTE_LABELS, BUSINESS_CONFLICT_LABELS, BUSINESS_FLAG_LABELS, BUSINESS_LEVEL_LABELS } from './labels';
import { probabilityOf, type Decision } from './matchingModel';

/**
 * Hand-set log2(m/u) weights per comparison level, NOT fitted: Motlan has no labelled business pairs
 * (and no business mirror to run EM on). docs/matching.md gives the reasoning behind each number.
 * Changing a weight or a threshold changes `version` or `thresholds.version`, which every answer reports.
 */
export interface BusinessModel {
  version: string;
  fitted: false;
  levels: { [A in BusinessAttribute]: Record<BusinessLevel<A>, number> };
  /** log2 odds that the enterprise fetched by a claimed code is the applicant's business. */
  verifyPriorBits: number;
  thresholds: { version: string; match: number; possible: number };
}

export const BUSINESS_MODEL: BusinessModel = {
  version: 'vn-business-2026-11.1',
  fitted: false,
  levels: {
    // The code fetched the record: its agreement is the prior, not evidence counted twice.
    code: { enterprise: 0, branch: 0, different: 0 },
    name: { exact: 12, folded: 10, abbreviation: 9, english: 9, legal_form: 4, tokens: 2, different: -10, missing: 0 },
    address: { line: 4, commune: 3, province: 0.5, different: -3, missing: 0 },
    representative: { id: 6, name: 4, different: -3, missing: 0 },
  },
  // As for persons: ≈ one claimed code in ten at a counter is not the applicant's own business.
  verifyPriorBits: 3.17,
  thresholds: { version: 'business-thresholds-2026-11.1', match: 0.999, possible: 0.5 },
};

export interface BusinessScore {
  attributes: Array<BusinessComparison['attributes'][number] & { bits: number }>;
  conflicts: BusinessConflictCode[];
  flags: BusinessFlagCode[];
  totalBits: number;
  priorBits: number;
  probability: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function scoreBusiness(model: BusinessModel, c: BusinessComparison): BusinessScore {
  const attributes = c.attributes.map((a) => ({ ...a, bits: (model.levels[a.attribute] as Record<string, number>)[a.level] ?? 0 }));
  const totalBits = round(attributes.reduce((sum, a) => sum + a.bits, 0));
  return {
    attributes,
    conflicts: c.conflicts,
    flags: c.flags,
    totalBits,
    priorBits: model.verifyPriorBits,
    probability: probabilityOf(model.verifyPriorBits + totalBits),
  };
}

/** Thresholds are applied here only; a hard conflict forbids `match`, a flag does not. */
export function decideBusiness(model: BusinessModel, s: Pick<BusinessScore, 'probability' | 'conflicts'>): Decision {
  if (s.probability >= model.thresholds.match && s.conflicts.length === 0) return 'match';
  if (s.probability >= model.thresholds.possible) return 'possible';
  return 'non_match';
}

/** The explanation a business verification carries; personal values were masked by the comparisons. */
export function explainBusiness(model: BusinessModel, s: BusinessScore) {
  return {
    probability: Number(s.probability.toPrecision(6)),
    totalBits: s.totalBits,
    priorBits: s.priorBits,
    conflicts: s.conflicts.map((code) => ({ code, ...BUSINESS_CONFLICT_LABELS[code]!, hard: true })),
    flags: s.flags.map((code) => ({ code, ...BUSINESS_FLAG_LABELS[code]! })),
    attributes: s.attributes.map((a) => ({
      attribute: a.attribute,
      label: BUSINESS_ATTRIBUTE_LABELS[a.attribute]!,
      level: a.level,
      levelLabel: BUSINESS_LEVEL_LABELS[`${a.attribute}.${a.level}`] ?? BUSINESS_LEVEL_LABELS[a.level] ?? { vi: a.level, en: a.level },
      bits: a.bits,
      query: a.query,
      record: a.record,
      ...(a.similarity !== undefined ? { similarity: a.similarity } : {}),
    })),
    model: { version: model.version, thresholdsVersion: model.thresholds.version },
  };
}
