import type { BusinessAttribute, BusinessComparison, BusinessConflictCode, BusinessFlagCode, BusinessLevel } from './businessComparisons';
import { mergedProvinceBits } from './comparisons';
import { BUSINESS_ATTRIBUTE_LABELS, BUSINESS_CONFLICT_LABELS, BUSINESS_FLAG_LABELS, BUSINESS_LEVEL_LABELS, withMergedProvince } from './labels';
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
  /**
   * Search (1:N) compares a query with any mirror row, so u is the chance that a random business
   * reaches the level, not the claimed one's near relations: search has its own weights.
   */
  search: BusinessSearchWeights;
  /** `marginBits`: in search, how far the first candidate must lead the second for `match`. */
  thresholds: { version: string; match: number; possible: number; marginBits: number };
}

/** An identifier level: bits = offset + log2(N) − log2(sharing + confusion) (see scoreBusinessSearch). */
export interface IdentifierLevel {
  /** log2(m): how often the applicant's own business reaches the level. */
  offset: number;
  /** The chance that a query for another business reaches the level against this record by mistake. */
  confusion: number;
}
export type IdentifierWeights<L extends string> = Partial<Record<L, IdentifierLevel>>;

export interface BusinessSearchWeights {
  /** Levels whose weight does not depend on the mirror's size, in bits. */
  levels: { [A in BusinessAttribute]: Partial<Record<BusinessLevel<A>, number>> };
  /** Levels that name one business (a code, a registered name, a representative's ID): scaled by the mirror. */
  identifiers: {
    code: IdentifierWeights<BusinessLevel<'code'>>;
    name: IdentifierWeights<BusinessLevel<'name'>>;
    representative: IdentifierWeights<BusinessLevel<'representative'>>;
  };
}

