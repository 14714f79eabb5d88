import type { AgencyLevel } from '../agencies/agencies.types';

export type { AgencyLevel };

export type ConsentStatus = 'pending' | 'active' | 'revoked' | 'expired';

/** Who may use the data: one agency, or every agency of a level. */
export type Grantee = { kind: 'agency'; agencyCode: string } | { kind: 'level'; level: AgencyLevel };

export interface Consent {
  id: string;
  subjectId: string;
  grantee: Grantee;
  /** Procedure codes (national form, e.g. 1.000894): consent is given per purpose, never bundled. */
  purposes: string[];
  documentTypes: string[];
  /** When set, only these fields of the documents may be released. */
  fields: string[] | null;
  validFrom: Date;
  validUntil: Date | null;
  /** When set, the consent serves this many releases and then stops. */
  maxUses: number | null;
  /** Documents this consent has released so far: a cap counts distinct documents. */
  releasedDocumentIds: readonly string[];
  /** When set, the consent serves only this dossier and ends when it closes. */
  dossierCode: string | null;
  dossierClosedAt: Date | null;
  status: ConsentStatus;
  revokedAt: Date | null;
}

/** A reuse the law allows without consent (state agencies' own processing), with its reference. */
export interface LegalBasis {
  id: string;
  procedureCode: string;
  documentType: string;
  requesterLevel: AgencyLevel;
  reference: string;
  validFrom: Date | null;
  validUntil: Date | null;
}

export interface ReleaseRequest {
  /** level null: an agency Motlan has not registered, which neither legal bases nor level grants cover. */
  requester: { agencyCode: string; level: AgencyLevel | null };
  /** The procedure the dossier is for. */
  purpose: string;
  dossierCode: string | null;
  subjectId: string;
  documentType: string;
  documentId: string;
  /** The fields asked for; null asks for the whole document. */
  fields: string[] | null;
  /** The document's content (its bytes) is asked for, which a field-limited consent never releases. */
  content?: boolean;
  at: Date;
}

export type DenyCode =
  | 'no_consent'
  | 'consent_pending'
  | 'consent_revoked'
  | 'consent_expired'
  | 'consent_not_yet_valid'
  | 'consent_used_up'
  | 'dossier_closed'
  | 'other_grantee'
  | 'other_purpose'
  | 'other_document_type'
  | 'other_dossier'
  | 'fields_not_covered'
  | 'fields_only';

export type Decision =
  | {
      decision: 'allow';
      rule: { kind: 'consent'; consentId: string } | { kind: 'legal_basis'; legalBasisId: string; reference: string };
      /** The fields that may be released; null means the whole document. */
      fields: string[] | null;
    }
  | { decision: 'deny'; rule: { kind: 'default_deny' }; code: DenyCode; reason: { vi: string; en: string } };
