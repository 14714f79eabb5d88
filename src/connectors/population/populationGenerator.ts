import { makeCitizenId, PROVINCES, provinceByCode, type Sex } from '../../ids';
import { pick, randomInt, seededRandom, weightedPicker } from '../shared/seededRandom';
import type { Citizen, PersonLink, RegistryAddress } from './populationRegistry';
import {
  ADULT_AGE_BANDS, COMMUNES, ETHNICITIES, FAMILY_NAMES, FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE,
  MIGRATION_TARGETS, PROVINCE_WEIGHTS, RELIGIONS, STREETS, traditionalMiddleShare,
} from './populationTables';

export interface PopulationGeneratorOptions {
  seed: number;
  count: number;
  /** Ages, deaths and the last possible birth date are reckoned at the end of this year; fixed so output never depends on the day it runs. */
  asOfYear?: number;
}

interface Person {
  sex: Sex;
  birthYear: number;
  birthDate: string;
  family: string;
  middle: string;
  given: string;
  fullName: string;
  provinceCode: string;
  id: string;
  oldIdCard: string | null;
  deceased: string | null;
  relation: Citizen['household']['relationToHead'];
  father: PersonLink | null;
  mother: PersonLink | null;
  spouse: Person | null;
  children: Person[];
  current: RegistryAddress | null;
}

// Odd and not a multiple of 5, so n ↦ (n·M + offset) mod 10^k visits every k-digit number once:
// serials and old ID numbers are unique by construction, without a set of those already used.
const SERIAL_MULTIPLIER = 632_713;
const OLD_ID_MULTIPLIER = 387_420_489;
// Sex ratio at birth, ≈ 111 boys per 100 girls (GSO, 2019 census).
const MALE_SHARE_AT_BIRTH = 111 / 211;

/**
 * A deterministic synthetic population, one household at a time so memory stays flat however many
 * people are asked for. Every link (father, mother, spouse, children) points to someone in the same
 * household and is mirrored there; relatives who are not in the output (the parents of a person
 * living alone, say) carry a name and a null ID.
 */
