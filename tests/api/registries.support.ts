import { businessClient, populationClient, startBusinessSimulator, startPopulationSimulator, type Citizen, type Enterprise, type Registries } from '../../src/connectors';
import { generateBusinesses } from '../../src/connectors/business/businessGenerator';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import { testSettings } from '../unit/connectors/support';

/** A person as a test types them into a prefill: the registry must confirm them before anything is released. */
export interface KnownPerson {
  id: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
}

const [template] = [...generatePopulation({ seed: 5, count: 1 })];

/** The population registry's record of a test's person: a generated citizen with the person's identity. */
export function citizenRecord(person: KnownPerson): Citizen {
  const words = person.name.split(' ');
  return {
    ...template!,
    id: person.id,
    fullName: person.name,
    name: { family: words[0]!, middle: words.slice(1, -1).join(' '), given: words.at(-1)! },
    birthDate: person.birthDate,
    sex: person.sex,
    oldIdCard: null,
    maritalStatus: 'single',
    spouse: null,
    father: null,
    mother: null,
    children: [],
    status: 'alive',
    dateOfDeath: null,
  };
}

/** The business registry's record of a test's enterprise. */
export function enterpriseRecord(enterprise: { id: string; name: string }): Enterprise {
  const [generated] = [...generateBusinesses({ seed: 5, count: 1, representatives: [template!] })];
  return { ...generated!, code: enterprise.id, names: { vi: enterprise.name, en: null, abbreviation: null }, status: 'active', branches: [] };
}

/** What a one-stop system types for a person: enough for identity verification to confirm them. */
export const typed = (person: KnownPerson) => ({ id: person.id, fullName: person.name, birthDate: person.birthDate, sex: person.sex });

/** Simulators of both national registries holding just these people and enterprises, and clients for the test app. */
export async function startRegistries(persons: readonly KnownPerson[], enterprises: ReadonlyArray<{ id: string; name: string }> = []) {
  const population = await startPopulationSimulator({ dataset: persons.map(citizenRecord), port: 0 });
  const business = await startBusinessSimulator({ dataset: enterprises.map(enterpriseRecord), port: 0 });
  const registries: Pick<Registries, 'population' | 'business'> = {
    population: populationClient(testSettings(population.url)),
    business: businessClient(testSettings(business.url)),
  };
  return { registries, close: () => Promise.all([population.close(), business.close()]) };
}
