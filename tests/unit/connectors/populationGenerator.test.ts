import fc from 'fast-check';
import { generatePopulation } from '../../../src/connectors/population/populationGenerator';
import type { Citizen } from '../../../src/connectors/population/populationRegistry';
import { FAMILY_NAMES } from '../../../src/connectors/population/populationTables';
import { validatorFor } from '../../../src/http/schemaRegistry';
import { checkConsistency, parseCitizenId } from '../../../src/ids';

const AS_OF = new Date('2025-12-31T00:00:00Z');
const people = [...generatePopulation({ seed: 42, count: 20_000 })];
const byId = new Map(people.map((p) => [p.id, p]));

/** Every reason the links of these people are not symmetric; empty when they are. */
function brokenLinks(population: Citizen[]): string[] {
  const index = new Map(population.map((p) => [p.id, p]));
  const broken: string[] = [];
  for (const p of population) {
    for (const [role, sex] of [['father', 'male'], ['mother', 'female']] as const) {
      const link = p[role];
      if (!link) broken.push(`${p.id} has no ${role} name`);
      if (!link?.id) continue;
      const parent = index.get(link.id);
      if (!parent) broken.push(`${p.id}'s ${role} ${link.id} is not in the population`);
      else if (parent.sex !== sex || !parent.children.some((c) => c.id === p.id) || parent.fullName !== link.fullName) broken.push(`${p.id}'s ${role} does not list them`);
    }
    if (p.spouse?.id && index.get(p.spouse.id)?.spouse?.id !== p.id) broken.push(`${p.id}'s spouse does not name them`);
    for (const child of p.children) {
      const c = child.id ? index.get(child.id) : undefined;
      if (!c || (c.father?.id !== p.id && c.mother?.id !== p.id)) broken.push(`${p.id}'s child ${child.id} does not name them`);
    }
    const head = index.get(p.household.headId);
    if (!head || head.household.id !== p.household.id || head.household.relationToHead !== 'head') broken.push(`${p.id}'s household head is wrong`);
  }
  return broken;
}

