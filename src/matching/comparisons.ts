import { parseCitizenId } from '../ids';
import { jaroWinkler } from './jaroWinkler';
import { formerProvinceCodes, namedFormerProvince, type NamePart, type PartialDate, type PersonFeatures, type PersonName } from './personFeatures';

/** The comparison levels, strongest first within each attribute; "missing" is worth 0 bits. */
export const LEVELS = {
  id: ['exact', 'one_edit', 'different', 'missing'],
  family: ['exact', 'folded', 'diacritics_differ', 'equivalent', 'similar', 'one_edit', 'phonetic', 'different', 'missing'],
  middle: ['exact', 'folded', 'similar', 'dropped', 'added', 'different', 'missing'],
  given: ['exact', 'folded', 'diacritics_differ', 'similar', 'one_edit', 'phonetic', 'different', 'missing'],
  birthDate: ['exact', 'swapped', 'one_digit', 'one_day', 'year_month', 'same_month', 'year_only', 'same_year', 'year_near', 'different', 'missing'],
  sex: ['agree', 'different', 'missing'],
  birthPlace: ['agree', 'different', 'missing'],
  residence: ['commune', 'province', 'different', 'missing'],
  father: ['exact', 'given', 'similar', 'different', 'missing'],
  mother: ['exact', 'given', 'similar', 'different', 'missing'],
} as const;

export type Attribute = keyof typeof LEVELS;
export type Level<A extends Attribute = Attribute> = (typeof LEVELS)[A][number];
export const ATTRIBUTES = Object.keys(LEVELS) as Attribute[];

export interface AttributeComparison {
  attribute: Attribute;
  level: string;
  /** The value whose frequency adjusts the weight (term-frequency levels only). */
  tfValue?: string;
  /**
   * Places: the agreement is with a province formed on 1 July 2025 from this many former ones
   * (placeAgreement), so a random person shares it that many times as often.
   */
  spans?: number;
  query: string | null;
  record: string | null;
}

export type ConflictCode = 'id_different' | 'sex_contradicts_id' | 'birth_year_contradicts_id';

export interface Comparison {
  attributes: AttributeComparison[];
  conflicts: ConflictCode[];
  /** Which reading of the typed name was compared (0 = as typed). */
  nameReading: number;
}

const SIMILAR = 0.92;
const PARENT_SIMILAR = 0.9;

/**
 * `accentedTyping`: both names carry diacritics somewhere, so both were written by someone using
 * them. Then a word equal only once folded is another name (Thu and Thư, Anh and Ánh: often
 * siblings, even twins), not the same name written on a bare keyboard: level `diacritics_differ`,
 * weighed apart. A bare name on either side (typed, or an old record keyed without marks) makes it
 * `folded`, so the level does not depend on which side had the diacritics.
 */
function namePartLevel(q: NamePart | null, r: NamePart | null, accentedTyping: boolean, withEquivalent: boolean, equivalent: (a: string, b: string) => boolean) {
  if (!q) return 'missing';
  if (!r) return 'different';
  if (q.accented === r.accented) return 'exact';
  if (q.folded === r.folded) return accentedTyping ? 'diacritics_differ' : 'folded';
  if (withEquivalent && equivalent(q.folded, r.folded)) return 'equivalent';
  if (jaroWinkler(q.folded, r.folded) >= SIMILAR) return 'similar';
  // Short names fall below Jaro–Winkler 0.92 after a single typo ("hung" → "hnng"): a level of its own.
  if (withinOneEdit(q.folded, r.folded)) return 'one_edit';
  if (q.phonetic === r.phonetic) return 'phonetic';
  return 'different';
}

