import { generateBusinesses, representativePool } from '../../../src/connectors/business/businessGenerator';
import type { Enterprise } from '../../../src/connectors/business/businessRegistry';
import { generatePopulation } from '../../../src/connectors/population/populationGenerator';
import { validatorFor } from '../../../src/http/schemaRegistry';
import { parseTaxCode } from '../../../src/ids';

const population = [...generatePopulation({ seed: 5, count: 5_000 })];
const byId = new Map(population.map((p) => [p.id, p]));

describe('the business generator', () => {
  let representatives: Awaited<ReturnType<typeof representativePool>>;
  let enterprises: Enterprise[];
  beforeAll(async () => {
    representatives = await representativePool(population, 1_000, 5);
    enterprises = [...generateBusinesses({ seed: 5, count: 3_000, representatives })];
  });

  it('gives every enterprise a distinct, valid 10-digit tax code, and every branch a 13-digit code under it', () => {
    const wrong = enterprises.flatMap((e) => {
      const parsed = parseTaxCode(e.code);
      const problems = parsed.ok && parsed.value.kind === 'enterprise' ? [] : [`${e.code} is not a valid enterprise code`];
      for (const b of e.branches) {
        const branch = parseTaxCode(b.code);
        if (!branch.ok || branch.value.kind !== 'branch' || branch.value.parentCode !== e.code || branch.value.code !== b.code) problems.push(`${b.code} is not a branch of ${e.code}`);
      }
      return problems;
    });
    expect(wrong).toEqual([]);
    expect(new Set(enterprises.map((e) => e.code)).size).toBe(enterprises.length);
    expect(enterprises.some((e) => e.branches.length > 0)).toBe(true);
  });

  it('appoints legal representatives who are living adults of the population, under their registered names', () => {
    const wrong = enterprises.flatMap((e) =>
      e.legalRepresentatives.filter((r) => {
        const person = byId.get(r.id);
        return !person || person.status !== 'alive' || person.fullName !== r.fullName || 2025 - Number(person.birthDate.slice(0, 4)) < 18;
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('writes records that satisfy schemas/registry/enterprise.json, with every status', () => {
    const validate = validatorFor('registry/enterprise');
    expect(enterprises.map((e) => ({ code: e.code, valid: validate(e), errors: validate.errors })).filter((r) => !r.valid)).toEqual([]);
    expect(new Set(enterprises.map((e) => e.status))).toEqual(new Set(['active', 'suspended', 'dissolved']));
    expect(enterprises.filter((e) => e.statusSince < e.registeredOn)).toEqual([]);
  });

  it('is deterministic for a seed and a population', async () => {
    const again = [...generateBusinesses({ seed: 5, count: 3_000, representatives: await representativePool(population, 1_000, 5) })];
    expect(again).toEqual(enterprises);
  });

  it('samples representatives from a population of any size into a bounded pool', async () => {
    const pool = await representativePool(generatePopulation({ seed: 9, count: 20_000 }), 100, 9);
    expect(pool).toHaveLength(100);
    expect(new Set(pool.map((p) => p.id)).size).toBe(100);
  });
});
