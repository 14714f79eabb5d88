import { foldedKey, nameKey, phoneticKey, surnameEquivalenceClass } from '../names';
import { PROVINCES, province2025ByCode, province2025Of } from '../ids';

/** One name part in the forms the comparisons use. */
export interface NamePart {
  raw: string;
  /** NFC, lower case, one tone convention: "equal with diacritics". */
  accented: string;
  folded: string;
  phonetic: string;
}

export interface PersonName {
  family: NamePart | null;
  middle: NamePart | null;
  given: NamePart | null;
}

export interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

/** A person or a query, normalised the same way (matching.md "Normalise stored records and queries the same way"). */
export interface PersonFeatures {
  id: string | null;
  /** Readings of the full name: as typed first, then the given name moved back from the front, then reversed. */
  names: PersonName[];
  birthDate: PartialDate | null;
  sex: 'male' | 'female' | null;
  /** provincePlaceOf: a pre-2025 code ("082"), a 2025 one ("82"), or a 2025 one typed by the name it kept ("82/087"). */
  birthProvince: string | null;
  residenceProvince: string | null;
  residenceCommune: string | null;
  father: string | null;
  mother: string | null;
}

export interface PersonInput {
  id?: string | null | undefined;
  fullName?: string | null | undefined;
  birthDate?: string | null | undefined;
  sex?: 'male' | 'female' | null | undefined;
  /** A province: a pre-2025 code ("082"), a 2025 code ("82") or a name, pre-2025 or 2025, old or new spelling. */
  birthPlace?: string | null | undefined;
  residenceProvince?: string | null | undefined;
  residenceCommune?: string | null | undefined;
  fatherName?: string | null | undefined;
  motherName?: string | null | undefined;
}

type WordForms = Omit<NamePart, 'raw'>;

// Scoring a block normalises the names of every row in it, and the tone and fold regexes are most
// of a search's CPU time. Names are drawn from a few thousand syllables, so each word's forms are
// computed once. Bounded, so that typed nonsense cannot grow it without end.
const WORD_FORMS_LIMIT = 100_000;
const wordFormsCache = new Map<string, WordForms>();

function wordForms(word: string): WordForms {
  let forms = wordFormsCache.get(word);
  if (!forms) {
    forms = { accented: nameKey(word), folded: foldedKey(word), phonetic: phoneticKey(word) };
    if (wordFormsCache.size >= WORD_FORMS_LIMIT) wordFormsCache.clear();
    wordFormsCache.set(word, forms);
  }
  return forms;
}

// Parents' names and communes recur like the persons' own names (rows cost splitting and joining
// them per request): the forms of each whole string are made once too, bounded like the others.
const TEXT_FORMS_LIMIT = 20_000;
const textFormsCache = new Map<string, WordForms>();

/** nameKey, foldedKey and phoneticKey of a whole string, word by word; remembered for record fields. */
function recordFormsOf(text: string): WordForms {
  let forms = textFormsCache.get(text);
  if (!forms) {
    forms = formsOf(text);
    if (textFormsCache.size >= TEXT_FORMS_LIMIT) textFormsCache.clear();
    textFormsCache.set(text, forms);
  }
  return forms;
}

/** nameKey, foldedKey and phoneticKey of a whole string, word by word (each works word by word). */
export function formsOf(text: string): WordForms {
  const words = text.split(/\s+/u).filter(Boolean).map(wordForms);
  if (words.length === 1) return words[0]!;
  return { accented: joinForm(words, 'accented'), folded: joinForm(words, 'folded'), phonetic: joinForm(words, 'phonetic') };
}

function joinForm(words: WordForms[], form: keyof WordForms): string {
  return words
    .map((w) => w[form])
    .filter(Boolean)
    .join(' ');
}

function part(raw: string | undefined): NamePart | null {
  if (!raw) return null;
  return { raw, ...formsOf(raw) };
}

function reading(words: string[]): PersonName {
  if (words.length === 0) return { family: null, middle: null, given: null };
  if (words.length === 1) return { family: null, middle: null, given: part(words[0]) };
  return { family: part(words[0]), middle: part(words.slice(1, -1).join(' ')), given: part(words[words.length - 1]) };
}

/** The words of a full name, as typed (NFC) when normalising keeps them apart. */
function nameWords(fullName: string): string[] {
  const words = formsOf(fullName).accented.split(' ').filter(Boolean);
  const rawWords = fullName.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  return rawWords.length === words.length ? rawWords : words;
}

/** The readings a typed name may have: as typed, "Hùng Nguyễn Văn" (given first), "Hùng Văn Nguyễn" (western order). */
export function nameReadings(fullName: string): PersonName[] {
  const source = nameWords(fullName);
  const readings = [reading(source)];
  if (source.length >= 2) {
    readings.push(reading([...source.slice(1), source[0]!]));
    if (source.length >= 3) readings.push(reading([...source].reverse()));
  }
  return readings;
}

// At a million persons the rows a verify or search scores are seldom the same twice, but their
// full names are: a dense name distribution is the very reason namesakes are looked for. A record's
// name (one reading: registries store names in order) is made once, bounded like the word cache,
// and shared: never mutated. What a caller types is not kept.
const RECORD_NAMES_LIMIT = 20_000;
const recordNames = new Map<string, PersonName>();

