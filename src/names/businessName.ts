import { foldedKey, normaliseText } from './normalise';

export type LegalFormCode = 'tnhh_1tv' | 'tnhh' | 'co_phan' | 'dntn' | 'htx' | 'chi_nhanh';

export interface BusinessName {
  legalForm: LegalFormCode | null;
  legalFormLabel: { vi: string; en: string } | null;
  /** The name without its legal forms, as written (NFC, spaces collapsed). */
  distinctive: string;
  /** The distinctive part folded, punctuation dropped: "Sữa Việt Nam" → "sua viet nam". */
  distinctiveKey: string;
}

const COMPANY = '(?:cong ty|cty)';
const LIMITED = '(?:tnhh|trach nhiem huu han)';
const ONE_MEMBER = '(?:mot thanh vien|mtv|1tv)';
const ENGLISH_LIMITED = '(?:co ltd|company limited)';

// Patterns over folded words joined by single spaces, so case, diacritics and punctuation
// ("Co.,Ltd", "CTY.") do not matter. The one-member form comes first: it contains the plain one.
const LEGAL_FORMS: ReadonlyArray<{ code: LegalFormCode; vi: string; en: string; pattern: string }> = [
  {
    code: 'tnhh_1tv',
    vi: 'Công ty TNHH một thành viên',
    en: 'Single-member limited liability company',
    pattern: `${COMPANY} ${LIMITED} ${ONE_MEMBER}|one member ${ENGLISH_LIMITED}`,
  },
  { code: 'tnhh', vi: 'Công ty TNHH', en: 'Limited liability company', pattern: `${COMPANY} ${LIMITED}|${ENGLISH_LIMITED}` },
  {
    code: 'co_phan',
    vi: 'Công ty cổ phần',
    en: 'Joint stock company',
    pattern: `${COMPANY} (?:co phan|cp)|ctcp|joint stock company|jsc`,
  },
  { code: 'dntn', vi: 'Doanh nghiệp tư nhân', en: 'Private enterprise', pattern: 'doanh nghiep tu nhan|dntn' },
  { code: 'htx', vi: 'Hợp tác xã', en: 'Cooperative', pattern: 'hop tac xa|htx' },
  { code: 'chi_nhanh', vi: 'Chi nhánh', en: 'Branch', pattern: 'chi nhanh' },
];

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Whole words only: each alternative is one capture group, whose index names the legal form.
const LEGAL_FORM = new RegExp(`(?<=^| )(?:${LEGAL_FORMS.map((form) => `(${form.pattern})`).join('|')})(?= |$)`, 'g');

/**
 * Separates the legal form from the distinctive part of a business name. Every legal form found is
 * removed from the distinctive part; the first in reading order is reported, so "Chi nhánh Công ty
 * TNHH …" is a branch.
 */
export function normaliseBusinessName(s: string): BusinessName {
  const text = normaliseText(s);
  const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, key: foldedKey(m[0]) }));
  const keys = words.map((word) => word.key).join(' ');
  // Every word adds exactly one space to `keys`, so counting spaces maps a match back onto `text`.
  const wordIndexAt = (offset: number) => keys.slice(0, offset).split(' ').length - 1;

  let legalForm: (typeof LEGAL_FORMS)[number] | undefined;
  let distinctive = '';
  let copied = 0;
  for (const match of keys.matchAll(LEGAL_FORM)) {
    const first = words[wordIndexAt(match.index)];
    const last = words[wordIndexAt(match.index + match[0].length)];
    if (!first || !last) continue;
    legalForm ??= LEGAL_FORMS[match.slice(1).findIndex((group) => group !== undefined)];
    distinctive += `${text.slice(copied, first.start)} `;
    // An abbreviation's trailing dots and commas ("Co., Ltd.") go with it.
    copied = last.end + text.slice(last.end).search(/[^.,]|$/);
  }
  distinctive = normaliseText(distinctive + text.slice(copied)).replace(/^[\s,\-–]+|[\s,\-–]+$/gu, '');
  return {
    legalForm: legalForm?.code ?? null,
    legalFormLabel: legalForm ? { vi: legalForm.vi, en: legalForm.en } : null,
    distinctive,
    distinctiveKey: [...distinctive.matchAll(WORD)].map((m) => foldedKey(m[0])).join(' '),
  };
}
