import type { SigningKey } from '../keys/keyFile';
import { signMotlanJwt } from '../keys/motlanJwt';

export const RECEIPT_TYPE = 'motlan-consent-receipt+jwt';

export interface ReceiptContent {
  action: 'granted' | 'revoked';
  consentId: string;
  /** The subject's national ID: the receipt is the subject's own proof. */
  subject: string;
  actingAs: 'self' | 'parent' | 'legal_representative';
  grantee: { agencyCode: string } | { level: string };
  purposes: string[];
  documentTypes: string[];
  fields: string[] | null;
  validFrom: Date;
  validUntil: Date | null;
  maxUses: number | null;
  dossierCode: string | null;
  channel: string;
  /** At a one-stop counter: the official who asked, whose request the citizen confirmed. */
  counterOfficialId?: string | null;
  at: Date;
}

/**
 * A consent receipt (Decree 13/2023: consent recorded in a verifiable form): a compact JWS by
 * Motlan's key, checkable offline against /.well-known/jwks.json.
 */
export function signReceipt(key: SigningKey, content: ReceiptContent): string {
  const { at, validFrom, validUntil, consentId, ...rest } = content;
  return signMotlanJwt(key, RECEIPT_TYPE, {
    ...rest,
    validFrom: validFrom.toISOString(),
    validUntil: validUntil?.toISOString() ?? null,
    iss: 'motlan',
    sub: consentId,
    jti: `${consentId}:${content.action}`,
    iat: Math.floor(at.getTime() / 1000),
  });
}
