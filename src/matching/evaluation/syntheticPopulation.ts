import type { Citizen } from '../../connectors';
import { generatePopulation } from '../../connectors/population/populationGenerator';
import { FEMALE_GIVEN, MALE_GIVEN } from '../../connectors/population/populationTables';
import { pick, randomInt, seededRandom, type Random } from '../../connectors/shared/seededRandom';
import { makeCitizenId, PROVINCES } from '../../ids';

export interface SyntheticPopulation {
  citizens: Citizen[];
  /** Twin → the other twin: same parents, birth date and household, another given name. */
  twinOf: Map<string, string>;
  /** Person → someone else with the same full name, birth date and sex. */
  neighbourOf: Map<string, string>;
}

export const TWIN_SHARE = 0.01;
export const NEIGHBOUR_SHARE = 0.005;
/**
 * Share of people renamed to one of the few commonest given names of their sex with Văn or Thị: the
 * generator spreads given names evenly over forty, a register does not ("Nguyễn Văn Hùng" is
 * everywhere), and dense names are what a matcher must tell apart.
 */
export const DENSE_SHARE = 0.2;
const DENSE_GIVEN = 6;

/**
 * The generator's population, its names made denser (DENSE_SHARE), plus the hard cases a matcher
 * must not merge: twins (≈1% of children get one) and same-name-same-birth-date neighbours born
 * elsewhere (≈0.5% of people).
 */
export function syntheticPopulation(seed: number, count: number): SyntheticPopulation {
  const random = seededRandom(seed ^ 0x5eed);
  const citizens = [...generatePopulation({ seed, count })].map((c) => {
    if (random() >= DENSE_SHARE) return c;
    const given = pick(random, (c.sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN).slice(0, DENSE_GIVEN));
    const middle = c.sex === 'male' ? 'Văn' : 'Thị';
    return { ...c, fullName: `${c.name.family} ${middle} ${given}`, name: { family: c.name.family, middle, given } };
  });
  const ids = new Set(citizens.map((c) => c.id));
  const twinOf = new Map<string, string>();
  const neighbourOf = new Map<string, string>();
  const extra: Citizen[] = [];
  for (const c of citizens) {
    if (c.birthDate.length !== 10) continue;
    if (c.household.relationToHead === 'child' && random() < TWIN_SHARE) {
      const names = c.sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN;
      let given = pick(random, names);
      while (given === c.name.given) given = pick(random, names);
      const twin = renamed(c, given, freshId(random, ids, c.birthPlace.provinceCode, c));
      extra.push(twin);
      twinOf.set(c.id, twin.id);
      twinOf.set(twin.id, c.id);
    } else if (random() < NEIGHBOUR_SHARE) {
      let province = pick(random, PROVINCES);
      while (province.code === c.birthPlace.provinceCode) province = pick(random, PROVINCES);
      const other: Citizen = {
        ...renamed(c, c.name.given, freshId(random, ids, province.code, c)),
        birthPlace: { provinceCode: province.code, province: province.name },
        currentResidence: { ...c.currentResidence, provinceCode: province.code, province: province.name, commune: 'Xã Tân Hiệp' },
        father: { id: null, fullName: `${c.name.family} Văn ${pick(random, MALE_GIVEN)}` },
        mother: { id: null, fullName: `Trần Thị ${pick(random, FEMALE_GIVEN)}` },
        oldIdCard: null,
      };
      extra.push(other);
      neighbourOf.set(c.id, other.id);
      neighbourOf.set(other.id, c.id);
    }
  }
  return { citizens: [...citizens, ...extra], twinOf, neighbourOf };
}

function renamed(c: Citizen, given: string, id: string): Citizen {
  const fullName = [c.name.family, c.name.middle, given].filter(Boolean).join(' ');
  return { ...c, id, fullName, name: { ...c.name, given }, oldIdCard: null, children: [] };
}

function freshId(random: Random, ids: Set<string>, provinceCode: string, c: Citizen): string {
  for (;;) {
    const id = makeCitizenId({ provinceCode, sex: c.sex, birthYear: Number(c.birthDate.slice(0, 4)), serial: randomInt(random, 0, 999_999) });
    if (!ids.has(id)) {
      ids.add(id);
      return id;
    }
  }
}
