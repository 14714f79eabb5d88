import type { Enterprise, LegalRepresentative, RegistryAddress } from '../connectors';
import type { TaxCode } from '../ids';
import { foldedKey, nameKey, normaliseBusinessName, normaliseText, type LegalFormCode } from '../names';
import { comparisonTokens, expandAbbreviations, weightedJaccard } from './businessAbbreviations';
import { placeAgreement, placeSpans, withinOneEdit } from './comparisons';
import { maskId, maskName } from './explanation';
import { provincePlaceOf } from './personFeatures';

/** Comparison levels per attribute, strongest first. */
export const BUSINESS_LEVELS = {
  // Verify: `enterprise` / `branch` (the code fetched the record). Search, where a typed code is
  // evidence: `exact`, `same_enterprise` (a parent's code for its branch, or the reverse), `one_edit`.
  code: ['enterprise', 'branch', 'exact', 'same_enterprise', 'one_edit', 'different', 'missing'],
  name: ['exact', 'folded', 'abbreviation', 'english', 'legal_form', 'one_edit', 'tokens', 'different', 'missing'],
  address: ['line', 'commune', 'province', 'different', 'missing'],
  representative: ['id', 'name', 'different', 'missing'],
} as const;
export type BusinessAttribute = keyof typeof BUSINESS_LEVELS;
export type BusinessLevel<A extends BusinessAttribute = BusinessAttribute> = (typeof BUSINESS_LEVELS)[A][number];
export const BUSINESS_ATTRIBUTES = Object.keys(BUSINESS_LEVELS) as BusinessAttribute[];

export type BusinessConflictCode = 'branch_not_listed' | 'code_different';
export type BusinessFlagCode = 'enterprise_suspended' | 'enterprise_dissolved' | 'branch_suspended' | 'branch_dissolved';

/** What an applicant or officer typed about a business; only the code is required. */
export interface BusinessClaims {
  /** The parsed code: an enterprise's 10 digits or a branch's 13. */
  code: TaxCode;
  name?: string;
  englishName?: string;
  address?: { line?: string; commune?: string; province?: string };
  legalRepresentative?: { fullName?: string; id?: string };
}

export interface BusinessAttributeComparison {
  attribute: BusinessAttribute;
  level: BusinessLevel;
  /** The typed value, normalised (and masked where it is personal data). */
  query: string | null;
  /** The registered value compared with, likewise. */
  record: string | null;
  /** Name only: weighted Jaccard of the distinctive tokens, best over the registered names. */
  similarity?: number;
  /** Address only: the province typed is one formed on 1 July 2025 from this many former ones (placeAgreement). */
  spans?: number;
}

export interface BusinessComparison {
  attributes: BusinessAttributeComparison[];
  conflicts: BusinessConflictCode[];
  /** Facts an officer must see that say nothing about identity: a dissolved enterprise is still itself. */
  flags: BusinessFlagCode[];
  /** The branch the code names, when it is a branch code listed by its parent. */
  branch: Enterprise['branches'][number] | null;
}

// Token overlap below this is `different`: with generic words weighing a quarter, two names sharing
// only "Thương mại Dịch vụ" stay well under it.
export const TOKEN_OVERLAP_MIN = 0.5;

type RegisteredKind = 'vi' | 'branch' | 'en' | 'abbreviation';

interface ParsedName {
  text: string;
  accented: string;
  legalForm: LegalFormCode | null;
  /** Distinctive tokens without abbreviation expansion, and with it. */
  plain: string[];
  expanded: string[];
}

// Search compares a typed name with dozens of rows, each with up to three names: parsing is most of
// the cost, so parsed names are kept, a bounded number of them.
const PARSED_KEPT = 10_000;
const parsed = new Map<string, ParsedName>();

function parseName(text: string): ParsedName {
  const known = parsed.get(text);
  if (known) return known;
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  const result = parseNameAfresh(text);
  parsed.set(text, result);
  return result;
}

