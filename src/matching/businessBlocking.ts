import { normaliseBusinessName } from '../names';
import { comparisonTokens, expandAbbreviations, GENERIC_TOKENS, weightedJaccard } from './businessAbbreviations';
import { withinOneEdit } from './comparisons';
import type { BusinessMirrorRow } from './businessMirrorRow';
import { formerProvinceCodes } from './personFeatures';

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

/**
 * The pairs that carry the brand, filed with typo keys: two distinctive words side by side ("phu
 * thinh", "tin nghia"); a distinctive word in no such pair with each neighbour ("hoa phat", whose
 * "phát" is also a trade word); a name of trade words only by its last pair (the brand comes last
 * in a Vietnamese name); a one-word name by its word.
 */
export function brandPairs(words: readonly string[]): string[] {
  const telling = words.map((w) => !BLOCKING_STOP.has(w));
  const pairs = new Set<string>();
  const paired = new Set<number>();
  const pair = (i: number) => pairs.add(`${words[i]} ${words[i + 1]}`);
  for (let i = 0; i + 1 < words.length; i++) {
    if (telling[i] && telling[i + 1]) {
      pair(i);
      paired.add(i).add(i + 1);
    }
  }
  for (let i = 0; i < words.length; i++) {
    if (!telling[i] || paired.has(i)) continue;
    if (i > 0) pair(i - 1);
    if (i + 1 < words.length) pair(i);
  }
  if (pairs.size === 0 && words.length >= 2) pair(words.length - 2);
  if (pairs.size === 0 && words.length === 1) pairs.add(words[0]!);
  return [...pairs];
}

// A pair or word shorter than this has too many neighbours one edit away to be worth a key.
const TYPO_MIN_LENGTH = 4;

/** The strings one deleted character away from `s`, without repeats: SymSpell's deletion neighbourhood. */
export function deletions(s: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(`${s.slice(0, i)}${s.slice(i + 1)}`);
  return [...out];
}

/**
 * The key-table rows a brand is filed under so that a pair typed one edit away finds it: each pair
 * with one character deleted (`d:`). A string one edit from another is a deletion of it (a letter
 * left out), has it as a deletion (a letter added), or shares a deletion with it (a letter replaced,
 * two adjacent letters swapped). So a query looks up its pair under `d:`, its pair's deletions under
 * `d:` and under `p:` (the registered pairs themselves), and every lookup stays an equality on the
 * key table's B-tree. Some pairs two edits away share a deletion too: the scoring tells them apart.
 */
const typoKeysOfPairs = (pairs: readonly string[]): string[] => pairs.filter((p) => p.length >= TYPO_MIN_LENGTH).flatMap((p) => deletions(p).map((d) => `d:${d}`));

/** What a typed pair looks up to find the registered pairs one edit away (see typoKeysOfPairs). */
export const typoLookupsOfPair = (pair: string): string[] =>
  pair.length < TYPO_MIN_LENGTH ? [] : [`d:${pair}`, ...deletions(pair).flatMap((d) => [`d:${d}`, `p:${d}`])];

const keysOfName = (name: string, provinceCodes: readonly string[]) => {
  const words = businessNameWords(name);
  if (words.length === 0) return [];
  return [
    `n:${words.join(' ')}`,
    ...wordPairs(words).map((p) => `p:${p}`),
    ...typoKeysOfPairs(brandPairs(words)),
    ...provinceCodes.flatMap((code) => distinctiveWords(words).map((w) => `w:${code}:${w}`)),
  ];
};