/** Damerau–Levenshtein distance ≤ 1: one substitution, insertion, deletion or adjacent transposition. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const SURNAME_CLASSES: Record<string, string> = { huynh: 'hoang', vo: 'vu' };
const noEquivalent = () => false;
const sameSurnameClass = (a: string, b: string) => (SURNAME_CLASSES[a] ?? a) === (SURNAME_CLASSES[b] ?? b);

function middleLevel(q: NamePart | null, r: NamePart | null, queryHasName: boolean): string {
  if (!queryHasName) return 'missing';
  if (!q && !r) return 'exact';
  // A word the record has but was not typed is a common shortcut; a word typed that the record lacks
  // is rarely the same person (a sibling "Nguyễn Hồng Hương" beside "Nguyễn Hương"): two levels.
  if (!q) return 'dropped';
  if (!r) return 'added';
  if (q.accented === r.accented) return 'exact';
  if (q.folded === r.folded) return 'folded';
  const qw = q.folded.split(' ');
  const rw = r.folded.split(' ');
  if (qw.every((w) => rw.includes(w))) return 'dropped';
  if (rw.every((w) => qw.includes(w))) return 'added';
  return jaroWinkler(q.folded, r.folded) >= SIMILAR ? 'similar' : 'different';
}

export function idLevel(q: string | null, r: string | null): 'exact' | 'one_edit' | 'different' | 'missing' {
  if (!q || !r) return 'missing';
  if (q === r) return 'exact';
  if (q.length === r.length) {
    const diff: number[] = [];
    for (let i = 0; i < q.length && diff.length <= 2; i++) if (q[i] !== r[i]) diff.push(i);
    if (diff.length === 1) return 'one_edit';
    if (diff.length === 2 && diff[1] === diff[0]! + 1 && q[diff[0]!] === r[diff[1]!] && q[diff[1]!] === r[diff[0]!]) return 'one_edit';
  }
  return 'different';
}

function formatDate(d: PartialDate | null): string | null {
  if (!d) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return d.day !== null && d.month !== null ? `${d.year}-${p(d.month)}-${p(d.day)}` : d.month !== null ? `${d.year}-${p(d.month)}` : String(d.year);
}

function digitsOff(a: string, b: string): number {
  if (a.length !== b.length) return Infinity;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

const DAY_MS = 86_400_000;
const dayNumber = (d: PartialDate) => Date.UTC(d.year, d.month! - 1, d.day!) / DAY_MS;

export function dateLevel(q: PartialDate | null, r: PartialDate | null): Level<'birthDate'> {
  if (!q || !r) return 'missing';
  const full = q.day !== null && r.day !== null && q.month !== null && r.month !== null;
  if (full && q.year === r.year && q.month === r.month && q.day === r.day) return 'exact';
  if (full && q.year === r.year && q.month === r.day && q.day === r.month) return 'swapped';
  if (full && digitsOff(formatDate(q)!, formatDate(r)!) === 1) return 'one_digit';
  // A day off across a digit boundary (19 → 20, 28 Feb → 1 Mar, 31 Dec → 1 Jan) is the same slip as 14 → 15.
  if (full && Math.abs(dayNumber(q) - dayNumber(r)) === 1) return 'one_day';
  // A full date typed that agrees only in the month or the year is a disagreement, not a date typed
  // with less precision: levels of their own (people know their birth date).
  if (q.year === r.year && q.month !== null && q.month === r.month) return full ? 'same_month' : 'year_month';
  if (q.year === r.year) return full ? 'same_year' : 'year_only';
  if (Math.abs(q.year - r.year) === 1) return 'year_near';
  return 'different';
}

function parentLevel(q: string | null, r: string | null): string {
  if (!q) return 'missing';
  if (!r) return 'different';
  if (q === r) return 'exact';
  const qGiven = q.slice(q.lastIndexOf(' ') + 1);
  const rGiven = r.slice(r.lastIndexOf(' ') + 1);
  if (qGiven === rGiven && q.split(' ')[0] === r.split(' ')[0]) return 'given';
  return jaroWinkler(q, r) >= PARENT_SIMILAR ? 'similar' : 'different';
}

const usesDiacritics = (n: PersonName) => [n.family, n.middle, n.given].some((p) => p !== null && p.accented !== p.folded);

function nameComparisons(q: PersonName, r: PersonName | undefined): AttributeComparison[] {
  const rec = r ?? { family: null, middle: null, given: null };
  const hasName = q.given !== null;
  const accentedTyping = usesDiacritics(q) && usesDiacritics(rec);
  return [
    { attribute: 'family', level: namePartLevel(q.family, rec.family, accentedTyping, true, sameSurnameClass), tfValue: q.family?.folded, query: q.family?.accented ?? null, record: rec.family?.accented ?? null },
    { attribute: 'middle', level: middleLevel(q.middle, rec.middle, hasName), query: q.middle?.accented ?? null, record: rec.middle?.accented ?? null },
    { attribute: 'given', level: namePartLevel(q.given, rec.given, accentedTyping, false, noEquivalent), tfValue: q.given?.folded, query: q.given?.accented ?? null, record: rec.given?.accented ?? null },
  ];
}

/**
 * Compares a query with a record, attribute by attribute. Pure. `nameBits` scores a reading of the
 * name so the comparison keeps the reading (as typed, given name first, reversed) that scores best.
 */
