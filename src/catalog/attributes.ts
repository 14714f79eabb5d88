import type { Enterprise } from '../connectors/business/businessRegistry';
import type { Citizen } from '../connectors/population/populationRegistry';

type Leaf = string | number | boolean | null;

/**
 * Every dot path to a scalar of T, with `#` standing for an array index. The allow-lists below must
 * satisfy it, so a registry type that loses or renames a field breaks the build, not a prefill.
 */
type PathsOf<T> = T extends Leaf
  ? never
  : T extends readonly (infer E)[]
    ? NonNullable<E> extends Leaf
      ? '#'
      : `#.${PathsOf<NonNullable<E>>}`
    : { [K in keyof T & string]: NonNullable<T[K]> extends Leaf ? K : `${K}.${PathsOf<NonNullable<T[K]>>}` }[keyof T & string];

export type CitizenAttribute = PathsOf<Citizen>;
export type EnterpriseAttribute = PathsOf<Enterprise>;

const ADDRESS = ['line', 'commune', 'province', 'provinceCode'] as const;
const address = <P extends string>(prefix: P) => ADDRESS.map((part) => `${prefix}.${part}` as const);
const PERSON_LINK = ['id', 'fullName'] as const;
const link = <P extends string>(prefix: P) => PERSON_LINK.map((part) => `${prefix}.${part}` as const);

/**
 * What a form field may take from the population database. An explicit list, not "any path of
 * Citizen": `sensitive.*` (ethnicity, religion) stays out, as the law wants it released only for a
 * purpose that needs it, and no catalogue rule says which purposes those are yet.
 */
export const POPULATION_ATTRIBUTES = [
  'id',
  'fullName',
  'name.family',
  'name.middle',
  'name.given',
  'birthDate',
  'sex',
  'birthPlace.province',
  'birthPlace.provinceCode',
  'nationality',
  'oldIdCard',
  ...address('permanentResidence'),
  ...address('currentResidence'),
  'maritalStatus',
  ...link('father'),
  ...link('mother'),
  ...link('spouse'),
  ...link('children.#'),
  'household.id',
  'household.headId',
  'household.relationToHead',
  'status',
  'dateOfDeath',
] as const satisfies readonly CitizenAttribute[];

/** What a form field may take from the business registry; `#` is an index, e.g. legalRepresentatives.0.fullName. */
export const BUSINESS_ATTRIBUTES = [
  'code',
  'names.vi',
  'names.en',
  'names.abbreviation',
  'legalForm',
  'status',
  'statusSince',
  ...address('address'),
  'registeredOn',
  'charterCapitalVnd',
  'legalRepresentatives.#.id',
  'legalRepresentatives.#.fullName',
  'legalRepresentatives.#.title',
  'branches.#.code',
  'branches.#.name',
  ...address('branches.#.address'),
  'branches.#.status',
] as const satisfies readonly EnterpriseAttribute[];

const POPULATION = new Set<string>(POPULATION_ATTRIBUTES);
const BUSINESS = new Set<string>(BUSINESS_ATTRIBUTES);

/** The allow-list form of a concrete path: numeric segments become `#` (children.0.fullName → children.#.fullName). */
export const attributePattern = (path: string): string =>
  path
    .split('.')
    .map((segment) => (/^(0|[1-9][0-9]{0,2})$/.test(segment) ? '#' : segment))
    .join('.');

// A literal `#` is the allow-list's placeholder, never a path a reader could follow.
export const isPopulationAttribute = (path: string): boolean => !path.includes('#') && POPULATION.has(attributePattern(path));
export const isBusinessAttribute = (path: string): boolean => !path.includes('#') && BUSINESS.has(attributePattern(path));

/** Values the population database gives the attributes a requirement's condition may test. */
export const CONDITION_VALUES: Record<'maritalStatus' | 'status', readonly string[]> = {
  maritalStatus: ['single', 'married', 'widowed', 'divorced'] satisfies Citizen['maritalStatus'][],
  status: ['alive', 'deceased'] satisfies Citizen['status'][],
};
