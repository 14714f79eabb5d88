import type { Citizen } from '../../connectors';
import { pick, randomInt, seededRandom, weightedPicker, type Random } from '../../connectors/shared/seededRandom';
import { province2025Of } from '../../ids';
import { foldDiacritics } from '../../names';
import type { PersonInput } from '../personFeatures';
import type { SyntheticPopulation } from './syntheticPopulation';

export type Mode = 'verify' | 'search';

export interface LabelledQuery {
  cls: CorruptionClass;
  mode: Mode;
  /** The person who typed the query. */
  truthId: string;
  input: PersonInput;
}

/**
 * The corruption mix, fixed before any query is drawn: 42 of 125 queries are clean, the rest carry
 * one error, or two (`two_errors`, `given_typo_day_off`, `wrong_sex_year_only`), or type only the
 * name, date and sex, or are a twin, a neighbour, an impostor (with a typo, `impostor_typo`), or a
 * person the mirror does not hold. Classes that cannot apply to a person (no
 * regional surname, a year-only birth date) are redrawn from another person.
 */
export const CORRUPTION_MIX = [
  ['clean', 42],
  ['diacritics_stripped', 8],
  ['tone_variant', 4],
  ['name_one_edit', 6],
  ['order_swapped', 3],
  ['middle_dropped', 5],
  ['surname_equivalent', 3],
  ['date_year_only', 4],
  ['date_swapped', 4],
  ['date_one_digit', 3],
  ['year_off_by_one', 2],
  ['id_mistyped', 3],
  ['old_id_card', 3],
  ['province_by_name', 3],
  ['province_2025', 3],
  ['minimal_attributes', 3],
  ['twin', 2],
  ['neighbour', 2],
  ['impostor_twin', 1],
  ['impostor_neighbour', 1],
  ['not_in_mirror', 2],
  ['absent_namesake', 1],
  ['diacritic_slip', 2],
  ['two_errors', 2],
  ['name_date_sex', 6],
  ['sex_slip', 2],
  ['date_one_day', 2],
  ['given_typo_day_off', 2],
  ['wrong_sex_year_only', 1],
  ['impostor_typo', 1],
] as const;
export type CorruptionClass = (typeof CORRUPTION_MIX)[number][0];

const TONE_NEW: Record<string, string> = { òa: 'oà', óa: 'oá', ỏa: 'oả', õa: 'oã', ọa: 'oạ', òe: 'oè', óe: 'oé', ủy: 'uỷ', ùy: 'uỳ', úy: 'uý', ũy: 'uỹ', ụy: 'uỵ' };
const LETTERS = 'aeiouynhmtgcdl';
const SURNAME_SWAP: Record<string, string> = { Huỳnh: 'Hoàng', Hoàng: 'Huỳnh', Võ: 'Vũ', Vũ: 'Võ' };

function toneVariant(name: string, random: Random): string {
  const moved = name.replace(/òa|óa|ỏa|õa|ọa|òe|óe|ủy|ùy|úy|ũy|ụy/g, (m) => TONE_NEW[m] ?? m);
  // Otherwise a decomposed (NFD) string, as some keyboards and old databases produce, sometimes in capitals.
  return moved !== name ? moved : random() < 0.5 ? name.normalize('NFD') : name.normalize('NFD').toUpperCase();
}

function oneEdit(word: string, random: Random): string {
  const chars = [...word.normalize('NFC')];
  const i = randomInt(random, 1, Math.max(1, chars.length - 1));
  const kind = random();
  if (kind < 0.4 || chars.length < 3) chars[i] = pick(random, [...LETTERS]);
  else if (kind < 0.7) chars.splice(i, 1);
  else if (i < chars.length - 1) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  else chars.splice(i, 0, pick(random, [...LETTERS]));
  return chars.join('');
}

const otherSex = (sex: Citizen['sex']): Citizen['sex'] => (sex === 'male' ? 'female' : 'male');

/** The date `days` from a full one, as YYYY-MM-DD. */
function shiftedDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function mistypedId(id: string, random: Random): string {
  // A serial digit (7–12), so the year and sex digits still agree with the record.
  const i = randomInt(random, 6, 10);
  if (random() < 0.5 && id[i] !== id[i + 1]) return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
  const digit = String((Number(id[i]) + randomInt(random, 1, 9)) % 10);
  return id.slice(0, i) + digit + id.slice(i + 1);
}

function baseInput(c: Citizen, random: Random): PersonInput {
  return {
    fullName: c.fullName,
    birthDate: c.birthDate,
    ...(random() < 0.9 ? { sex: c.sex } : {}),
    ...(random() < 0.7 ? { birthPlace: c.birthPlace.provinceCode } : {}),
    ...(random() < 0.6 ? { residenceProvince: c.currentResidence.provinceCode, residenceCommune: c.currentResidence.commune } : {}),
    ...(c.father && random() < 0.5 ? { fatherName: c.father.fullName } : {}),
    ...(c.mother && random() < 0.5 ? { motherName: c.mother.fullName } : {}),
  };
}

