import type { RegistriesConfig } from '../config';
import type { Citizen, Enterprise } from '../connectors';
import { generateBusinesses, representativePool } from '../connectors/business/businessGenerator';
import { generatePopulation } from '../connectors/population/populationGenerator';

/** A simulated citizen the development sign-in page offers, with what the dev seed gives them. */
export interface DevCitizen {
  id: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** Why this person is on the list: what a tester can try when signed in as them. */
  story: { vi: string; en: string };
  citizen: Citizen;
  /** The enterprise this person legally represents, when the story is about acting for a business. */
  enterprise?: Enterprise;
  /** A minor child on the same population record, when the story is about acting for a child. */
  child?: Citizen;
}

const AS_OF_YEAR = 2025;
const age = (c: Citizen) => AS_OF_YEAR - Number(c.birthDate.slice(0, 4));
const fullDate = (c: Citizen) => c.birthDate.length === 10;
const living = (c: Citizen) => c.status === 'alive' && fullDate(c);

/**
 * Three people of the simulated population registry, found the way the in-process simulators
 * generate it (same seed, same counts), so every one of them is someone the registries know:
 * a young woman about to marry, a parent of a minor child, and the legal representative of a
 * company. Empty when the simulators are off: without them no registry would confirm anything.
 */
export async function pickDevCitizens(simulators: RegistriesConfig['simulators']): Promise<DevCitizen[]> {
  if (!simulators) return [];
  const { seed, citizens: count, enterprises } = simulators;
  const population = [...generatePopulation({ seed, count })];
  const byId = new Map(population.map((c) => [c.id, c]));
  const picked: DevCitizen[] = [];
  const chosen = new Set<string>();
  const add = (c: Citizen, story: DevCitizen['story'], extra: Partial<DevCitizen> = {}) => {
    chosen.add(c.id);
    picked.push({ id: c.id, name: c.fullName, birthDate: c.birthDate, sex: c.sex as 'male' | 'female', story, citizen: c, ...extra });
  };

  const bride = population.find((c) => living(c) && c.sex === 'female' && c.maritalStatus === 'single' && age(c) >= 24 && age(c) <= 32);
  if (bride) {
    add(bride, {
      vi: 'Sắp đăng ký kết hôn: có Giấy khai sinh, các sự đồng ý và một yêu cầu đồng ý đang chờ trả lời.',
      en: 'About to register her marriage: a birth certificate, consents, and a consent request waiting for her answer.',
    });
  }

  const parent = population.find((c) => living(c) && !chosen.has(c.id) && age(c) >= 28 && c.children.some((k) => k.id && isMinorChild(byId.get(k.id))));
  if (parent) {
    const child = parent.children.map((k) => (k.id ? byId.get(k.id) : undefined)).find(isMinorChild)!;
    add(parent, { vi: `Cha hoặc mẹ của ${child.fullName} (chưa đủ 18 tuổi): có thể thay mặt con.`, en: `Parent of ${child.fullName}, a minor: can act for the child.` }, { child });
  }

  const pool = await representativePool(population, Math.max(50, enterprises * 2), seed);
  for (const enterprise of generateBusinesses({ seed, count: enterprises, representatives: pool })) {
    if (enterprise.status !== 'active' || enterprise.legalForm === 'htx') continue;
    const representative = byId.get(enterprise.legalRepresentatives[0]!.id);
    if (!representative || !living(representative) || chosen.has(representative.id)) continue;
    add(
      representative,
      { vi: `Người đại diện theo pháp luật của ${enterprise.names.vi} (mã số ${enterprise.code}).`, en: `Legal representative of ${enterprise.names.vi} (tax code ${enterprise.code}).` },
      { enterprise },
    );
    break;
  }
  return picked;
}

function isMinorChild(c: Citizen | undefined): c is Citizen {
  return c !== undefined && living(c) && age(c) >= 3 && age(c) < 16;
}
