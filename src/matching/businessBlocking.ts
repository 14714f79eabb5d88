import { normaliseBusinessName } from '../names';
import { comparisonTokens, expandAbbreviations, GENERIC_TOKENS } from './businessAbbreviations';
import type { BusinessMirrorRow } from './businessMirrorRow';

/**
 * Blocking for business search (1:N): a union of exact-key passes, each an equality lookup on a
 * B-tree (the mirror's primary key, its enterprise-code index, or the primary key of the key table).
 * The database store and the in-memory index of the evaluation use these same definitions.
 */

/** A code as typed in a search: evidence, possibly mistyped (its check digit need not hold). */
export interface TypedCode {
  /** 10 or 13 ASCII digits. */
  digits: string;
  /** NNNNNNNNNN or NNNNNNNNNN-NNN, valid or not. */
  canonical: string;
  /** Whether its check digit (and branch suffix) hold. */
  valid: boolean;
}

/** What a business search asks, normalised once. */
export interface BusinessQuery {
  code: TypedCode | null;
  /** The typed names (Vietnamese, English), as typed. */
  names: string[];
  provinceCode: string | null;
  representativeId: string | null;
}

// Words that say nothing about which business it is, for blocking only: trade words and "tại" of a
// branch's name ("Chi nhánh … tại Hà Nội"). Comparison keeps them, at their lower weight.
const BLOCKING_STOP = new Set([...GENERIC_TOKENS, 'tai']);

/** Comparison words of a name: folded, abbreviations expanded, legal form and connectors removed. */
export function businessNameWords(name: string): string[] {
  return comparisonTokens(normaliseBusinessName(expandAbbreviations(name)).distinctiveKey);
}

/** The words that tell businesses apart: comparison words minus generic trade words. */
export function distinctiveWords(words: readonly string[]): string[] {
  return words.filter((w) => !BLOCKING_STOP.has(w));
}

/**
 * Adjacent word pairs with at least one distinctive word ("phu thinh", "my tho", and "hoa phat",
 * whose "phát" is also a trade word): a brand is usually two syllables. A name with one distinctive
 * word and nothing beside it is keyed by that word.
 */
export function wordPairs(words: readonly string[]): string[] {
  const telling = (w: string | undefined) => w !== undefined && !BLOCKING_STOP.has(w);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) if (telling(words[i]) || telling(words[i + 1])) pairs.push(`${words[i]} ${words[i + 1]}`);
  return pairs.length === 0 && words.length === 1 && telling(words[0]) ? [words[0]!] : pairs;
}

const keysOfName = (name: string, provinceCode: string | null) => {
  const words = businessNameWords(name);
  if (words.length === 0) return [];
  return [
    `n:${words.join(' ')}`,
    ...wordPairs(words).map((p) => `p:${p}`),
    ...(provinceCode ? distinctiveWords(words).map((w) => `w:${provinceCode}:${w}`) : []),
  ];
};

/** The key-table rows of one mirror row: its names (an enterprise's English name and abbreviation too), and its representatives' IDs. */
export function rowKeys(row: Pick<BusinessMirrorRow, 'kind' | 'name' | 'englishName' | 'abbreviation' | 'provinceCode' | 'legalRepresentatives'>): string[] {
  const names = row.kind === 'enterprise' ? [row.name, row.englishName, row.abbreviation] : [row.name];
  const keys = names.filter((n): n is string => !!n).flatMap((n) => keysOfName(n, row.provinceCode));
  // A representative represents the enterprise; its branches are found through it by the enterprise pass.
  if (row.kind === 'enterprise') keys.push(...row.legalRepresentatives.map((r) => `r:${r.id}`));
  return [...new Set(keys)];
}

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];
const checkDigitHolds = (ten: string) => {
  if (ten.slice(2, 9) === '0000000') return false;
  const sum = WEIGHTS.reduce((total, w, i) => total + w * Number(ten[i]), 0);
  return 10 - (sum % 11) === Number(ten[9]);
};
const canonicalOf = (digits: string) => (digits.length === 13 ? `${digits.slice(0, 10)}-${digits.slice(10)}` : digits);
const validDigits = (digits: string) => checkDigitHolds(digits.slice(0, 10)) && (digits.length === 10 || digits.slice(10) !== '000');

/** A typed code read as evidence: 10 or 13 digits once spaces, dots and hyphens are dropped; null otherwise. */
export function typedCodeOf(input: string | null | undefined): TypedCode | null {
  const digits = (input ?? '').replace(/[ .-]/g, '');
  if (!/^(\d{10}|\d{13})$/.test(digits)) return null;
  return { digits, canonical: canonicalOf(digits), valid: validDigits(digits) };
}

/** The valid codes one substitution or one adjacent transposition away: where a mistyped code came from. */
export function codeVariants(digits: string): string[] {
  const out = new Set<string>();
  const consider = (d: string) => {
    if (d !== digits && validDigits(d)) out.add(canonicalOf(d));
  };
  for (let i = 0; i < digits.length; i++) {
    for (let v = 0; v <= 9; v++) consider(`${digits.slice(0, i)}${v}${digits.slice(i + 1)}`);
    if (i + 1 < digits.length) consider(`${digits.slice(0, i)}${digits[i + 1]}${digits[i]}${digits.slice(i + 2)}`);
  }
  return [...out].sort();
}

