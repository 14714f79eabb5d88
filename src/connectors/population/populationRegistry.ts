import type { Sex } from '../../ids';
import type { RegistryAnswer } from '../shared/registryAnswer';

export interface RegistryAddress {
  line: string;
  commune: string;
  province: string;
  /** One of the 63 pre-2025 province codes. */
  provinceCode: string;
}

/** A relative: the name always, the ID only when that person is on record. */
export interface PersonLink {
  id: string | null;
  fullName: string;
}

/**
 * Ethnicity and religion are sensitive personal data (Decree 13/2023, Law 91/2025): grouped apart
 * so copying a citizen never carries them along unnoticed. Encrypt at rest; release only for a
 * purpose that needs them.
 */
export interface SensitiveAttributes {
  ethnicity: string;
  /** "Không" when none. */
  religion: string;
}

/** A citizen as the population database returns them (schemas/registry/citizen.json). */
export interface Citizen {
  id: string;
  fullName: string;
  name: { family: string; middle: string; given: string };
  /** YYYY-MM-DD, or YYYY when only the year was ever recorded. */
  birthDate: string;
  sex: Sex;
  birthPlace: { provinceCode: string; province: string };
  nationality: string;
  sensitive: SensitiveAttributes;
  oldIdCard: string | null;
  permanentResidence: RegistryAddress;
  currentResidence: RegistryAddress;
  maritalStatus: 'single' | 'married' | 'widowed' | 'divorced';
  father: PersonLink | null;
  mother: PersonLink | null;
  spouse: PersonLink | null;
  children: PersonLink[];
  household: { id: string; headId: string; relationToHead: 'head' | 'spouse' | 'child' | 'parent' };
  status: 'alive' | 'deceased';
  dateOfDeath: string | null;
}

/** What an applicant states about themselves (schemas/registry/attribute-claims.json). */
export interface AttributeClaims {
  fullName?: string;
  birthDate?: string;
  sex?: Sex;
  oldIdCard?: string;
  fatherId?: string;
  motherId?: string;
  spouseId?: string;
  householdId?: string;
  alive?: boolean;
}

export type AttributeOutcome = 'match' | 'partial' | 'mismatch' | 'not_on_record';

/** schemas/registry/verification.json */
export interface Verification {
  id: string;
  outcomes: Partial<Record<keyof AttributeClaims, AttributeOutcome>>;
  allMatch: boolean;
}

/**
 * The National Population Database, as Motlan needs it. Both methods answer null when no citizen
 * has this ID, throw RegistryUnavailable or RegistryAnswerInvalid when the registry cannot be used,
 * and otherwise say how fresh the answer is.
 */
export interface PopulationRegistry {
  getCitizen(id: string): Promise<RegistryAnswer<Citizen> | null>;
  /** Checks claims without disclosing the record. */
  verifyAttributes(id: string, claims: AttributeClaims): Promise<RegistryAnswer<Verification> | null>;
}
