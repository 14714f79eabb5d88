// Comparison keys only: callers keep the raw string as given and store these beside it.

const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323'; // huyền, sắc, ngã, hỏi, nặng
// Old and new tone placement survive NFC ("hoà" ≠ "hòa"); keys use one. The chosen one puts the
// mark on the first vowel of a final oa / oe / uy (hòa, khỏe, thủy): the traditional ("kiểu cũ")
// placement, as in the official "Hòa Bình", "Thanh Hóa"; the newer rule marks the main vowel
// (hoà, khoẻ, thuỷ). Decided by rule on the syllable, in NFD: an initial of consonants only (not the
// "qu" of "quý", whose u belongs to the consonant), the pair, its tone on the second vowel, and
// nothing after (with a final consonant both conventions agree: hoàng, thuyền).
const TONE_ON_SECOND_VOWEL = new RegExp(
  `(?<![\\p{L}\\p{M}])((?:(?![aeiouy])\\p{L})*)(?<!q)(o(?=[ae])|u(?=y))([aey])([${TONE_MARKS}])(?![\\p{L}\\p{M}])`,
  'giu',
);

/** NFC, trimmed, runs of whitespace collapsed to one space: NFC and NFD "hòa" differ byte-wise. */
export function normaliseText(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

export function foldCase(s: string): string {
  return s.toLowerCase();
}

/**
 * Removes every diacritic, Vietnamese letters included (ư → u, đ → d). Đ/đ have no decomposition,
 * so they are mapped explicitly; so are Ð/ð (eth), which is what Đ/đ become when Windows-1258
 * text is decoded as Windows-1252.
 */
export function foldDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đð]/g, 'd').replace(/[ĐÐ]/g, 'D').normalize('NFC');
}

/** Moves the tone of a final oa / oe / uy to its first vowel: hoà → hòa, thuỷ → thủy. Returns NFC. */
export function canonicalTone(s: string): string {
  return s.normalize('NFD').replace(TONE_ON_SECOND_VOWEL, '$1$2$4$3').normalize('NFC');
}

/** Accented comparison key: NFC, lower case, one tone convention, collapsed spaces. */
export function nameKey(s: string): string {
  return canonicalTone(foldCase(normaliseText(s)));
}

/** nameKey without diacritics; weaker evidence, since Hùng, Hưng and Hứng all become "hung". */
export function foldedKey(s: string): string {
  // Normalised again because removing a stray combining mark can leave two spaces side by side.
  return normaliseText(foldDiacritics(nameKey(s)));
}
