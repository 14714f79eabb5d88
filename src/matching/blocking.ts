import { blockingKeysOf, formerProvinceCodes, type PersonFeatures } from './personFeatures';
import type { MirrorRow } from './mirrorRow';

type Key = string | number;
type Column = 'id' | 'oldId' | 'birthDate' | 'birthYear' | 'sex' | 'birthProvince' | 'familyKey' | 'givenKey' | 'familyPhonetic';

/**
 * One exact-key blocking pass: the columns of one B-tree index and the key tuples a query asks for.
 * The database store and the in-memory evaluation use the same definitions, so the evaluation
 * measures the retrieval the service runs.
 */
export interface BlockingPass {
  name: string;
  columns: readonly Column[];
  keys(q: PersonFeatures): Key[][];
}

/** Each pass returns at most this many rows (matching.md: "each capped"). */
export const PASS_CAP = 500;

const pad = (n: number) => String(n).padStart(2, '0');

export function fullDates(q: PersonFeatures): string[] {
  const d = q.birthDate;
  if (!d || d.month === null || d.day === null) return [];
  const dates = [`${d.year}-${pad(d.month)}-${pad(d.day)}`];
  if (d.day <= 12 && d.day !== d.month) dates.push(`${d.year}-${pad(d.day)}-${pad(d.month)}`);
  return dates;
}

/** Valid dates one digit of the day or month, or one day, away from the typed full date. */
export function nearDates(q: PersonFeatures): string[] {
  const d = q.birthDate;
  if (!d || d.month === null || d.day === null) return [];
  const typed = `${pad(d.month)}${pad(d.day)}`;
  const dates = [-1, 1].map((days) => new Date(Date.UTC(d.year, d.month! - 1, d.day! + days)).toISOString().slice(0, 10)).filter((iso) => iso.startsWith(String(d.year)));
  for (let i = 0; i < 4; i++) {
    for (let digit = 0; digit <= 9; digit++) {
      const md = typed.slice(0, i) + digit + typed.slice(i + 1);
      const month = Number(md.slice(0, 2));
      const day = Number(md.slice(2));
      if (md === typed || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(d.year, month, 0)).getUTCDate()) continue;
      dates.push(`${d.year}-${md.slice(0, 2)}-${md.slice(2)}`);
    }
  }
  return [...new Set(dates)];
}

/**
 * The typed full date a year earlier and later, day and month kept: a year off by one is a common
 * honest mistake (a birth before Tết given the lunar year, ages counted the traditional way). The
 * year pass finds those people too, but at a million people a common name fills its cap with the
 * typed year and the one before, so these tiny blocks are asked first.
 */
export function yearOffDates(q: PersonFeatures): string[] {
  const d = q.birthDate;
  if (!d || d.month === null || d.day === null) return [];
  return [d.year - 1, d.year + 1].filter((y) => d.day! <= new Date(Date.UTC(y, d.month!, 0)).getUTCDate()).map((y) => `${y}-${pad(d.month!)}-${pad(d.day!)}`);
}

/**
 * How a record kept with a year, or a year and month, only is dated in the typed full date's year:
 * against a full date typed in its year such a record is `year_only` (whatever its month) or
 * `year_month`, as good as a date one digit off, so verify weighs it. A year beside it is
 * `year_near`, which verify's bound already counts (verifyClaim).
 */
export function partialDates(q: PersonFeatures): string[] {
  const d = q.birthDate;
  if (!d || d.month === null || d.day === null) return [];
  return [String(d.year), ...Array.from({ length: 12 }, (_, m) => `${d.year}-${pad(m + 1)}`)];
}

// Every pass asks for the name keys, once per date it tries (near dates are up to thirty): computed
// once per query, since making them again was 6% of a prefill's CPU.
const nameKeysOf = new WeakMap<PersonFeatures, ReturnType<typeof blockingKeysOf>[]>();

export function nameKeys(q: PersonFeatures): ReturnType<typeof blockingKeysOf>[] {
  let keys = nameKeysOf.get(q);
  if (!keys) nameKeysOf.set(q, (keys = distinctNameKeys(q)));
  return keys;
}