/** A registry record's name, read in the order it is stored. */
export function recordName(fullName: string): PersonName {
  let name = recordNames.get(fullName);
  if (!name) {
    name = reading(nameWords(fullName));
    if (recordNames.size >= RECORD_NAMES_LIMIT) recordNames.clear();
    recordNames.set(fullName, name);
  }
  return name;
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function parsePartialDate(s: string | null | undefined): PartialDate | null {
  const m = s ? DATE.exec(s) : null;
  if (!m) return null;
  return { year: Number(m[1]), month: m[2] ? Number(m[2]) : null, day: m[3] ? Number(m[3]) : null };
}

// Province names folded, with the spellings people still type for pre-2025 provinces and common
// short forms. Birth places are compared as the 63 pre-2025 codes the ID also carries (domain.md §1).
const PROVINCE_BY_NAME = new Map<string, string>([
  ...PROVINCES.map((p) => [foldedKey(p.name).replace(/[–-]/g, ' ').replace(/\s+/g, ' '), p.code] as const),
  ['ho chi minh', '079'], ['tp hcm', '079'], ['hcm', '079'], ['sai gon', '079'], ['thanh pho ho chi minh', '079'],
  ['ha tay', '001'], ['hue', '046'], ['thua thien hue', '046'], ['ba ria vung tau', '077'], ['vung tau', '077'],
  ['dak lak', '066'], ['dac lac', '066'], ['dak nong', '067'], ['tp can tho', '092'], ['tp da nang', '048'], ['tp hai phong', '031'],
  ['tp ha noi', '001'],
]);

const PROVINCE_CODES = new Set(PROVINCES.map((p) => p.code));

/** A pre-2025 province code from a code or a name; null when it names no province. */
export function provinceCodeOf(place: string | null | undefined): string | null {
  if (!place) return null;
  const trimmed = place.trim();
  if (/^\d{3}$/.test(trimmed)) return PROVINCE_CODES.has(trimmed) ? trimmed : null;
  const key = foldedKey(trimmed).replace(/[–\-.,]/g, ' ').replace(/^(tinh|thanh pho|tp) /, '').replace(/\s+/g, ' ').trim();
  return PROVINCE_BY_NAME.get(key) ?? PROVINCE_BY_NAME.get(`tp ${key}`) ?? null;
}

/**
 * A place as a person's features hold it, from what was typed:
 * - three digits, a former (pre-2025) province: its code, or a former name that no province formed
 *   on 1 July 2025 kept ("Tiền Giang", "Long An"), or a province the merger left whole;
 * - two digits, a 2025 province made of several, typed as its code ("82"): any of them alike;
 * - "82/087", a 2025 province typed by the name it kept from one former province ("Đồng Tháp" is
 *   old Đồng Tháp, 087, and since 2025 also Tiền Giang): that one as named, the others as the 2025
 *   province. Which the clerk meant, the text cannot tell.
 */
export function provincePlaceOf(place: string | null | undefined): string | null {
  const trimmed = place?.trim();
  if (!trimmed) return null;
  if (/^\d{2}$/.test(trimmed)) {
    const merged = province2025ByCode(trimmed);
    return !merged ? null : merged.formerCodes.length === 1 ? merged.formerCodes[0]! : merged.code;
  }
  const code = provinceCodeOf(trimmed);
  if (!code || /^\d{3}$/.test(trimmed)) return code;
  const merged = province2025Of(code)!;
  return merged.formerCodes.length > 1 && merged.formerCodes[0] === code ? `${merged.code}/${code}` : code;
}

/** The pre-2025 provinces a place of provincePlaceOf may be: itself, or those its 2025 province merged. */
export function formerProvinceCodes(place: string): readonly string[] {
  return place.length === 3 ? [place] : (province2025ByCode(place.slice(0, 2))?.formerCodes ?? []);
}

/** The one former province a place of provincePlaceOf names as such, if any ("087" for "82/087"). */
export function namedFormerProvince(place: string): string | null {
  return place.length === 3 ? place : place.slice(3) || null;
}

/**
 * `readings: false` for registry records, whose names are stored in order: only the first reading.
 * Their names, parents and communes recur across requests and are remembered; a query's are not.
 */
export function personFeatures(input: PersonInput, { readings = true }: { readings?: boolean } = {}): PersonFeatures {
  const forms = readings ? formsOf : recordFormsOf;
  return {
    id: input.id ?? null,
    names: !input.fullName ? [] : readings ? nameReadings(input.fullName) : [recordName(input.fullName)],
    birthDate: parsePartialDate(input.birthDate),
    sex: input.sex ?? null,
    birthProvince: provincePlaceOf(input.birthPlace),
    residenceProvince: provincePlaceOf(input.residenceProvince),
    residenceCommune: input.residenceCommune ? forms(input.residenceCommune).folded.replace(/^(phuong|xa|thi tran) /, '') : null,
    father: input.fatherName ? forms(input.fatherName).folded : null,
    mother: input.motherName ? forms(input.motherName).folded : null,
  };
}

/** The blocking keys stored beside each mirror row (registry_persons *_key columns). */
export function blockingKeysOf(name: PersonName): { familyKey: string; givenKey: string; familyPhonetic: string } {
  const family = name.family?.raw ?? '';
  return {
    familyKey: family ? surnameEquivalenceClass(family) : '',
    givenKey: name.given?.folded ?? '',
    familyPhonetic: family ? phoneticKey(surnameEquivalenceClass(family)) : '',
  };
}
