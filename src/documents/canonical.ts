import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth and no whitespace (RFC 8785 for the values we hold). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const PAYLOAD_TYPE = 'motlan.document.v1';

/** What an issuer signs: every piece of metadata, the fields, and the content's hash. */
export interface SignedPayload {
  typ: typeof PAYLOAD_TYPE;
  type: string;
  issuer: string;
  number: string;
  version: number;
  procedureCode: string | null;
  dossierCode: string | null;
  issueDate: string;
  validFrom: string;
  validUntil: string | null;
  /** In the order sent, each ID as sent (a 9-digit old ID stays 9 digits). */
  subjects: Array<{ role: string; id: string }>;
  fields: Record<string, unknown>;
  contentSha256: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
