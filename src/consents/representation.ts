import type { Registries } from '../connectors';
import { parseCitizenId, parseTaxCode } from '../ids';

export type ActingAs = 'self' | 'parent' | 'legal_representative';

export class NotARepresentativeError extends Error {
  override name = 'NotARepresentativeError';
}

const ADULT_AGE = 18;

/**
 * Who may act for whom (issue: consent): a citizen for themself; a parent for a minor child, as the
 * population registry links them; a legal representative for a business, as the business registry
 * names them. Registry failures propagate (the route answers 503); a negative answer throws
 * NotARepresentativeError.
 */
export async function actingAs(
  citizenId: string,
  onBehalfOf: string | undefined,
  registries: Pick<Registries, 'population' | 'business'>,
  today: Date,
): Promise<{ subjectKey: { kind: 'citizen' | 'business'; nationalId: string }; actingAs: ActingAs }> {
  if (!onBehalfOf || onBehalfOf === citizenId) return { subjectKey: { kind: 'citizen', nationalId: citizenId }, actingAs: 'self' };

  if (parseCitizenId(onBehalfOf).ok) {
    if (!registries.population) throw new NotARepresentativeError('No population registry is configured to confirm the parent link');
    const child = await registries.population.getCitizen(onBehalfOf);
    const parents = [child?.data.father?.id, child?.data.mother?.id];
    if (!child || !parents.includes(citizenId)) throw new NotARepresentativeError('The population registry does not list you as this person\'s parent');
    if (!isMinor(child.data.birthDate, today)) throw new NotARepresentativeError('A parent acts for a child only while the child is under 18');
    return { subjectKey: { kind: 'citizen', nationalId: onBehalfOf }, actingAs: 'parent' };
  }

  const code = parseTaxCode(onBehalfOf);
  if (code.ok) {
    if (!registries.business) throw new NotARepresentativeError('No business registry is configured to confirm the legal representative');
    const enterprise = await registries.business.getEnterprise(code.value.kind === 'branch' ? code.value.parentCode : code.value.code);
    if (!enterprise || !enterprise.data.legalRepresentatives.some((r) => r.id === citizenId)) {
      throw new NotARepresentativeError('The business registry does not list you as a legal representative of this business');
    }
    return { subjectKey: { kind: 'business', nationalId: code.value.code }, actingAs: 'legal_representative' };
  }
  throw new NotARepresentativeError('onBehalfOf must be a child\'s 12-digit ID or a business\'s tax code');
}

/** A year-only birth date counts as 1 January: the reading that ends a parent's say soonest. */
function isMinor(birthDate: string, today: Date): boolean {
  const [y, m = 1, d = 1] = birthDate.split('-').map(Number);
  const eighteenth = Date.UTC(y! + ADULT_AGE, m - 1, d);
  return today.getTime() < eighteenth;
}
