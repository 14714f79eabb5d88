import type { Attribute } from './comparisons';
import { labelOf, type MatchingModel, type Score } from './matchingModel';
import { ATTRIBUTE_LABELS, CONFLICT_LABELS, withMergedProvince } from './labels';

/** Keeps each word's first and last letters: enough for an officer to see a typo, not to read a name off a screen. */
export function maskName(s: string | null): string | null {
  if (s === null) return null;
  return s
    .split(' ')
    .map((w) => {
      const chars = [...w];
      return chars.length <= 2 ? `${chars[0] ?? ''}*`.slice(0, Math.max(1, chars.length)) : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
    })
    .join(' ');
}

/** Day hidden, year and month kept: the date levels are about which parts agree. */
export function maskDate(s: string | null): string | null {
  return s === null ? null : s.replace(/^(\d{4}-\d{2})-\d{2}$/, '$1-**');
}

export function maskId(s: string | null): string | null {
  return s === null ? null : `${'*'.repeat(Math.max(0, s.length - 4))}${s.slice(-4)}`;
}

const MASKS: Record<Attribute, (s: string | null) => string | null> = {
  id: maskId,
  family: maskName,
  middle: maskName,
  given: maskName,
  birthDate: maskDate,
  sex: (s) => s,
  birthPlace: (s) => s,
  residence: (s) => (s === null ? null : s.replace(/^([^,]+), /, (_, commune: string) => `${maskName(commune)}, `)),
  father: maskName,
  mother: maskName,
};

/** The explanation every answer carries: per attribute the level, its labels, bits and masked values. */
export function explain(model: MatchingModel, s: Score) {
  return {
    probability: Number(s.probability.toPrecision(6)),
    totalBits: s.totalBits,
    priorBits: s.priorBits,
    ...(s.plausibility === undefined ? {} : { plausibility: Number(s.plausibility.toPrecision(6)) }),
    conflicts: [...s.conflicts, ...s.vetoes].map((code) => ({ code, ...(CONFLICT_LABELS[code] ?? { vi: code, en: code }), hard: !s.vetoes.includes(code) })),
    attributes: s.attributes.map((a) => ({
      attribute: a.attribute,
      label: ATTRIBUTE_LABELS[a.attribute] ?? { vi: a.attribute, en: a.attribute },
      level: a.level,
      levelLabel: withMergedProvince(labelOf(a.attribute, a.level), a.spans),
      bits: a.bits,
      query: MASKS[a.attribute](a.query),
      record: MASKS[a.attribute](a.record),
    })),
    model: { version: model.version, thresholdsVersion: model.thresholds.version },
  };
}