export const BUSINESS_MODEL: BusinessModel = {
  version: 'vn-business-2026-11.2',
  fitted: false,
  levels: {
    // The code fetched the record: its agreement is the prior, not evidence counted twice.
    code: { enterprise: 0, branch: 0, exact: 0, same_enterprise: 0, one_edit: 0, different: 0, missing: 0 },
    name: { exact: 12, folded: 10, abbreviation: 9, english: 9, legal_form: 4, one_edit: 6, tokens: 2, different: -10, missing: 0 },
    address: { line: 4, commune: 3, province: 0.5, different: -3, missing: 0 },
    representative: { id: 6, name: 4, different: -3, missing: 0 },
  },
  // As for persons: ≈ one claimed code in ten at a counter is not the applicant's own business.
  verifyPriorBits: 3.17,
  search: {
    // Hand-set like the verify weights; docs/matching.md (Businesses, search) gives each reason.
    levels: {
      // A code one digit off a registered one: ≈ 10 valid neighbours among ≈ 10^7 codes of a region
      // (u ≈ 3·10^-7), typed so by ≈ 4% of applicants: log2(0.04 / 3e-7) ≈ 17.
      code: { one_edit: 17, different: -4, missing: 0 },
      name: { different: -10, missing: 0 },
      address: { line: 12, commune: 8, province: 2, different: -3, missing: 0 },
      representative: { name: 10, different: -3, missing: 0 },
    },
    identifiers: {
      // ≈ one applicant in 64 gives a code that exists but is another business's (a parent's, a partner's).
      code: { exact: { offset: -0.15, confusion: 1 / 64 }, same_enterprise: { offset: -5, confusion: 1 / 64 } },
      // Registered names are unique nationally (Enterprise Law 2020 art. 41): a query for another
      // business names this one in full about once in 2,048 queries. The typing style (diacritics,
      // abbreviations, English) is as common among other businesses' queries, so it costs little.
      // Sharing most distinctive words (a typo, a word left out) is far commoner, by mistake too.
      name: {
        exact: { offset: 0, confusion: 1 / 2048 },
        folded: { offset: -0.1, confusion: 1 / 2048 },
        abbreviation: { offset: -0.2, confusion: 1 / 2048 },
        english: { offset: -0.2, confusion: 1 / 2048 },
        legal_form: { offset: -2, confusion: 1 / 2048 },
        one_edit: { offset: -4.3, confusion: 1 / 256 },
        tokens: { offset: -3.3, confusion: 1 / 64 },
      },
      representative: { id: { offset: -0.5, confusion: 1 / 64 } },
    },
  },
  thresholds: { version: 'business-thresholds-2026-11.2', match: 0.999, possible: 0.5, marginBits: 6 },
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
  const attributes = c.attributes.map((a) => ({ ...a, bits: round(((model.levels[a.attribute] as Record<string, number>)[a.level] ?? 0) - mergedProvinceBits(a.spans)) }));
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

/**
 * Who else in the mirror reaches the same identifier level: other enterprises with an equal name,
 * with the same representative. Counted among the candidates, which the blocking passes found by those keys.
 */
export interface Sharing {
  /** Other enterprises whose registered name is the typed one (levels exact to legal_form). */
  name: number;
  /** Other enterprises one edit from it (level one_edit). */
  nameOneEdit: number;
  /** Other enterprises sharing most distinctive words with it (level tokens). */
  nameTokens: number;
  representative: number;
}

/**
 * Search scoring: the prior is 1 / mirror size, and an identifier level's u is the share of the
 * mirror that reaches it, (sharing + confusion) / N, so log2(m/u) = offset + log2(N) − log2(sharing +
 * confusion). A name equal to one registered business's therefore weighs log2(N) + 11 bits: after
 * the prior, about 11 bits, a `match` alone; equal to two businesses' (a name the mirror holds
 * twice), about 0: `possible` until the address or representative tells them apart.
 */
export function scoreBusinessSearch(model: BusinessModel, c: BusinessComparison, populationSize: number, sharing: Sharing): BusinessScore {
  const n = Math.max(populationSize, 2);
  const priorBits = round(-Math.log2(n - 1));
  const identifier = (weights: IdentifierWeights<string>, level: string, shared: number) => {
    const w = weights[level];
    return w === undefined ? undefined : w.offset + Math.log2(n) - Math.log2(shared + w.confusion);
  };
  const bitsOf = (a: BusinessComparison['attributes'][number]): number => {
    const { identifiers, levels } = model.search;
    const scaled =
      a.attribute === 'code' ? identifier(identifiers.code, a.level, 0)
      : a.attribute === 'name' ? identifier(identifiers.name, a.level, a.level === 'tokens' ? sharing.nameTokens : a.level === 'one_edit' ? sharing.nameOneEdit : sharing.name)
      : a.attribute === 'representative' ? identifier(identifiers.representative, a.level, sharing.representative)
      : undefined;
    return round(scaled ?? ((levels[a.attribute] as Record<string, number>)[a.level] ?? 0) - mergedProvinceBits(a.spans));
  };
  const attributes = c.attributes.map((a) => ({ ...a, bits: bitsOf(a) }));
  const totalBits = round(attributes.reduce((sum, a) => sum + a.bits, 0));
  return { attributes, conflicts: c.conflicts, flags: c.flags, totalBits, priorBits, probability: probabilityOf(priorBits + totalBits) };
}

/**
 * Thresholds are applied here only; a hard conflict forbids `match`, a flag does not. In search
 * `match` also needs the first candidate to lead the second by `marginBits` (null: no such rule).
 */
export function decideBusiness(model: BusinessModel, s: Pick<BusinessScore, 'probability' | 'conflicts'>, marginBits: number | null = null): Decision {
  const clear = s.conflicts.length === 0 && (marginBits === null || marginBits >= model.thresholds.marginBits);
  if (s.probability >= model.thresholds.match && clear) return 'match';
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
      levelLabel: withMergedProvince(BUSINESS_LEVEL_LABELS[`${a.attribute}.${a.level}`] ?? BUSINESS_LEVEL_LABELS[a.level] ?? { vi: a.level, en: a.level }, a.spans),
      bits: a.bits,
      query: a.query,
      record: a.record,
      ...(a.similarity !== undefined ? { similarity: a.similarity } : {}),
    })),
    model: { version: model.version, thresholdsVersion: model.thresholds.version },
  };
}