function parseNameAfresh(text: string): ParsedName {
  const plain = normaliseBusinessName(text);
  const expanded = normaliseBusinessName(expandAbbreviations(text));
  return {
    text: normaliseText(text),
    accented: nameKey(text),
    legalForm: expanded.legalForm,
    plain: comparisonTokens(plain.distinctiveKey),
    expanded: comparisonTokens(expanded.distinctiveKey),
  };
}

// "Cty TNHH X" is typed for "Công ty TNHH MTV X" every day: both are limited liability companies,
// and an unstated legal form contradicts nothing.
function legalFormsAgree(a: LegalFormCode | null, b: LegalFormCode | null): boolean {
  if (a === null || b === null || a === b) return true;
  const family = (f: LegalFormCode) => (f === 'tnhh_1tv' ? 'tnhh' : f);
  return family(a) === family(b);
}

const same = (a: readonly string[], b: readonly string[]) => a.length > 0 && a.join(' ') === b.join(' ');

/** The level one typed name reaches against one registered name. */
export function nameLevel(typed: string, registered: string, kind: RegisteredKind): { level: BusinessLevel<'name'>; similarity: number } {
  const q = parseName(typed);
  const r = parseName(registered);
  const similarity = Math.round(weightedJaccard(q.expanded, r.expanded) * 1000) / 1000;
  const formsAgree = legalFormsAgree(q.legalForm, r.legalForm);
  if ((kind === 'vi' || kind === 'branch') && q.accented === r.accented) return { level: 'exact', similarity };
  if (same(q.expanded, r.expanded)) {
    if (!formsAgree) return { level: 'legal_form', similarity };
    if (kind === 'en') return { level: 'english', similarity };
    if (kind === 'abbreviation') return { level: 'abbreviation', similarity };
    return { level: same(q.plain, r.plain) ? 'folded' : 'abbreviation', similarity };
  }
  // A slip of the finger in the distinctive words ("Phú Thinh" for "Phú Thịnh" is folded; "Phú Thnh"
  // is this): one edit over the whole expanded name, legal forms agreeing.
  if (formsAgree && q.expanded.length > 0 && withinOneEdit(q.expanded.join(' '), r.expanded.join(' '))) return { level: 'one_edit', similarity };
  return { level: similarity >= TOKEN_OVERLAP_MIN ? 'tokens' : 'different', similarity };
}

const rank = <A extends BusinessAttribute>(attribute: A, level: BusinessLevel<A>) => (BUSINESS_LEVELS[attribute] as readonly string[]).indexOf(level);

/** The best level any typed name (Vietnamese or English) reaches against any registered name. */
export function compareName(
  typed: { name?: string | undefined; englishName?: string | undefined },
  enterprise: Pick<Enterprise, 'names'>,
  branch: { name: string } | null,
): BusinessAttributeComparison {
  const typedNames = [typed.name, typed.englishName].filter((s): s is string => !!s && normaliseText(s) !== '');
  if (typedNames.length === 0) return { attribute: 'name', level: 'missing', query: null, record: null };
  const registered: Array<[string, RegisteredKind]> = [
    ...(branch ? [[branch.name, 'branch'] as [string, RegisteredKind]] : []),
    [enterprise.names.vi, 'vi'],
    ...(enterprise.names.en ? [[enterprise.names.en, 'en'] as [string, RegisteredKind]] : []),
    ...(enterprise.names.abbreviation ? [[enterprise.names.abbreviation, 'abbreviation'] as [string, RegisteredKind]] : []),
  ];
  let best: BusinessAttributeComparison & { level: BusinessLevel<'name'>; similarity: number } | undefined;
  for (const t of typedNames) {
    for (const [r, kind] of registered) {
      const { level, similarity } = nameLevel(t, r, kind);
      if (!best || rank('name', level) < rank('name', best.level) || (level === best.level && similarity > best.similarity)) {
        best = { attribute: 'name', level, similarity, query: normaliseText(t), record: normaliseText(r) };
      }
    }
  }
  return best!;
}

// Commune names are typed with or without their kind ("Phường Bến Nghé", "P. Bến Nghé", "Bến Nghé").
function communeKey(s: string): string {
  return foldedKey(s).replace(/[.,]/g, ' ').replace(/^(phuong|xa|thi tran|p|x|tt) /, '').replace(/\s+/g, ' ').trim();
}

