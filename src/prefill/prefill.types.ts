import type { Procedure, RequirementSubject } from '../catalog/catalog.types';
import type { IdentityClaims } from '../matching/matching.types';
import type { RequirementOutcome } from './prefill.tables';
import type { FilledField } from './formFields';
import type { Reason } from './requirementOutcome';

/** What the applicant or officer typed about a person: the ID is the key, the rest is checked as identity verification does. */
export type TypedPerson = Omit<IdentityClaims, 'id' | 'fullName'> & { id: string; fullName?: string };

export interface PrefillInput {
  procedureCode: string;
  dossierCode: string;
  applicant: TypedPerson;
  subjects?: Array<TypedPerson & { role: Exclude<RequirementSubject, 'applicant'> }>;
}

export interface IdentityCheck {
  subjectPosition: number;
  role: RequirementSubject;
  /** verify: typed attributes scored against the registry; id_lookup: only the ID was given. */
  method: 'verify' | 'id_lookup';
  /** found: the registry holds the ID (nothing typed to compare); match, possible, non_match: what was typed, scored. */
  decision: 'match' | 'found' | 'possible' | 'non_match' | 'not_found' | 'unavailable';
  reason?: Reason;
  /** The matching explanation (probability, per-attribute levels and bits) when typed attributes were scored. */
  explanation?: Record<string, unknown>;
  source?: string;
}

export interface RequirementAnswer {
  requirementId: string;
  nameVi: string;
  nameEn: string;
  subjectPosition: number;
  role: RequirementSubject;
  outcome: RequirementOutcome;
  reason: Reason;
  document?: Record<string, unknown>;
  release?: { id: string; attestation: string; at: string };
  consentRequest?: { id: string; status: 'pending' };
}

export interface PrefillAnswer {
  prefillId: string;
  dossierCode: string;
  procedure: Pick<Procedure, 'code' | 'level' | 'nameVi' | 'nameEn' | 'codeStatus'>;
  identity: IdentityCheck[];
  requirements: RequirementAnswer[];
  fields: FilledField[];
  /** Documents released earlier for this dossier that were revoked, superseded or corrected since. */
  changes: Array<{ releaseId: string; releasedAt: string; documentId: string; documentType: string; status: string; replacedById: string | null; reason: string | null }>;
  summary: { required: number; reused: number; toBring: number };
  at: string;
}