/** The key-table rows of one mirror row: its names (an enterprise's English name and abbreviation too), and its representatives' IDs. */
export function rowKeys(row: Pick<BusinessMirrorRow, 'kind' | 'name' | 'englishName' | 'abbreviation' | 'provinceCode' | 'legalRepresentatives'>): string[] {
  const names = row.kind === 'enterprise' ? [row.name, row.englishName, row.abbreviation] : [row.name];
  const keys = names.filter((n): n is string => !!n).flatMap((n) => keysOfName(n, row.provinceCode ? [row.provinceCode] : []));
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
  /**
   * The keys to look up, in groups: a row found by several keys of one group counts once (the
   * deletions of one typed pair find the same registered pair many times over).
   */
  keys(q: BusinessQuery): string[][];
  /** The pass is skipped when a key of this other (key-table) pass is registered. */
  unlessFoundBy?: string;
}

/** Each key lookup returns at most this many rows (in code order). */
export const KEY_CAP = 200;
/** The best rows by summed pass weight whose stored name words are compared before the cut. */
export const PRE_RANKED = 400;
/** At most this many distinct rows, the best by pass weight and name similarity, are returned and scored. */
export const RETRIEVED = 50;
/**
 * What name similarity (0 to 1) adds to the summed pass weights before the cut: enough to lift a
 * row whose name is one typo from the typed one above rows that only share a pair or a word with it
 * (name_pair 10, province_word 2), never above an equal name (100) or a code.
 */
export const SIMILARITY_WEIGHT = 20;

const typedNameKeys = (q: BusinessQuery, prefix: 'n' | 'p' | 'w') =>
  // A province formed in 2025 is looked for in each former one it merged, as registered addresses carry those.
  [...new Set(q.names.flatMap((n) => keysOfName(n, q.provinceCode ? formerProvinceCodes(q.provinceCode) : [])).filter((k) => k.startsWith(`${prefix}:`)))].map((k) => [k]);
const typedTypoKeys = (q: BusinessQuery) => [...new Set(q.names.flatMap((n) => brandPairs(businessNameWords(n))))].map(typoLookupsOfPair).filter((g) => g.length > 0);
const each = (keys: string[]) => keys.map((k) => [k]);

export const BUSINESS_PASSES: readonly BusinessBlockingPass[] = [
  { name: 'code', target: 'code', weight: 1000, keys: (q) => (q.code ? [[q.code.canonical]] : []) },
  { name: 'code_one_edit', target: 'code', weight: 200, keys: (q) => (q.code ? each(codeVariants(q.code.digits)) : []) },
  // The typed code's enterprise and its branches: a parent's code typed for a branch, or a branch suffix mistyped.
  { name: 'enterprise', target: 'enterpriseCode', weight: 50, keys: (q) => (q.code && checkDigitHolds(q.code.digits.slice(0, 10)) ? [[q.code.digits.slice(0, 10)]] : []) },
  { name: 'name', target: 'key', weight: 100, keys: (q) => typedNameKeys(q, 'n') },
  { name: 'representative', target: 'key', weight: 50, keys: (q) => (q.representativeId ? [[`r:${q.representativeId}`]] : []) },
  { name: 'name_pair', target: 'key', weight: 10, keys: (q) => typedNameKeys(q, 'p') },
  // A letter of the brand mistyped: its registered pairs one edit from a typed one, each counted once.
  // Skipped when a typed name is registered as typed: its neighbours one letter away are other businesses.
  { name: 'name_pair_one_edit', target: 'key', weight: 8, keys: typedTypoKeys, unlessFoundBy: 'name' },
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
  /** Distinct rows the passes found, before the cut. */
  found: number;
}

/** One row found by a key of one group of one pass (its index in BUSINESS_PASSES). */
export interface Hit {
  code: string;
  pass: number;
  group: number;
}

/** A row the passes found, with its summed pass weight and the first pass that found it. */
export interface PreRanked {
  code: string;
  pass: number;
  weight: number;
}

const byCodeC = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sums the pass weights per row, a key group once, and keeps the PRE_RANKED best (ties: earlier
 * pass, then code), as the SQL store does.
 */
