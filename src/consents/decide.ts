import type { Consent, Decision, DenyCode, LegalBasis, ReleaseRequest } from './consents.types';

// Checks in the order a person would explain a refusal: is this consent about this agency, this
// document and this procedure at all; then is it in force; then does it cover what was asked.
// A refusal names the check at which the closest consent failed.
const CHECKS: Array<{ code: DenyCode; passes: (c: Consent, r: ReleaseRequest) => boolean }> = [
  { code: 'other_grantee', passes: (c, r) => (c.grantee.kind === 'agency' ? c.grantee.agencyCode === r.requester.agencyCode : c.grantee.level === r.requester.level) },
  { code: 'other_document_type', passes: (c, r) => c.documentTypes.includes(r.documentType) },
  { code: 'other_purpose', passes: (c, r) => c.purposes.some((p) => sameProcedure(p, r.purpose)) },
  { code: 'other_dossier', passes: (c, r) => c.dossierCode === null || c.dossierCode === r.dossierCode },
  { code: 'consent_pending', passes: (c) => c.status !== 'pending' },
  { code: 'consent_revoked', passes: (c) => c.status !== 'revoked' && c.revokedAt === null },
  { code: 'consent_expired', passes: (c, r) => c.status !== 'expired' && (c.validUntil === null || r.at < c.validUntil) },
  { code: 'consent_not_yet_valid', passes: (c, r) => c.validFrom <= r.at },
  { code: 'dossier_closed', passes: (c, r) => c.dossierClosedAt === null || r.at < c.dossierClosedAt },
  // Reading a document again (its content after its metadata) spends nothing more.
  { code: 'consent_used_up', passes: (c, r) => c.maxUses === null || c.releasedDocumentIds.includes(r.documentId) || c.releasedDocumentIds.length < c.maxUses },
  // Asking for the whole document under a field-limited consent releases those fields only (no content).
  { code: 'fields_not_covered', passes: (c, r) => c.fields === null || r.fields === null || r.fields.every((f) => c.fields!.includes(f)) },
  { code: 'fields_only', passes: (c, r) => c.fields === null || !r.content },
];

export const DENY_REASONS: Record<DenyCode, { vi: string; en: string }> = {
  no_consent: { vi: 'Chưa có sự đồng ý của chủ thể dữ liệu', en: 'The data subject has given no consent' },
  consent_pending: { vi: 'Sự đồng ý đang chờ chủ thể dữ liệu xác nhận', en: 'The consent is still waiting for the data subject' },
  consent_revoked: { vi: 'Chủ thể dữ liệu đã rút lại sự đồng ý', en: 'The data subject has revoked the consent' },
  consent_expired: { vi: 'Sự đồng ý đã hết hạn', en: 'The consent has expired' },
  consent_not_yet_valid: { vi: 'Sự đồng ý chưa có hiệu lực', en: 'The consent is not in force yet' },
  consent_used_up: { vi: 'Sự đồng ý đã được dùng hết số lần cho phép', en: 'The consent has been used as many times as it allows' },
  dossier_closed: { vi: 'Hồ sơ mà sự đồng ý dành cho đã kết thúc', en: 'The dossier the consent was for has closed' },
  other_grantee: { vi: 'Sự đồng ý dành cho cơ quan khác', en: 'The consent was given to another agency' },
  other_purpose: { vi: 'Sự đồng ý không bao gồm thủ tục này', en: 'The consent does not cover this procedure' },
  other_document_type: { vi: 'Sự đồng ý không bao gồm loại giấy tờ này', en: 'The consent does not cover this document type' },
  other_dossier: { vi: 'Sự đồng ý chỉ dành cho một hồ sơ khác', en: 'The consent is for another dossier' },
  fields_not_covered: { vi: 'Sự đồng ý không bao gồm mọi trường thông tin được yêu cầu', en: 'The consent does not cover every field asked for' },
  fields_only: { vi: 'Sự đồng ý chỉ cho xem một số trường thông tin, không cho tải nội dung giấy tờ', en: 'The consent releases listed fields only, not the document\'s content' },
};

/** Local systems append the agency to the national code (1.004616.000.00.00.H56); purposes match on the national part. */
export function nationalProcedureCode(code: string): string {
  return /^\d\.\d{6}/.exec(code)?.[0] ?? code;
}

function sameProcedure(a: string, b: string): boolean {
  return nationalProcedureCode(a) === nationalProcedureCode(b);
}

function legalBasisApplies(basis: LegalBasis, r: ReleaseRequest): boolean {
  return (
    sameProcedure(basis.procedureCode, r.purpose) &&
    basis.documentType === r.documentType &&
    basis.requesterLevel === r.requester.level &&
    (basis.validFrom === null || basis.validFrom <= r.at) &&
    (basis.validUntil === null || r.at < basis.validUntil)
  );
}

/**
 * Whether one document of a subject may be released to a requester, and on what rule. Deny by
 * default. A legal basis is preferred over a consent: it is what the law already allows, and it
 * spends none of the citizen's capped uses. Among consents, a dossier-scoped one is used before a
 * standing one. Pure: the caller loads the subject's consents and the legal bases.
 */
export function decide(request: ReleaseRequest, consents: readonly Consent[], legalBases: readonly LegalBasis[]): Decision {
  const basis = legalBases.find((b) => legalBasisApplies(b, request));
  if (basis) {
    return { decision: 'allow', rule: { kind: 'legal_basis', legalBasisId: basis.id, reference: basis.reference }, fields: request.fields };
  }

  let closest: { depth: number; code: DenyCode } = { depth: -1, code: 'no_consent' };
  const allowing: Consent[] = [];
  for (const consent of consents) {
    if (consent.subjectId !== request.subjectId) continue;
    const failed = CHECKS.findIndex((check) => !check.passes(consent, request));
    if (failed === -1) allowing.push(consent);
    else if (failed > closest.depth) closest = { depth: failed, code: CHECKS[failed]!.code };
  }

  const chosen = allowing.sort(
    (a, b) => Number(b.dossierCode !== null) - Number(a.dossierCode !== null) || a.validFrom.getTime() - b.validFrom.getTime() || a.id.localeCompare(b.id),
  )[0];
  if (chosen) {
    return { decision: 'allow', rule: { kind: 'consent', consentId: chosen.id }, fields: request.fields ?? chosen.fields };
  }
  return { decision: 'deny', rule: { kind: 'default_deny' }, code: closest.code, reason: DENY_REASONS[closest.code] };
}