export function compare(query: PersonFeatures, record: PersonFeatures, nameBits: (c: AttributeComparison[]) => number): Comparison {
  let names: AttributeComparison[] = nameComparisons({ family: null, middle: null, given: null }, record.names[0]);
  let nameReading = 0;
  let best = -Infinity;
  query.names.forEach((reading, i) => {
    const c = nameComparisons(reading, record.names[0]);
    const bits = nameBits(c);
    if (bits > best) {
      best = bits;
      names = c;
      nameReading = i;
    }
  });

  const parsed = record.id ? parseCitizenId(record.id) : null;
  // The ID's sex digit wins over the record's sex field when both exist and disagree.
  const recordSex = parsed?.ok ? parsed.value.sex : record.sex;
  const birthPlace = placeAgreement(query.birthProvince, record.birthProvince);
  const home = placeAgreement(query.residenceProvince, record.residenceProvince);
  const residence = !query.residenceProvince
    ? 'missing'
    : !home.agree
      ? 'different'
      : query.residenceCommune && query.residenceCommune === record.residenceCommune
        ? 'commune'
        : 'province';
  const attributes: AttributeComparison[] = [
    { attribute: 'id', level: idLevel(query.id, record.id), query: query.id, record: record.id },
    ...names,
    { attribute: 'birthDate', level: dateLevel(query.birthDate, record.birthDate), query: formatDate(query.birthDate), record: formatDate(record.birthDate) },
    { attribute: 'sex', level: !query.sex ? 'missing' : query.sex === recordSex ? 'agree' : 'different', query: query.sex, record: recordSex },
    {
      attribute: 'birthPlace',
      level: !query.birthProvince ? 'missing' : birthPlace.agree ? 'agree' : 'different',
      ...placeSpans(birthPlace),
      query: query.birthProvince,
      record: record.birthProvince,
    },
    {
      attribute: 'residence',
      level: residence,
      ...placeSpans(home),
      query: query.residenceProvince && [query.residenceCommune, query.residenceProvince].filter(Boolean).join(', '),
      record: record.residenceProvince && [record.residenceCommune, record.residenceProvince].filter(Boolean).join(', '),
    },
    { attribute: 'father', level: parentLevel(query.father, record.father), ...(query.father ? { tfValue: query.father } : {}), query: query.father, record: record.father },
    { attribute: 'mother', level: parentLevel(query.mother, record.mother), ...(query.mother ? { tfValue: query.mother } : {}), query: query.mother, record: record.mother },
  ];
  return { attributes, conflicts: conflictsOf(query, record, parsed), nameReading };
}

/**
 * Whether two places (provincePlaceOf) can be the same province: the same former province, named as
 * such; or one former province of a 2025 province the other names only as that 2025 province
 * ("Đồng Tháp" or "82" for someone of Tiền Giang). `spans`: how many former provinces such an
 * agreement leaves open; 1 when the former province is named.
 */
export function placeAgreement(query: string | null, record: string | null): { agree: boolean; spans: number } {
  if (!query || !record) return DIFFERENT_PLACES;
  // Every candidate of a verify or search is compared: two former provinces, the common case, allocate nothing.
  if (query.length === 3 && record.length === 3) return query === record ? SAME_PLACE : DIFFERENT_PLACES;
  const named = namedFormerProvince(query);
  if (named && named === namedFormerProvince(record)) return SAME_PLACE;
  const typed = formerProvinceCodes(query);
  const recorded = formerProvinceCodes(record);
  return typed.some((code) => recorded.includes(code)) ? { agree: true, spans: Math.max(typed.length, recorded.length) } : DIFFERENT_PLACES;
}
const SAME_PLACE = Object.freeze({ agree: true, spans: 1 });
const DIFFERENT_PLACES = Object.freeze({ agree: false, spans: 1 });

/** What a comparison carries of a place agreement: `spans`, when it leaves several former provinces open. */
export const placeSpans = (place: { spans: number }): { spans?: number } => (place.spans > 1 ? { spans: place.spans } : {});

/** What an agreement with a province of k former ones loses: a random person is in it k times as often (u × k). */
export const mergedProvinceBits = (spans: number | undefined): number => (spans ? Math.log2(spans) : 0);

/**
 * Hard conflicts: no weight of evidence outvotes them (matching.md "Decide"), but for the sex, which
 * `score` lifts when nothing else disagrees (a clerk's slip of one field). A typed birth year one
 * off the ID's is not one: people born in January or February, before Tết, are often given the
 * lunar year that was ending, and ages counted the traditional way (tuổi mụ) are a year ahead, so
 * a year ±1 is a common honest mistake, weighed by the date's `year_near` level instead.
 */
export function conflictsOf(query: PersonFeatures, record: PersonFeatures, parsed = record.id ? parseCitizenId(record.id) : null): ConflictCode[] {
  const conflicts: ConflictCode[] = [];
  if (query.id && record.id && query.id !== record.id && idLevel(query.id, record.id) === 'different' && parseCitizenId(query.id).ok) {
    conflicts.push('id_different');
  }
  if (parsed?.ok) {
    if (query.sex && query.sex !== parsed.value.sex) conflicts.push('sex_contradicts_id');
    if (query.birthDate && Math.abs(query.birthDate.year - parsed.value.birthYear) > 1) conflicts.push('birth_year_contradicts_id');
  }
  return conflicts;
}