export function preRankHits(hits: readonly Hit[]): { ranked: PreRanked[]; found: number } {
  const byCode = new Map<string, PreRanked>();
  const counted = new Set<string>();
  for (const h of hits) {
    const once = `${h.code} ${h.pass} ${h.group}`;
    if (counted.has(once)) continue;
    counted.add(once);
    const seen = byCode.get(h.code);
    const weight = BUSINESS_PASSES[h.pass]!.weight;
    if (seen) {
      seen.weight += weight;
      seen.pass = Math.min(seen.pass, h.pass);
    } else byCode.set(h.code, { code: h.code, weight, pass: h.pass });
  }
  const ranked = [...byCode.values()].sort((a, b) => b.weight - a.weight || a.pass - b.pass || byCodeC(a.code, b.code)).slice(0, PRE_RANKED);
  return { ranked, found: byCode.size };
}

/**
 * How close a row's stored name words (`name_tokens`) are to a typed name's, 0 to 1: 1 when equal or
 * one typo apart over the whole name (the scoring's `one_edit` level), else the weighted Jaccard
 * of the words. Cheap enough for hundreds of rows a query; the best over the typed names.
 */
export function nameSimilarity(typedWords: readonly (readonly string[])[], nameTokens: string): number {
  const tokens = nameTokens === '' ? [] : nameTokens.split(' ');
  let best = 0;
  for (const words of typedWords) {
    if (words.length === 0 || tokens.length === 0) continue;
    if (withinOneEdit(words.join(' '), nameTokens)) return 1;
    best = Math.max(best, weightedJaccard(words, tokens));
  }
  return best;
}

/**
 * The cut: the pre-ranked rows ordered by pass weight plus SIMILARITY_WEIGHT × name similarity
 * (ties: earlier pass, then code), the RETRIEVED best kept. Without it, a mistyped brand leaves the
 * true row tied with every row sharing one pair or one word, and code order decides who is scored.
 */
export function cutByName(q: BusinessQuery, ranked: readonly PreRanked[], nameTokensOf: (code: string) => string): Array<{ code: string; pass: string }> {
  const typedWords = q.names.map(businessNameWords);
  return ranked
    .map((r) => ({ ...r, score: r.weight + SIMILARITY_WEIGHT * nameSimilarity(typedWords, nameTokensOf(r.code)) }))
    .sort((a, b) => b.score - a.score || a.pass - b.pass || byCodeC(a.code, b.code))
    .slice(0, RETRIEVED)
    .map((r) => ({ code: r.code, pass: BUSINESS_PASSES[r.pass]!.name }));
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
  for (const map of [byEnterprise, byKey]) for (const list of map.values()) list.sort(byCodeC);

  return {
    size: byCode.size,
    /** Rows in the key table. */
    keyRows: [...byKey.values()].reduce((n, list) => n + list.length, 0),
    row: (code: string) => byCode.get(code),
    candidates(q: BusinessQuery): BusinessBlockingResult {
      const hits: Hit[] = [];
      const registered = (passName: string) => BUSINESS_PASSES.find((p) => p.name === passName)!.keys(q).some((keys) => keys.some((k) => byKey.has(k)));
      BUSINESS_PASSES.forEach((pass, i) => {
        if (pass.unlessFoundBy && registered(pass.unlessFoundBy)) return;
        pass.keys(q).forEach((keys, group) => {
          for (const key of keys) {
            const codes = pass.target === 'code' ? (byCode.has(key) ? [key] : []) : ((pass.target === 'enterpriseCode' ? byEnterprise : byKey).get(key) ?? []);
            for (const code of codes.slice(0, KEY_CAP)) hits.push({ code, pass: i, group });
          }
        });
      });
      const { ranked, found } = preRankHits(hits);
      const cut = cutByName(q, ranked, (code) => byCode.get(code)!.nameTokens);
      return { candidates: cut.map(({ code, pass }) => ({ row: byCode.get(code)!, pass })), found };
    },
  };
}