/** Where a pass looks: the mirror's primary key, its enterprise-code index, or the key table. */
export type PassTarget = 'code' | 'enterpriseCode' | 'key';

export interface BusinessBlockingPass {
  name: string;
  target: PassTarget;
  /** Pre-ranking weight of one hit: rows found by strong or by many keys are scored first. */
  weight: number;
  keys(q: BusinessQuery): string[];
}

/** Each key lookup returns at most this many rows (in code order). */
export const KEY_CAP = 200;
/** At most this many distinct rows, the best by summed pass weight, are returned and scored. */
export const RETRIEVED = 50;

const typedNameKeys = (q: BusinessQuery, prefix: 'n' | 'p' | 'w') => [
  ...new Set(q.names.flatMap((n) => keysOfName(n, q.provinceCode)).filter((k) => k.startsWith(`${prefix}:`))),
];

export const BUSINESS_PASSES: readonly BusinessBlockingPass[] = [
  { name: 'code', target: 'code', weight: 1000, keys: (q) => (q.code ? [q.code.canonical] : []) },
  { name: 'code_one_edit', target: 'code', weight: 200, keys: (q) => (q.code ? codeVariants(q.code.digits) : []) },
  // The typed code's enterprise and its branches: a parent's code typed for a branch, or a branch suffix mistyped.
  { name: 'enterprise', target: 'enterpriseCode', weight: 50, keys: (q) => (q.code && checkDigitHolds(q.code.digits.slice(0, 10)) ? [q.code.digits.slice(0, 10)] : []) },
  { name: 'name', target: 'key', weight: 100, keys: (q) => typedNameKeys(q, 'n') },
  { name: 'representative', target: 'key', weight: 50, keys: (q) => (q.representativeId ? [`r:${q.representativeId}`] : []) },
  { name: 'name_pair', target: 'key', weight: 10, keys: (q) => typedNameKeys(q, 'p') },
  // A typo in one brand word leaves the other, within the typed province.
  { name: 'province_word', target: 'key', weight: 2, keys: (q) => typedNameKeys(q, 'w') },
];
export const BUSINESS_PASS_NAMES = BUSINESS_PASSES.map((p) => p.name);

export interface BusinessCandidate {
  row: BusinessMirrorRow;
  /** The first pass (in BUSINESS_PASSES order) that found the row. */
  pass: string;
}

export interface BusinessBlockingResult {
  candidates: BusinessCandidate[];
  /** Distinct rows the passes found, before the RETRIEVED cut. */
  found: number;
}

interface Hit {
  code: string;
  pass: number;
}

/** What both stores do with the hits: sum the weights per row, keep the RETRIEVED best (ties: earlier pass, then code). */
export function rankHits(hits: readonly Hit[]): Array<{ code: string; pass: string }> {
  const byCode = new Map<string, { score: number; pass: number }>();
  for (const h of hits) {
    const seen = byCode.get(h.code);
    const weight = BUSINESS_PASSES[h.pass]!.weight;
    if (seen) {
      seen.score += weight;
      seen.pass = Math.min(seen.pass, h.pass);
    } else byCode.set(h.code, { score: weight, pass: h.pass });
  }
  return [...byCode.entries()]
    .sort(([ca, a], [cb, b]) => b.score - a.score || a.pass - b.pass || (ca < cb ? -1 : ca > cb ? 1 : 0))
    .slice(0, RETRIEVED)
    .map(([code, s]) => ({ code, pass: BUSINESS_PASSES[s.pass]!.name }));
}

/** An in-memory stand-in for the business mirror and its key table, for the evaluation and unit tests. */
export function memoryBusinessIndex(rows: Iterable<BusinessMirrorRow>) {
  const byCode = new Map<string, BusinessMirrorRow>();
  const byEnterprise = new Map<string, string[]>();
  const byKey = new Map<string, string[]>();
  const file = (map: Map<string, string[]>, key: string, code: string) => {
    const list = map.get(key);
    if (list) list.push(code);
    else map.set(key, [code]);
  };
  for (const row of rows) {
    byCode.set(row.code, row);
    file(byEnterprise, row.enterpriseCode, row.code);
    for (const key of rowKeys(row)) file(byKey, key, row.code);
  }
  // Code order within a key, as the key table's primary key gives it.
  for (const map of [byEnterprise, byKey]) for (const list of map.values()) list.sort();

  return {
    size: byCode.size,
    row: (code: string) => byCode.get(code),
    candidates(q: BusinessQuery): BusinessBlockingResult {
      const hits: Hit[] = [];
      BUSINESS_PASSES.forEach((pass, i) => {
        for (const key of pass.keys(q)) {
          const codes = pass.target === 'code' ? (byCode.has(key) ? [key] : []) : ((pass.target === 'enterpriseCode' ? byEnterprise : byKey).get(key) ?? []);
          for (const code of codes.slice(0, KEY_CAP)) hits.push({ code, pass: i });
        }
      });
      const ranked = rankHits(hits);
      return { candidates: ranked.map(({ code, pass }) => ({ row: byCode.get(code)!, pass })), found: new Set(hits.map((h) => h.code)).size };
    },
  };
}