/** Applies one corruption; null when it cannot apply to this person. */
function corrupt(cls: CorruptionClass, c: Citizen, input: PersonInput, random: Random): PersonInput | null {
  const { family, middle, given } = c.name;
  const full = (f: string, m: string, g: string) => [f, m, g].filter(Boolean).join(' ');
  const date = c.birthDate.length === 10 ? c.birthDate : null;
  switch (cls) {
    case 'clean':
    case 'impostor_typo':
    case 'twin':
    case 'neighbour':
    case 'impostor_twin':
    case 'impostor_neighbour':
    case 'id_mistyped':
    case 'old_id_card':
    case 'not_in_mirror':
    case 'absent_namesake':
      return input;
    case 'diacritics_stripped':
      return { ...input, fullName: random() < 0.5 ? foldDiacritics(c.fullName) : foldDiacritics(c.fullName).toUpperCase() };
    case 'tone_variant':
      return { ...input, fullName: toneVariant(c.fullName, random) };
    case 'name_one_edit':
      return random() < 0.7 ? { ...input, fullName: full(family, middle, oneEdit(given, random)) } : { ...input, fullName: full(oneEdit(family, random), middle, given) };
    case 'order_swapped':
      return { ...input, fullName: full(given, family, middle) };
    case 'middle_dropped':
      return middle ? { ...input, fullName: full(family, '', given) } : null;
    case 'surname_equivalent':
      return SURNAME_SWAP[family] ? { ...input, fullName: full(SURNAME_SWAP[family]!, middle, given) } : null;
    case 'date_year_only':
      return date ? { ...input, birthDate: date.slice(0, random() < 0.5 ? 4 : 7) } : null;
    case 'date_swapped': {
      if (!date || Number(date.slice(8)) > 12 || date.slice(5, 7) === date.slice(8)) return null;
      return { ...input, birthDate: `${date.slice(0, 4)}-${date.slice(8)}-${date.slice(5, 7)}` };
    }
    case 'date_one_digit': {
      if (!date) return null;
      const day = Number(date.slice(8));
      const changed = day >= 10 && day <= 28 ? day + (random() < 0.5 ? 1 : -1) : day < 9 ? day + 1 : day - 1;
      return { ...input, birthDate: `${date.slice(0, 8)}${String(changed).padStart(2, '0')}` };
    }
    case 'year_off_by_one':
      return { ...input, birthDate: String(Number(c.birthDate.slice(0, 4)) + (random() < 0.5 ? 1 : -1)) + c.birthDate.slice(4) };
    case 'province_by_name':
      return { ...input, birthPlace: `Tỉnh ${toneVariant(c.birthPlace.province, random)}`, residenceProvince: c.currentResidence.province };
    case 'province_2025': {
      // Places as a clerk types them since 1 July 2025: the birth province's new name or two-digit
      // code, the residence's new province (Tiền Giang is now Đồng Tháp, code 82).
      const birth = province2025Of(c.birthPlace.provinceCode)!;
      const home = province2025Of(c.currentResidence.provinceCode)!;
      if (birth.formerCodes.length === 1 && home.formerCodes.length === 1) return null;
      return { ...input, birthPlace: random() < 0.5 ? birth.name : birth.code, residenceProvince: home.name };
    }
    case 'minimal_attributes':
      return { fullName: c.fullName, birthDate: c.birthDate };
    case 'diacritic_slip': {
      // One word typed without its marks, the others with theirs.
      const words = c.fullName.split(' ');
      const marked = words.map((w, i) => (foldDiacritics(w) !== w ? i : -1)).filter((i) => i >= 0);
      if (marked.length < 2) return null;
      const i = pick(random, marked);
      return { ...input, fullName: words.map((w, j) => (j === i ? foldDiacritics(w) : w)).join(' ') };
    }
    case 'name_date_sex':
      return { fullName: c.fullName, birthDate: c.birthDate, sex: c.sex };
    case 'sex_slip':
      return { ...input, sex: otherSex(c.sex) };
    case 'date_one_day': {
      // A day off that changes two digits or more: 19 → 20, 30 → 01, 31 Dec → 01 Jan.
      if (!date) return null;
      const shifted = [-1, 1].map((days) => shiftedDate(date, days)).filter((d) => [...d].filter((ch, i) => ch !== date[i]).length > 1);
      return shifted.length ? { ...input, birthDate: pick(random, shifted) } : null;
    }
    case 'given_typo_day_off':
      // A mistyped given name and a day one off, together: no date key and no given-name key survive.
      return date ? { ...input, fullName: full(family, middle, oneEdit(given, random)), birthDate: shiftedDate(date, random() < 0.5 ? 1 : -1) } : null;
    case 'wrong_sex_year_only':
      return { ...input, sex: otherSex(c.sex), birthDate: c.birthDate.slice(0, 4) };
    case 'two_errors': {
      // A mistyped family name and a day one off, together: no single date or name key survives.
      if (!date || family.length < 3) return null;
      const day = Number(date.slice(8));
      const changed = day < 28 ? day + 1 : day - 1;
      return { ...input, fullName: full(oneEdit(family, random), middle, given), birthDate: `${date.slice(0, 8)}${String(changed).padStart(2, '0')}` };
    }
  }
}

