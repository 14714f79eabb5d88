import { PAYLOAD_TYPE, type SignedPayload } from './canonical';
import { documentTypeOf } from './types/documentTypes';

/** The parts of an ingest body the signature covers (schemas/documents/document-ingest.json). */
export interface PayloadInput {
  type: string;
  number: string;
  issuer: string;
  procedureCode?: string;
  dossierCode?: string;
  issueDate: string;
  validFrom?: string;
  validUntil?: string | null;
  subjects: Array<{ role: string; id: string }>;
  fields: Record<string, unknown>;
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The payload exactly as Motlan reconstructs it, defaults applied (validFrom = issueDate, validUntil
 * = the type's default validity), so `npm run sign` and the vault agree on what was signed.
 */
export function signedPayloadOf(input: PayloadInput, contentSha256: string, version = 1): SignedPayload {
  const validFrom = input.validFrom ?? input.issueDate;
  const months = documentTypeOf(input.type)?.defaultValidityMonths;
  const validUntil = input.validUntil !== undefined ? input.validUntil : months ? addMonths(validFrom, months) : null;
  return {
    typ: PAYLOAD_TYPE,
    type: input.type,
    issuer: input.issuer,
    number: input.number,
    version,
    procedureCode: input.procedureCode ?? null,
    dossierCode: input.dossierCode ?? null,
    issueDate: input.issueDate,
    validFrom,
    validUntil,
    subjects: input.subjects.map(({ role, id }) => ({ role, id })),
    fields: input.fields,
    contentSha256,
  };
}