// "Số 12 đường Lê Lợi" and "12 Lê Lợi": the house number and the street are what matter.
function lineKey(s: string): string {
  return foldedKey(s)
    .replace(/[.,/]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !['so', 'duong', 'pho', 'd'].includes(w))
    .join(' ');
}

export function compareAddress(typed: BusinessClaims['address'], registered: RegistryAddress): BusinessAttributeComparison {
  const province = provincePlaceOf(typed?.province);
  const query = typed ? [typed.line, typed.commune, typed.province].filter(Boolean).map((s) => normaliseText(s!)).join(', ') || null : null;
  const record = [registered.line, registered.commune, registered.province].join(', ');
  // A province that names no province says nothing, as in person matching.
  if (!typed || !province) return { attribute: 'address', level: 'missing', query, record: query ? record : null };
  const place = placeAgreement(province, registered.provinceCode);
  let level: BusinessLevel<'address'> = 'province';
  if (!place.agree) level = 'different';
  else if (typed.commune && communeKey(typed.commune) === communeKey(registered.commune)) {
    level = typed.line && lineKey(typed.line) === lineKey(registered.line) ? 'line' : 'commune';
  }
  return { attribute: 'address', level, query, record, ...placeSpans(place) };
}

/** Against every registered representative; an ID, when typed, decides alone (a namesake shares the name). */
export function compareRepresentative(typed: BusinessClaims['legalRepresentative'], registered: readonly LegalRepresentative[]): BusinessAttributeComparison {
  const id = typed?.id?.trim() || null;
  const name = typed?.fullName && normaliseText(typed.fullName) !== '' ? foldedKey(typed.fullName) : null;
  const shown = (r: LegalRepresentative | undefined) => (r ? (id ? maskId(r.id) : maskName(foldedKey(r.fullName))) : null);
  if (!id && !name) return { attribute: 'representative', level: 'missing', query: null, record: null };
  const query = id ? maskId(id) : maskName(name);
  if (id) {
    const found = registered.find((r) => r.id === id);
    return { attribute: 'representative', level: found ? 'id' : 'different', query, record: shown(found ?? registered[0]) };
  }
  const found = registered.find((r) => foldedKey(r.fullName) === name);
  return { attribute: 'representative', level: found ? 'name' : 'different', query, record: shown(found ?? registered[0]) };
}

const STATUS_FLAGS = {
  enterprise: { suspended: 'enterprise_suspended', dissolved: 'enterprise_dissolved' },
  branch: { suspended: 'branch_suspended', dissolved: 'branch_dissolved' },
} as const;

/** Compares what was typed with the enterprise the registry returned for the claimed code. */
export function compareBusiness(claims: BusinessClaims, enterprise: Enterprise): BusinessComparison {
  const conflicts: BusinessConflictCode[] = [];
  const flags: BusinessFlagCode[] = [];
  const parentCode = claims.code.kind === 'branch' ? claims.code.parentCode : claims.code.code;
  let code: BusinessLevel<'code'> = claims.code.kind;
  let branch: Enterprise['branches'][number] | null = null;
  if (enterprise.code !== parentCode) {
    code = 'different';
    conflicts.push('code_different');
  } else if (claims.code.kind === 'branch') {
    branch = enterprise.branches.find((b) => b.code === claims.code.code) ?? null;
    if (!branch) {
      code = 'different';
      conflicts.push('branch_not_listed');
    }
  }
  if (enterprise.status !== 'active') flags.push(STATUS_FLAGS.enterprise[enterprise.status]);
  if (branch && branch.status !== 'active') flags.push(STATUS_FLAGS.branch[branch.status]);

  return {
    attributes: [
      { attribute: 'code', level: code, query: claims.code.code, record: branch?.code ?? enterprise.code },
      compareName({ name: claims.name, englishName: claims.englishName }, enterprise, branch),
      // A branch is where it is: its own address, not its parent's head office.
      compareAddress(claims.address, branch?.address ?? enterprise.address),
      compareRepresentative(claims.legalRepresentative, enterprise.legalRepresentatives),
    ],
    conflicts,
    flags,
    branch,
  };
}