/** Search-only classes with no right answer in the mirror: the evaluation leaves their people out of it. */
export const ABSENT_CLASSES: ReadonlySet<CorruptionClass> = new Set(['not_in_mirror', 'absent_namesake']);

/**
 * A stress test, not a sample: someone the mirror does not hold, whose same-name, same-birth-date
 * namesake it does hold. Drawn at 1 in 110 queries, a hundred times what a register would see
 * (absent from the mirror × such a namesake), so it is reported apart and left out of the totals.
 */
export const STRESS_CLASSES: ReadonlySet<CorruptionClass> = new Set(['absent_namesake']);

/**
 * Labelled queries over a synthetic population; `seed` must differ from the one the model was fitted on.
 * A `not_in_mirror` query is typed by someone no other query is about, so the evaluation can leave
 * that person out of the mirror.
 */
export function labelledQueries(population: SyntheticPopulation, count: number, seed: number): LabelledQuery[] {
  const random = seededRandom(seed);
  const nextClass = weightedPicker(CORRUPTION_MIX);
  const byId = new Map(population.citizens.map((c) => [c.id, c]));
  const twins = [...population.twinOf.keys()];
  const neighbours = [...population.neighbourOf.keys()];
  const alive = population.citizens;
  // Impostors with a typo claim the ID of someone with their own full name and sex, born within a year.
  const sameName = new Map<string, Citizen[]>();
  for (const c of alive) {
    const key = `${c.fullName}|${c.sex}`;
    const list = sameName.get(key);
    if (list) list.push(c);
    else sameName.set(key, [c]);
  }
  const namesakeOf = (c: Citizen): string | undefined => {
    const year = Number(c.birthDate.slice(0, 4));
    const others = (sameName.get(`${c.fullName}|${c.sex}`) ?? []).filter(
      (o) => o.id !== c.id && o.birthDate !== c.birthDate && o.birthDate.length === 10 && Math.abs(Number(o.birthDate.slice(0, 4)) - year) <= 1 && population.twinOf.get(c.id) !== o.id,
    );
    return others.length ? pick(random, others).id : undefined;
  };
  const queries: LabelledQuery[] = [];
  const asked = new Set<string>();
  const absent = new Set<string>();
  while (queries.length < count) {
    const cls = nextClass(random);
    const pool = cls === 'twin' || cls === 'impostor_twin' ? twins : cls === 'neighbour' || cls === 'impostor_neighbour' || cls === 'absent_namesake' ? neighbours : null;
    const person = pool ? byId.get(pick(random, pool))! : pick(random, alive);
    if (cls === 'old_id_card' && !person.oldIdCard) continue;
    // An absent person is asked about once, and never claimed by an impostor.
    if (absent.has(person.id) || (ABSENT_CLASSES.has(cls) && asked.has(person.id))) continue;
    const claimed =
      cls === 'impostor_twin' ? population.twinOf.get(person.id)
      : cls === 'impostor_neighbour' ? population.neighbourOf.get(person.id)
      : cls === 'impostor_typo' && person.birthDate.length === 10 ? namesakeOf(person)
      : undefined;
    if (cls === 'impostor_typo' && !claimed) continue;
    if (claimed && absent.has(claimed)) continue;
    asked.add(person.id);
    if (claimed) asked.add(claimed);
    const input = corrupt(cls, person, baseInput(person, random), random);
    if (!input) continue;
    if (claimed) {
      // The applicant types their own details under the ID of their twin or namesake; the impostor
      // with a typo mistypes one letter of their own given name ("Phan Văn Miqh").
      const typed = cls === 'impostor_typo' ? { ...input, fullName: [person.name.family, person.name.middle, oneEdit(person.name.given, random)].filter(Boolean).join(' ') } : input;
      queries.push({ cls, mode: 'verify', truthId: person.id, input: { ...typed, id: claimed } });
      continue;
    }
    if (ABSENT_CLASSES.has(cls)) {
      absent.add(person.id);
      queries.push({ cls, mode: 'search', truthId: person.id, input });
      continue;
    }
    const mode: Mode = cls === 'id_mistyped' ? 'search' : cls === 'old_id_card' ? 'verify' : random() < 0.5 ? 'verify' : 'search';
    const id = cls === 'id_mistyped' ? mistypedId(person.id, random) : cls === 'old_id_card' ? person.oldIdCard! : mode === 'verify' ? person.id : undefined;
    queries.push({ cls, mode, truthId: person.id, input: id ? { ...input, id } : input });
  }
  return queries;
}