function distinctNameKeys(q: PersonFeatures) {
  const seen = new Set<string>();
  return q.names
    .filter((n) => n.given)
    .map(blockingKeysOf)
    .filter((k) => {
      const id = `${k.familyKey}|${k.givenKey}|${k.familyPhonetic}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}

// The typed year first: each pass is capped as a whole (PASS_CAP), and at a million people a common
// name's three years hold more than the cap, so the years last asked are the ones cut.
const years = (q: PersonFeatures) => (q.birthDate ? [q.birthDate.year, q.birthDate.year - 1, q.birthDate.year + 1] : []);
// Sex is in two of the indexes but never a key: a wrong sex typed (with a year-only date) must not
// hide the person, so both values are always asked for.
const SEXES = ['male', 'female'];
const unique = (tuples: Key[][]) => [...new Map(tuples.map((t) => [t.join('|'), t])).values()];
// A birth place typed as a 2025 province is looked for in each former province it merged.
const birthProvinces = (q: PersonFeatures) => (q.birthProvince ? formerProvinceCodes(q.birthProvince) : []);
const yearNameKeys = (q: PersonFeatures, ys: number[]) => unique(ys.flatMap((y) => SEXES.flatMap((s) => nameKeys(q).map((k) => [y, s, k.familyKey, k.givenKey]))));

export const BLOCKING_PASSES: readonly BlockingPass[] = [
  { name: 'id', columns: ['id'], keys: (q) => (q.id && q.id.length === 12 ? [[q.id]] : []) },
  { name: 'old_id', columns: ['oldId'], keys: (q) => (q.id && q.id.length === 9 ? [[q.id]] : []) },
  {
    name: 'birth_date_given',
    columns: ['birthDate', 'givenKey'],
    keys: (q) => unique([...fullDates(q), ...yearOffDates(q)].flatMap((d) => nameKeys(q).map((k) => [d, k.givenKey]))),
  },
  {
    name: 'birth_date_family',
    columns: ['birthDate', 'familyKey'],
    keys: (q) => unique(fullDates(q).flatMap((d) => nameKeys(q).map((k) => [d, k.familyKey]))),
  },
  {
    // Second stage only (WIDE_PASSES): the typed date with one digit of the day or month changed,
    // or a day off, for a date mistyped together with the family name. Each key is a tiny block.
    name: 'near_date_given',
    columns: ['birthDate', 'givenKey'],
    keys: (q) => unique(nearDates(q).flatMap((d) => nameKeys(q).map((k) => [d, k.givenKey]))),
  },
  {
    // Second stage only, like near_date_given, for a mistyped given name with a mistyped date.
    name: 'near_date_family',
    columns: ['birthDate', 'familyKey'],
    keys: (q) => unique(nearDates(q).flatMap((d) => nameKeys(q).map((k) => [d, k.familyKey]))),
  },
  {
    // Verify only (namesakePasses): people recorded with a year (or a year and month) only, whom a
    // full date typed in that year fits.
    name: 'partial_date_given',
    columns: ['birthDate', 'givenKey'],
    keys: (q) => unique(partialDates(q).flatMap((d) => nameKeys(q).map((k) => [d, k.givenKey]))),
  },
  {
    name: 'year_sex_family_given',
    columns: ['birthYear', 'sex', 'familyKey', 'givenKey'],
    keys: (q) => yearNameKeys(q, years(q)),
  },
  {
    // Verify only (namesakePasses): year_sex_family_given for the typed year alone, when no full
    // date was typed; the years beside it are read afterwards, when they could count (verifyClaim).
    name: 'typed_year_sex_family_given',
    columns: ['birthYear', 'sex', 'familyKey', 'givenKey'],
    keys: (q) => (q.birthDate && !hasFullDate(q) ? yearNameKeys(q, [q.birthDate.year]) : []),
  },
  {
    name: 'province_given_phonetic',
    columns: ['birthProvince', 'givenKey', 'familyPhonetic'],
    keys: (q) => unique(birthProvinces(q).flatMap((p) => nameKeys(q).map((k) => [p, k.givenKey, k.familyPhonetic]))),
  },
  {
    name: 'province_year_family',
    columns: ['birthProvince', 'birthYear', 'familyKey', 'sex'],
    keys: (q) => (q.birthDate ? unique(birthProvinces(q).flatMap((p) => SEXES.flatMap((s) => nameKeys(q).map((k) => [p, q.birthDate!.year, k.familyKey, s])))) : []),
  },
];

// Passes only verify reads, for the people a claimed record must be weighed against.
const VERIFY_ONLY_PASSES = ['partial_date_given', 'typed_year_sex_family_given'];
const PASS_NAMES = BLOCKING_PASSES.map((p) => p.name).filter((p) => !VERIFY_ONLY_PASSES.includes(p));

/**
 * The province passes are the widest blocks (a common name in a big province holds thousands at
 * national scale) and, with a full date typed, the date passes already catch a mistyped family or
 * given name. With a full date they are a second stage (searchPersons), for when the first finds
 * no one plausible: a mistyped name and a mistyped date together.
 */
export const WIDE_PASSES = ['near_date_given', 'near_date_family', 'province_given_phonetic', 'province_year_family'];
const NARROW_PASSES = PASS_NAMES.filter((p) => !WIDE_PASSES.includes(p));

export function hasFullDate(q: PersonFeatures): boolean {
  return q.birthDate?.month != null && q.birthDate.day != null;
}

/** The passes a first search runs (near_date_given asks for nothing without a full date). */
export function firstPasses(q: PersonFeatures): readonly string[] {
  return hasFullDate(q) ? NARROW_PASSES : PASS_NAMES;
}
/**
 * The passes verify reads with the claimed record, for the people the typed details could fit
 * besides it. With a full date, the people that date fits: born on it, on its day-month swap or a
 * year off it (birth_date_given, and birth_date_family so that a typed name one letter off still
 * finds the person it fits), one digit or one day from it (near_date_given), or recorded in its year
 * with a year or month only (partial_date_given). With a year (or a year and month) only, the
 * name's people of that year (typed_year_sex_family_given) and the province passes a search runs.
 * Either way the rest of the name's three years (year_sex_family_given: hundreds of people for a
 * common name at a million) is read afterwards, only when the claimed record's evidence leaves room
 * for one of them within the margin (laterNamesakePasses, verifyClaim). Without a date, the passes a
 * search would run first. near_date_family is not read: a common family name's near dates hold a
 * hundred people, and a family name mistyped with the date is search's second stage.
 */
export function namesakePasses(q: PersonFeatures): readonly string[] {
  if (hasFullDate(q)) return FULL_DATE_NAMESAKE_PASSES;
  if (q.birthDate) return YEAR_NAMESAKE_PASSES;
  return firstPasses(q).filter((p) => p !== 'id' && p !== 'old_id');
}
const FULL_DATE_NAMESAKE_PASSES = ['birth_date_given', 'birth_date_family', 'near_date_given', 'partial_date_given'];
const YEAR_NAMESAKE_PASSES = ['typed_year_sex_family_given', 'province_given_phonetic', 'province_year_family'];

/** What verify reads afterwards, when it must, after namesakePasses: nothing without a date. */
export function laterNamesakePasses(q: PersonFeatures): readonly string[] {
  return q.birthDate ? ['year_sex_family_given'] : [];
}

/** The key tuple a row is filed under for one pass. */
function rowKey(pass: BlockingPass, row: MirrorRow): string {
  return pass.columns.map((c) => row[c] ?? '').join('|');
}

/** An in-memory stand-in for the mirror's indexes, for the evaluation harness and tests. */
export function memoryBlockingIndex(rows: Iterable<MirrorRow>) {
  const indexes = BLOCKING_PASSES.map(() => new Map<string, MirrorRow[]>());
  for (const row of rows) {
    BLOCKING_PASSES.forEach((pass, i) => {
      const key = rowKey(pass, row);
      const list = indexes[i]!.get(key);
      if (list) list.push(row);
      else indexes[i]!.set(key, [row]);
    });
  }
  return {
    candidates(q: PersonFeatures, passes: readonly string[] = firstPasses(q)): Array<{ row: MirrorRow; pass: string }> {
      const found = new Map<string, { row: MirrorRow; pass: string }>();
      BLOCKING_PASSES.forEach((pass, i) => {
        if (!passes.includes(pass.name)) return;
        let taken = 0;
        for (const key of pass.keys(q)) {
          for (const row of indexes[i]!.get(key.join('|')) ?? []) {
            if (taken >= PASS_CAP) return;
            taken++;
            if (!found.has(row.id)) found.set(row.id, { row, pass: pass.name });
          }
        }
      });
      return [...found.values()];
    },
  };
}