describe('the population generator', () => {
  it('gives every person a valid ID whose province, century, sex and year digits agree with them', () => {
    // One assertion over the whole population: jest's expect is too slow to call 20,000 times.
    const wrong = people.flatMap((p) => {
      const parsed = parseCitizenId(p.id, AS_OF);
      if (!parsed.ok) return [`${p.id}: ${parsed.error.message.en}`];
      const mismatches = checkConsistency(parsed.value, { birthDate: p.birthDate, sex: p.sex }).map((m) => `${p.id}: ${m.message.en}`);
      return p.birthPlace.provinceCode === parsed.value.provinceCode ? mismatches : [...mismatches, `${p.id}: birth place`];
    });
    expect(wrong).toEqual([]);
    expect(byId.size).toBe(people.length);
  });

  it('writes records that satisfy schemas/registry/citizen.json', () => {
    const validate = validatorFor('registry/citizen');
    expect(people.map((p) => ({ id: p.id, valid: validate(p), errors: validate.errors })).filter((r) => !r.valid)).toEqual([]);
  });

  it('links parents, spouses, children and households symmetrically', () => {
    expect(brokenLinks(people)).toEqual([]);
    // And there are links to check: most people live with family.
    expect(people.filter((p) => p.father?.id || p.mother?.id).length).toBeGreaterThan(people.length * 0.3);
    expect(people.filter((p) => p.spouse?.id).length).toBeGreaterThan(people.length * 0.3);
  });

  it('keeps links symmetric and the count exact for any count and seed, the last household included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 2 ** 31 }), (count, seed) => {
        const small = [...generatePopulation({ seed, count })];
        return small.length === count && brokenLinks(small).length === 0;
      }),
      { numRuns: 150 },
    );
  });

  it('makes parents plausibly older than their children', () => {
    const gaps = people.flatMap((p) =>
      p.children.map((child) => Number(byId.get(child.id ?? '')?.birthDate.slice(0, 4)) - Number(p.birthDate.slice(0, 4))),
    );
    expect(gaps.length).toBeGreaterThan(1000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(14);
  });

  it('draws family names close to the stated frequencies', () => {
    const total = FAMILY_NAMES.reduce((sum, [, weight]) => sum + weight, 0);
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.name.family, (counts.get(p.name.family) ?? 0) + 1);
    for (const [name, weight] of FAMILY_NAMES) {
      const expected = weight / total;
      const observed = (counts.get(name) ?? 0) / people.length;
      // Within 4 standard errors. Children share their father's name, so draws cluster by household:
      // the standard error is inflated by a design effect of 2.
      const standardError = Math.sqrt((2 * expected * (1 - expected)) / people.length);
      expect({ name, within: Math.abs(observed - expected) <= 4 * standardError }).toEqual({ name, within: true });
    }
    expect((counts.get('Nguyễn') ?? 0) / people.length).toBeGreaterThan(0.35);
    expect((counts.get('Nguyễn') ?? 0) / people.length).toBeLessThan(0.42);
  });

  it('gives middle and given names by sex, in NFC', () => {
    const men = people.filter((p) => p.sex === 'male');
    const women = people.filter((p) => p.sex === 'female');
    expect(men.some((p) => p.name.middle === 'Thị')).toBe(false);
    expect(women.some((p) => p.name.middle === 'Văn')).toBe(false);
    expect(women.filter((p) => p.name.middle === 'Thị').length).toBeGreaterThan(women.length * 0.2);
    expect(
      people.filter((p) => p.fullName !== p.fullName.normalize('NFC') || p.fullName !== [p.name.family, p.name.middle, p.name.given].filter(Boolean).join(' ')),
    ).toEqual([]);
  });

  it('gives old 9-digit IDs, all distinct, only to people old enough to have had one', () => {
    const oldIds = people.filter((p) => p.oldIdCard !== null);
    expect(new Set(oldIds.map((p) => p.oldIdCard)).size).toBe(oldIds.length);
    expect(oldIds.filter((p) => Number(p.birthDate.slice(0, 4)) > 2001)).toEqual([]);
    expect(oldIds.length).toBeGreaterThan(people.length * 0.4);
  });

  it('includes some deceased people, with a date of death, and some year-only birth dates', () => {
    const dead = people.filter((p) => p.status === 'deceased');
    expect(dead.length).toBeGreaterThan(0);
    expect(dead.length).toBeLessThan(people.length * 0.1);
    expect(dead.filter((p) => !(p.dateOfDeath && p.dateOfDeath > p.birthDate))).toEqual([]);
    expect(people.filter((p) => p.status === 'alive' && p.dateOfDeath !== null)).toEqual([]);
    expect(people.some((p) => /^\d{4}$/.test(p.birthDate))).toBe(true);
    // A living spouse of a deceased person is widowed.
    const widowed = dead.flatMap((p) => (p.spouse?.id ? [byId.get(p.spouse.id)] : [])).filter((spouse) => spouse?.status === 'alive');
    expect(widowed.length).toBeGreaterThan(0);
    expect(widowed.filter((spouse) => spouse?.maritalStatus !== 'widowed')).toEqual([]);
  });

  it('spreads ages like a population: children, working-age adults and the elderly', () => {
    const ages = people.map((p) => 2025 - Number(p.birthDate.slice(0, 4)));
    const share = (min: number, max: number) => ages.filter((a) => a >= min && a <= max).length / ages.length;
    expect(share(0, 14)).toBeGreaterThan(0.12);
    expect(share(15, 64)).toBeGreaterThan(0.55);
    expect(share(65, 120)).toBeGreaterThan(0.04);
    expect(share(65, 120)).toBeLessThan(0.2);
  });

  it('is deterministic for a seed, and another seed gives other people', () => {
    const once = [...generatePopulation({ seed: 42, count: 2_000 })];
    expect([...generatePopulation({ seed: 42, count: 2_000 })]).toEqual(once);
    // Only the last household depends on the count (it must fit): the rest is the same prefix.
    expect(once.slice(0, 1_990)).toEqual(people.slice(0, 1_990));
    const other = [...generatePopulation({ seed: 43, count: 2_000 })];
    expect(other[0]?.id).not.toBe(people[0]?.id);
  });
});