export function* generatePopulation({ seed, count, asOfYear = 2025 }: PopulationGeneratorOptions): Generator<Citizen> {
  const random = seededRandom(seed);
  const familyName = weightedPicker(FAMILY_NAMES);
  const ethnicity = weightedPicker(ETHNICITIES);
  const religion = weightedPicker(RELIGIONS);
  const province = weightedPicker(PROVINCES.map((p) => [p.code, PROVINCE_WEIGHTS[p.code] ?? 1] as const));
  const migrationTarget = weightedPicker(MIGRATION_TARGETS);
  const adultBand = weightedPicker(ADULT_AGE_BANDS);
  const serials = new Int32Array(100 * 10 * 100);
  const serialOffset = Math.floor(random() * 1_000_000);
  const oldIdOffset = Math.floor(random() * 1_000_000_000);
  let oldIds = 0;
  let households = 0;

  const adultAge = (min: number, max: number): number => {
    for (;;) {
      const age = adultBand(random) + randomInt(random, 0, 4);
      if (age >= min && age <= max) return age;
    }
  };

  const dateIn = (year: number): string => {
    const month = randomInt(random, 1, 12);
    const day = randomInt(random, 1, new Date(Date.UTC(year, month, 0)).getUTCDate());
    return `${year}-${pad2(month)}-${pad2(day)}`;
  };

  // The oldest records often hold the year alone (domain.md §6).
  const birthDateIn = (year: number): string => (year < 1950 && random() < 0.5 ? String(year) : dateIn(year));

  const citizenId = (provinceCode: string, sex: Sex, birthYear: number): string => {
    const bucket = Number(provinceCode) * 1000 + (Math.floor(birthYear / 100) - 19) * 200 + (sex === 'female' ? 100 : 0) + (birthYear % 100);
    const n = serials[bucket] ?? 0;
    if (n >= 1_000_000) throw new RangeError(`More than a million people born in ${birthYear} in province ${provinceCode} of one sex`);
    serials[bucket] = n + 1;
    const serial = (n * SERIAL_MULTIPLIER + serialOffset + bucket * 7_919) % 1_000_000;
    return makeCitizenId({ provinceCode, sex, birthYear, serial });
  };

  const nameOf = (sex: Sex, birthYear: number, family: string) => {
    const traditional = random() < traditionalMiddleShare(birthYear);
    const middle = traditional ? (sex === 'male' ? 'Văn' : 'Thị') : random() < 0.05 ? '' : pick(random, sex === 'male' ? MALE_MIDDLE : FEMALE_MIDDLE);
    const given = pick(random, sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
    return { family, middle, given, fullName: middle ? `${family} ${middle} ${given}` : `${family} ${given}` };
  };

  const person = (sex: Sex, birthYear: number, relation: Person['relation'], family: string, provinceCode: string): Person => {
    const name = nameOf(sex, birthYear, family);
    const age = asOfYear - birthYear;
    // CMNDs were issued from age 14 until the chip card replaced them (2016–2021): ≈ people born up to 2001.
    const oldIdCard = birthYear <= 2001 && random() < 0.95 ? String((oldIds++ * OLD_ID_MULTIPLIER + oldIdOffset) % 1_000_000_000).padStart(9, '0') : null;
    const deathRisk = age >= 70 ? 0.18 : age >= 50 ? 0.03 : 0;
    // Deaths since 2016 only: the records of people who died earlier matter less to a one-stop desk.
    const deceased = random() < deathRisk ? dateIn(randomInt(random, Math.max(2016, birthYear + 50), asOfYear)) : null;
    return {
      sex, birthYear, birthDate: birthDateIn(birthYear), ...name, provinceCode,
      id: citizenId(provinceCode, sex, birthYear), oldIdCard, deceased, relation,
      father: null, mother: null, spouse: null, children: [], current: null,
    };
  };

  /** Names, without IDs, for the parents who are not in the output. */
  const outsideParents = (child: Person): void => {
    child.father ??= { id: null, fullName: nameOf('male', child.birthYear - 28, child.family).fullName };
    child.mother ??= { id: null, fullName: nameOf('female', child.birthYear - 25, familyName(random)).fullName };
  };

  const address = (provinceCode: string): RegistryAddress => {
    const urban = random() < 0.4;
    return {
      line: urban ? `Số ${randomInt(random, 1, 399)} đường ${pick(random, STREETS)}` : `Thôn ${randomInt(random, 1, 15)}`,
      commune: `${urban ? 'Phường' : 'Xã'} ${pick(random, COMMUNES)}`,
      province: provinceByCode(provinceCode)?.name ?? provinceCode,
      provinceCode,
    };
  };

  const marry = (a: Person, b: Person) => {
    a.spouse = b;
    b.spouse = a;
  };
  const parentOf = (parent: Person, child: Person) => {
    const link = { id: parent.id, fullName: parent.fullName };
    if (parent.sex === 'male') child.father = link;
    else child.mother = link;
    parent.children.push(child);
  };

  const householdKind = weightedPicker<'single' | 'couple' | 'nuclear' | 'three_generations'>([
    ['single', 12], ['couple', 15], ['nuclear', 55], ['three_generations', 18],
  ]);
  const childrenWanted = weightedPicker([[1, 25], [2, 45], [3, 20], [4, 10]]);

  /** At most `room` people, so the last household never has to be cut (which would break links). */
  const household = (room: number, home: string): Person[] => {
    const bornHere = () => (random() < 0.7 ? home : province(random));
    const kind = room < 2 ? 'single' : householdKind(random);
    if (kind === 'single') {
      const sex: Sex = random() < 0.5 ? 'male' : 'female';
      const single = person(sex, asOfYear - adultAge(18, 89), 'head', familyName(random), bornHere());
      outsideParents(single);
      return [single];
    }
    const husbandFamily = familyName(random);
    const wifeAge = kind === 'couple' ? adultAge(20, 85) : adultAge(20, 55);
    const husbandAge = Math.max(18, wifeAge + randomInt(random, -1, 7));
    const husband = person('male', asOfYear - husbandAge, 'head', husbandFamily, bornHere());
    const wife = person('female', asOfYear - wifeAge, 'spouse', familyName(random), bornHere());
    marry(husband, wife);
    outsideParents(wife);
    const members = [husband, wife];

    if (kind !== 'couple') {
      const wanted = childrenWanted(random);
      let year = wife.birthYear + randomInt(random, 19, Math.min(34, wifeAge));
      for (let i = 0; i < wanted && year <= asOfYear && members.length < room; i++) {
        const child = person(random() < MALE_SHARE_AT_BIRTH ? 'male' : 'female', year, 'child', husbandFamily, home);
        parentOf(husband, child);
        parentOf(wife, child);
        members.push(child);
        year += randomInt(random, 1, 6);
      }
    }
    if (kind === 'three_generations' && members.length < room) {
      const fatherYear = husband.birthYear - randomInt(random, 22, 35);
      const motherYear = fatherYear + randomInt(random, 0, 6);
      const which = random();
      const grandfather = which < 0.9 && members.length < room ? person('male', Math.max(1905, fatherYear), 'parent', husbandFamily, home) : null;
      const grandmother = which >= 0.6 && members.length + (grandfather ? 1 : 0) < room ? person('female', Math.max(1905, motherYear), 'parent', familyName(random), home) : null;
      for (const parent of [grandfather, grandmother]) {
        if (!parent) continue;
        parentOf(parent, husband);
        outsideParents(parent);
        members.push(parent);
      }
      if (grandfather && grandmother) marry(grandfather, grandmother);
    }
    outsideParents(husband);
    return members;
  };

  let emitted = 0;
  while (emitted < count) {
    const home = province(random);
    const members = household(count - emitted, home);
    const head = members[0] as Person;
    const householdId = `HH${String(++households).padStart(10, '0')}`;
    const permanent = address(home);
    for (const m of members) {
      const working = asOfYear - m.birthYear >= 18 && asOfYear - m.birthYear < 60;
      const current = working && random() < 1 / 7 ? address(migrationTarget(random)) : permanent;
      yield toCitizen(m, head.id, householdId, permanent, current, ethnicity(random), religion(random));
    }
    emitted += members.length;
  }
}

function toCitizen(p: Person, headId: string, householdId: string, permanent: RegistryAddress, current: RegistryAddress, ethnicity: string, religion: string): Citizen {
  const spouse = p.spouse;
  // ≈ Someone living alone who was born before 1960 is taken to be widowed.
  const maritalStatus: Citizen['maritalStatus'] = spouse
    ? spouse.deceased && !p.deceased ? 'widowed' : 'married'
    : p.relation === 'head' && p.birthYear < 1960 ? 'widowed' : 'single';
  const province = provinceByCode(p.provinceCode);
  return {
    id: p.id,
    fullName: p.fullName,
    name: { family: p.family, middle: p.middle, given: p.given },
    birthDate: p.birthDate,
    sex: p.sex,
    birthPlace: { provinceCode: p.provinceCode, province: province?.name ?? p.provinceCode },
    nationality: 'VN',
    sensitive: { ethnicity, religion },
    oldIdCard: p.oldIdCard,
    permanentResidence: permanent,
    currentResidence: current,
    maritalStatus,
    father: p.father,
    mother: p.mother,
    spouse: spouse ? { id: spouse.id, fullName: spouse.fullName } : null,
    children: p.children.map((c) => ({ id: c.id, fullName: c.fullName })),
    household: { id: householdId, headId, relationToHead: p.relation },
    status: p.deceased ? 'deceased' : 'alive',
    dateOfDeath: p.deceased,
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
