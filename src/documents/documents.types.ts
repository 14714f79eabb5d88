import type { SubjectKind } from '../subjects/subjects.types';
import type { ContentMediaType } from './content';

export type StoredStatus = 'active' | 'revoked' | 'superseded' | 'corrected';
/** `expired` is never stored: an active document past valid_until reads as expired. */
export type DocumentStatus = StoredStatus | 'expired';

export interface DocumentSubject {
  role: string;
  subjectId: string;
  kind: SubjectKind;
  nationalId: string;
}

/** What a stored version and one about to be written have in common. */
export interface DocumentMetadata {
  id: string;
  lineageId: string;
  version: number;
  previousId: string | null;
  type: string;
  issuerCode: string;
  number: string;
  procedureCode: string | null;
  dossierCode: string | null;
  issueDate: string;
  validFrom: string;
  validUntil: string | null;
  fields: Record<string, unknown>;
  signedPayload: string;
}

export interface VaultDocument extends DocumentMetadata {
  content: { sha256: string; mediaType: string; size: number };
  signature: { status: 'verified' | 'unsigned'; kid: string | null; jws: string | null };
  storedStatus: StoredStatus;
  replacedById: string | null;
  revocation: { reason: string; at: Date } | null;
  subjects: DocumentSubject[];
  createdAt: Date;
}

/** A document checked and ready to write: every rule has passed, only uniqueness remains. */
export interface PreparedDocument extends DocumentMetadata {
  /** bytes is null when the content is already stored (a correction keeps its content). */
  content: { sha256: string; mediaType: ContentMediaType; bytes: Buffer | null };
  payloadHash: string;
  signature: string | null;
  signatureKid: string | null;
  subjects: Array<{ role: string; subjectId: string }>;
}

export type WriteOutcome = { outcome: 'created' | 'existing' | 'conflict'; id: string };

export interface DocumentEvent {
  id: number;
  documentId: string;
  kind: 'ingested' | 'revoked' | 'superseded' | 'corrected';
  actor: string;
  at: Date;
  reason: string | null;
  relatedId: string | null;
}

export interface ListFilter {
  subjectId: string;
  /** Only this issuer's documents; undefined lists every issuer's (the caller then filters by consent). */
  issuerCode?: string;
  type?: string;
  status?: DocumentStatus;
  validOn?: string;
  today: string;
  afterSeq?: number;
  limit: number;
}

export function effectiveStatus(d: Pick<VaultDocument, 'storedStatus' | 'validUntil'>, today: string): DocumentStatus {
  return d.storedStatus === 'active' && d.validUntil !== null && d.validUntil < today ? 'expired' : d.storedStatus;
}
