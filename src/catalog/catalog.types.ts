import type { AgencyLevel } from '../agencies/agencies.types';

/**
 * Whose document or value: the applicant, or an extra subject the prefill request names by this
 * role (the spouse in a marriage registration, the child in a birth registration).
 */
export const REQUIREMENT_SUBJECTS = ['applicant', 'spouse', 'child', 'father', 'mother', 'deceased'] as const;
export type RequirementSubject = (typeof REQUIREMENT_SUBJECTS)[number];

/** A condition on the subject's population-registry record; a requirement without one always applies. */
export interface RequirementCondition {
  attribute: 'maritalStatus' | 'status';
  in: string[];
}

/** One document a procedure needs; any one of `anyOf` satisfies it. */
export interface Requirement {
  /** Stable within the procedure: outcome feedback and reports name requirements by it. */
  id: string;
  nameVi: string;
  nameEn: string;
  anyOf: string[];
  subject: RequirementSubject;
  /** The subject's role inside the document (the child of a birth certificate); absent: any role. */
  documentRole?: string;
  condition?: RequirementCondition;
  /** Older than this many days since issue, a document no longer serves this procedure. */
  maxAgeDays?: number;
}

/** Where a form field's value may come from, in order of preference. */
export type FieldSource =
  | { kind: 'population'; attribute: string }
  | { kind: 'business'; attribute: string }
  | { kind: 'document'; documentType: string; field: string };

export interface FormField {
  name: string;
  labelVi: string;
  labelEn: string;
  /** Whose value: the applicant unless said otherwise. */
  subject?: RequirementSubject;
  sources: FieldSource[];
  /** Whether the officer's form lets the applicant change the prefilled value. */
  editable: boolean;
}

export interface Procedure {
  /** National procedure code, e.g. 1.000894; the same service has different codes per level. */
  code: string;
  level: AgencyLevel;
  nameVi: string;
  nameEn: string;
  applicantKind: 'citizen' | 'business';
  requirements: Requirement[];
  formFields: FormField[];
  /** `unconfirmed`: the code was not found in a primary source (domain.md [U]). */
  codeStatus: 'confirmed' | 'unconfirmed';
  source: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What an operator sends to create or replace a procedure; the code comes from the path. */
export type ProcedureInput = Omit<Procedure, 'code' | 'active' | 'createdAt' | 'updatedAt' | 'source'> & { code?: string; source?: string | null; active?: boolean };

/** A page of the catalogue and its filters; `q` matches names without diacritics. */
export interface ProcedureFilter {
  level?: AgencyLevel;
  applicantKind?: Procedure['applicantKind'];
  /** Procedures with a requirement that this document type satisfies. */
  documentType?: string;
  active?: boolean;
  q?: string;
  /** Procedures whose code sorts after this one. */
  afterCode?: string;
  limit: number;
}
