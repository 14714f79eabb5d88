import { foldedKey, normaliseText } from './normalise';

export interface PersonName {
  family: string;
  /** Possibly ''. */
  middle: string;
  given: string;
  /** The input exactly as given. */
  raw: string;
}

// Regional forms of one family name (domain.md §7): equivalent when matching, yet distinct legal
// strings, so they are only ever compared, never rewritten.
const SURNAME_CLASSES = new Map([
  ['huynh', 'hoang'],
  ['vu', 'vo'],
]);

/** Family name first, then the middle name (possibly none), then the given name; one word is a given name. */
export function splitFullName(raw: string): PersonName {
  const words = normaliseText(raw).split(' ').filter((word) => word !== '');
  const given = words.pop() ?? '';
  const family = words.shift() ?? '';
  return { family, middle: words.join(' '), given, raw };
}

/**
 * A heuristic sound-alike key, word by word, for blocking: it merges what regional speech and
 * hurried typing confuse (initials tr/ch, s/x, d/gi/r; finals n/ng, c/t), so Trần/Chần,
 * Giang/Dang/Rang and Loan/Loang meet. It over-merges by design (folding already made đ and d
 * one letter); it is evidence to weigh, never equality.
 */
export function phoneticKey(word: string): string {
  return foldedKey(word)
    .split(' ')
    .map((w) =>
      w
        .replace(/^tr/, 'ch')
        .replace(/^x/, 's')
        .replace(/^gi(?=[aeiouy])|^g(?=i)|^r/, 'd')
        .replace(/ng$/, 'n')
        .replace(/c$/, 't'),
    )
    .join(' ');
}

/**
 * A comparison key shared by regional variants of a family name (Huỳnh/Hoàng, Võ/Vũ). It is built
 * on the folded key, so it also equates names that differ only in diacritics.
 */
export function surnameEquivalenceClass(family: string): string {
  const key = foldedKey(family);
  return SURNAME_CLASSES.get(key) ?? key;
}
