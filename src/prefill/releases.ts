import { randomUUID } from 'node:crypto';
import type { AgencyPrincipal } from '../auth/principal';
import { preparedRows, type Database, type Statement } from '../db/database';
import type { SigningKey } from '../keys/keyFile';
import { signMotlanJwt } from '../keys/motlanJwt';

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
export function signAttestation(key: SigningKey, releaseId: string, document: ReleasedDocument, ctx: ReleaseContext, at: Date): string {
  return signMotlanJwt(key, ATTESTATION_TYPE, {
    document: { id: document.id, type: document.type, contentSha256: document.contentSha256, payloadHash: document.payloadHash },
    requester: { agencyCode: ctx.requester.agencyCode, clientId: ctx.requester.clientId },
    dossierCode: ctx.dossierCode,
    purpose: ctx.purpose,
    iss: 'motlan',
    sub: document.id,
    aud: ctx.requester.agencyCode,
    jti: releaseId,
    iat: Math.floor(at.getTime() / 1000),
  });
}

// Prepared once per connection: every prefill and every vault read by another agency writes releases.
// Rows as one JSON parameter, so that a batch is one statement whatever its size (and PGlite takes it).
const INSERT_RELEASES = `insert into releases (id, document_id, agency_code, client_id, dossier_code, purpose, prefill_id, attestation, created_at)
  select id, document_id, agency_code, client_id, dossier_code, purpose, prefill_id, attestation, $2::timestamptz
  from jsonb_to_recordset($1::jsonb) as r(id uuid, document_id uuid, agency_code text, client_id text, dossier_code text, purpose text, prefill_id uuid, attestation text)`;

/** A document to hand over and to whom: one row of a release batch. */
export interface ReleaseItem {
  document: ReleasedDocument;
  context: ReleaseContext;
}

/**
 * Releases signed and their insert made, for a transaction to send (a group commit of vault reads
 * sends it with its access-log write and COMMIT). A batch is one statement whatever its size; null
 * when there is nothing to record.
 */
export function signedReleases(key: SigningKey, items: readonly ReleaseItem[], at: Date): { releases: Release[]; insert: Statement | null } {
  if (!items.length) return { releases: [], insert: null };
  const made = items.map(({ document, context }) => {
    const id = randomUUID();
    return { id, document, context, attestation: signAttestation(key, id, document, context, at) };
  });
  const rows = made.map(({ id, document, context, attestation }) => ({
    id,
    document_id: document.id,
    agency_code: context.requester.agencyCode,
    client_id: context.requester.clientId,
    dossier_code: context.dossierCode,
    purpose: context.purpose,
    prefill_id: context.prefillId ?? null,
    attestation,
  }));
  return { releases: made.map(({ id, attestation }) => ({ id, attestation, at })), insert: { text: INSERT_RELEASES, params: [JSON.stringify(rows), at.toISOString()] } };
}

/**
 * Records releases inside the transaction that writes their access-log entries (the consent
 * decision's), so a release is never logged without its record or recorded without its log.
 */
export function releaseRecorder(key: SigningKey) {
  return async function record(tx: Database, items: readonly ReleaseItem[], at: Date): Promise<Release[]> {
    const { releases, insert } = signedReleases(key, items, at);
    if (insert) await preparedRows(tx, insert.text, insert.params);
    return releases;
  };
}
export type RecordRelease = ReturnType<typeof releaseRecorder>;
