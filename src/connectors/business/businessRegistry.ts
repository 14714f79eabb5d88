import type { RegistryAnswer } from '../shared/registryAnswer';
import type { RegistryAddress } from '../population/populationRegistry';

export type EnterpriseStatus = 'active' | 'suspended' | 'dissolved';

export interface LegalRepresentative {
  /** 12-digit personal ID. */
  id: string;
  fullName: string;
  /** As registered: Giám đốc, Chủ tịch Hội đồng quản trị, … */
  title: string;
}

export interface Branch {
  /** NNNNNNNNNN-NNN: the parent's code, a hyphen, a suffix other than 000. */
  code: string;
  name: string;
  address: RegistryAddress;
  status: EnterpriseStatus;
}

/** An enterprise as the business registry returns it (schemas/registry/enterprise.json). */
export interface Enterprise {
  /** Enterprise code = tax code, 10 digits. */
  code: string;
  names: { vi: string; en: string | null; abbreviation: string | null };
  /** The codes of src/names normaliseBusinessName, minus branch. */
  legalForm: 'tnhh_1tv' | 'tnhh' | 'co_phan' | 'dntn' | 'htx';
  status: EnterpriseStatus;
  statusSince: string;
  address: RegistryAddress;
  registeredOn: string;
  charterCapitalVnd: number;
  legalRepresentatives: LegalRepresentative[];
  branches: Branch[];
}

/**
 * The National Business Registration Database, as Motlan needs it. A branch code (13 digits)
 * answers with its parent enterprise, whose `branches` hold it. Answers null when no enterprise
 * has the code; throws RegistryUnavailable or RegistryAnswerInvalid when the registry cannot be used.
 */
export interface BusinessRegistry {
  getEnterprise(code: string): Promise<RegistryAnswer<Enterprise> | null>;
}
