import { nameKey } from '../../names';
import type { AttributeClaims, AttributeOutcome, Citizen, Verification } from './populationRegistry';

/**
 * Compares stated attributes with a record. The simulator answers verification calls with it, and
 * the client uses it on a cached record when the registry is down: one rule, two places.
 * Names compare by nameKey (NFC, case, one tone convention) but keep diacritics: Hùng is not Hưng.
 */
export function verifyClaims(citizen: Citizen, claims: AttributeClaims): Verification {
  const outcomes: Verification['outcomes'] = {};
  const same = (onRecord: string | null | undefined, stated: string): AttributeOutcome =>
    onRecord === null || onRecord === undefined ? 'not_on_record' : onRecord === stated ? 'match' : 'mismatch';

  if (claims.fullName !== undefined) outcomes.fullName = nameKey(citizen.fullName) === nameKey(claims.fullName) ? 'match' : 'mismatch';
  if (claims.birthDate !== undefined) outcomes.birthDate = compareBirthDates(citizen.birthDate, claims.birthDate);
  if (claims.sex !== undefined) outcomes.sex = same(citizen.sex, claims.sex);
  if (claims.oldIdCard !== undefined) outcomes.oldIdCard = same(citizen.oldIdCard, claims.oldIdCard);
  if (claims.fatherId !== undefined) outcomes.fatherId = same(citizen.father?.id, claims.fatherId);
  if (claims.motherId !== undefined) outcomes.motherId = same(citizen.mother?.id, claims.motherId);
  if (claims.spouseId !== undefined) outcomes.spouseId = same(citizen.spouse?.id, claims.spouseId);
  if (claims.householdId !== undefined) outcomes.householdId = same(citizen.household.id, claims.householdId);
  if (claims.alive !== undefined) outcomes.alive = (citizen.status === 'alive') === claims.alive ? 'match' : 'mismatch';
  return { id: citizen.id, outcomes, allMatch: Object.values(outcomes).every((o) => o === 'match') };
}

// A record may hold the year alone; a stated full date with that year is then only partly confirmed.
function compareBirthDates(onRecord: string, stated: string): AttributeOutcome {
  if (onRecord === stated) return 'match';
  const shorter = Math.min(onRecord.length, stated.length);
  return onRecord.slice(0, shorter) === stated.slice(0, shorter) ? 'partial' : 'mismatch';
}
