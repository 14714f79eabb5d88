import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AgencyPrincipal } from '../auth/principal';
import { preparedRows, type Database } from '../db/database';
import type { SigningKey } from '../keys/keyFile';

export const ATTESTATION_TYPE = 'motlan-release+jwt';

export interface ReleasedDocument {
  id: string;
  type: string;
  contentSha256: string;
  /** SHA-256 of the canonical payload the issuer signed (docs/vault.md). */
  payloadHash: string;
}

export interface ReleaseContext {
  requester: Pick<AgencyPrincipal, 'agencyCode' | 'clientId'>;
  dossierCode: string | null;
  purpose: string;
  prefillId?: string;
}

export interface Release {
  id: string;
  attestation: string;
  at: Date;
}

/**
 * What Motlan vouches for when it hands a document over: this content, to this requester, for this
 * dossier and purpose, at this time. A compact JWS by Motlan's key (/.well-known/jwks.json), so the
 * receiving system can prove later what it was given, without calling Motlan.
 */
export async function signAttestation(key: SigningKey, releaseId: string, document: ReleasedDocument, ctx: ReleaseContext, at: Date): Promise<string> {
  return new SignJWT({
    document: { id: document.id, type: document.type, contentSha256: document.contentSha256, payloadHash: document.payloadHash },
    requester: { agencyCode: ctx.requester.agencyCode, clientId: ctx.requester.clientId },
    dossierCode: ctx.dossierCode,
    purpose: ctx.purpose,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ATTESTATION_TYPE })
    .setIssuer('motlan')
    .setSubject(document.id)
    .setAudience(ctx.requester.agencyCode)
    .setJti(releaseId)
    .setIssuedAt(Math.floor(at.getTime() / 1000))
    .sign(key.privateKey);
}

// Prepared once per connection: every release of every prefill and vault read writes one.
const INSERT_RELEASE = `insert into releases (id, document_id, agency_code, client_id, dossier_code, purpose, prefill_id, attestation, created_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz)`;

/**
 * Records a release inside the transaction that writes its access-log entries (the consent
 * decision's), so a release is never logged without its record or recorded without its log.
 */
export function releaseRecorder(key: SigningKey) {
  return async function record(tx: Database, document: ReleasedDocument, ctx: ReleaseContext, at: Date): Promise<Release> {
    const id = randomUUID();
    const attestation = await signAttestation(key, id, document, ctx, at);
    await preparedRows(tx, INSERT_RELEASE, [id, document.id, ctx.requester.agencyCode, ctx.requester.clientId, ctx.dossierCode, ctx.purpose, ctx.prefillId ?? null, attestation, at.toISOString()]);
    return { id, attestation, at };
  };
}
export type RecordRelease = ReturnType<typeof releaseRecorder>;
