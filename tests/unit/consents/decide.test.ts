import fc from 'fast-check';
import { decide, nationalProcedureCode } from '../../../src/consents/decide';
import type { AgencyLevel, Consent, LegalBasis, ReleaseRequest } from '../../../src/consents/consents.types';

// Small pools so generated requests and consents often meet.
const AGENCIES = ['000.00.00.H56', '000.17.22.H56', '000.00.00.G01'];
const LEVELS: AgencyLevel[] = ['central', 'province', 'commune'];
const PROCEDURES = ['1.000894', '2.001178', '1.000466'];
const TYPES = ['giay-khai-sinh', 'giay-chung-nhan-ket-hon', 'xac-nhan-tinh-trang-hon-nhan'];
const SUBJECTS = ['s-hang', 's-hung'];
const DOSSIERS = ['000.17.22.H56-261127-0001', '000.17.22.H56-261127-0002'];
const FIELDS = ['hoTen', 'ngaySinh', 'noiSinh'];
const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

const date = fc.integer({ min: 0, max: 400 }).map((d) => new Date(T0 + d * DAY));
const subset = <T>(pool: T[]) => fc.subarray(pool, { minLength: 1 });

const consentArb: fc.Arbitrary<Consent> = fc
  .record({
    id: fc.uuid(),
    subjectId: fc.constantFrom(...SUBJECTS),
    grantee: fc.oneof(
      fc.constantFrom(...AGENCIES).map((agencyCode) => ({ kind: 'agency' as const, agencyCode })),
      fc.constantFrom(...LEVELS).map((level) => ({ kind: 'level' as const, level })),
    ),
    purposes: subset(PROCEDURES),
    documentTypes: subset(TYPES),
    fields: fc.option(subset(FIELDS), { nil: null }),
    validFrom: date,
    validForDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
    maxUses: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    released: fc.subarray(['d1', 'd2', 'd3', 'd4']),
    dossierCode: fc.option(fc.constantFrom(...DOSSIERS), { nil: null }),
    dossierClosedAt: fc.option(date, { nil: null }),
    status: fc.constantFrom('pending' as const, 'active' as const, 'revoked' as const, 'expired' as const),
  })
  .map(({ validForDays, released, ...c }) => ({
    ...c,
    releasedDocumentIds: released,
    validUntil: validForDays === null ? null : new Date(c.validFrom.getTime() + validForDays * DAY),
    revokedAt: c.status === 'revoked' ? c.validFrom : null,
  }));

const requestArb: fc.Arbitrary<ReleaseRequest> = fc.record({
  requester: fc.record({ agencyCode: fc.constantFrom(...AGENCIES), level: fc.constantFrom(...LEVELS) }),
  purpose: fc.constantFrom(...PROCEDURES, '1.000894.000.00.00.H56'),
  dossierCode: fc.option(fc.constantFrom(...DOSSIERS), { nil: null }),
  subjectId: fc.constantFrom(...SUBJECTS),
  documentType: fc.constantFrom(...TYPES),
  documentId: fc.constantFrom('d1', 'd2', 'd5'),
  fields: fc.option(subset(FIELDS), { nil: null }),
  content: fc.boolean(),
  at: date,
});

const legalBasisArb: fc.Arbitrary<LegalBasis> = fc.record({
  id: fc.uuid(),
  procedureCode: fc.constantFrom(...PROCEDURES),
  documentType: fc.constantFrom(...TYPES),
  requesterLevel: fc.constantFrom(...LEVELS),
  reference: fc.constant('Nghị định 87/2020/NĐ-CP, Điều 24 khoản 7'),
  validFrom: fc.constant(null),
  validUntil: fc.constant(null),
});

/** Written independently of decide(): what a consent must satisfy to allow this request. */
function consentCovers(c: Consent, r: ReleaseRequest): boolean {
  const granteeOk = c.grantee.kind === 'agency' ? c.grantee.agencyCode === r.requester.agencyCode : c.grantee.level === r.requester.level;
  return (
    c.subjectId === r.subjectId &&
    c.status === 'active' &&
    c.revokedAt === null &&
    granteeOk &&
    c.documentTypes.includes(r.documentType) &&
    c.purposes.includes(nationalProcedureCode(r.purpose)) &&
    (c.dossierCode === null || c.dossierCode === r.dossierCode) &&
    c.validFrom <= r.at &&
    (c.validUntil === null || r.at < c.validUntil) &&
    (c.dossierClosedAt === null || r.at < c.dossierClosedAt) &&
    (c.maxUses === null || c.releasedDocumentIds.includes(r.documentId) || c.releasedDocumentIds.length < c.maxUses) &&
    (c.fields === null || r.fields === null || r.fields.every((f) => c.fields!.includes(f))) &&
    (c.fields === null || !r.content)
  );
}

describe('the consent decision (property tests)', () => {
  it('allows on a consent only when that consent covers the request in every respect', () => {
    fc.assert(
      fc.property(requestArb, fc.array(consentArb, { maxLength: 6 }), (request, consents) => {
        const d = decide(request, consents, []);
        if (d.decision === 'allow') {
          expect(d.rule.kind).toBe('consent');
          const used = consents.find((c) => d.rule.kind === 'consent' && c.id === d.rule.consentId)!;
          expect(consentCovers(used, request)).toBe(true);
          // Never more than the consent allows.
          if (used.fields !== null) expect(d.fields?.every((f) => used.fields!.includes(f))).toBe(true);
        } else {
          expect(consents.some((c) => consentCovers(c, request))).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('denies by default, and a revoked, expired or pending consent never allows', () => {
    fc.assert(
      fc.property(requestArb, fc.array(consentArb, { maxLength: 6 }), (request, consents) => {
        const inactive = consents.filter((c) => c.status !== 'active');
        expect(decide(request, inactive, []).decision).toBe('deny');
        expect(decide(request, [], [])).toMatchObject({ decision: 'deny', code: 'no_consent' });
      }),
    );
  });

  it('a consent of another subject never allows', () => {
    fc.assert(
      fc.property(requestArb, fc.array(consentArb, { maxLength: 6 }), (request, consents) => {
        const others = consents.filter((c) => c.subjectId !== request.subjectId);
        expect(decide(request, others, []).decision).toBe('deny');
      }),
    );
  });

  it('a legal basis allows only its exact procedure, document type and requester level', () => {
    fc.assert(
      fc.property(requestArb, fc.array(legalBasisArb, { maxLength: 4 }), (request, bases) => {
        const d = decide(request, [], bases);
        const exact = bases.some(
          (b) => b.procedureCode === nationalProcedureCode(request.purpose) && b.documentType === request.documentType && b.requesterLevel === request.requester.level,
        );
        expect(d.decision).toBe(exact ? 'allow' : 'deny');
        if (d.decision === 'allow') expect(d.rule.kind).toBe('legal_basis');
      }),
    );
  });

  it('revoking a consent never turns a denial into a release', () => {
    fc.assert(
      fc.property(requestArb, fc.array(consentArb, { maxLength: 6 }), (request, consents) => {
        const revokedAll = consents.map((c) => ({ ...c, status: 'revoked' as const, revokedAt: request.at }));
        expect(decide(request, revokedAll, []).decision).toBe('deny');
      }),
    );
  });
});

describe('the consent decision (examples)', () => {
  const request: ReleaseRequest = {
    requester: { agencyCode: '000.17.22.H56', level: 'commune' },
    purpose: '1.000894',
    dossierCode: '000.17.22.H56-261127-0001',
    subjectId: 's-hang',
    documentType: 'giay-khai-sinh',
    documentId: 'd-hang-ks',
    fields: null,
    at: new Date('2026-11-27T09:00:00+07:00'),
  };
  const consent: Consent = {
    id: 'c1',
    subjectId: 's-hang',
    grantee: { kind: 'agency', agencyCode: '000.17.22.H56' },
    purposes: ['1.000894'],
    documentTypes: ['giay-khai-sinh'],
    fields: null,
    validFrom: new Date('2026-11-01T00:00:00Z'),
    validUntil: new Date('2027-11-01T00:00:00Z'),
    maxUses: null,
    releasedDocumentIds: [],
    dossierCode: null,
    dossierClosedAt: null,
    status: 'active',
    revokedAt: null,
  };

  it('allows with an active consent for this agency, procedure and document type', () => {
    expect(decide(request, [consent], [])).toEqual({ decision: 'allow', rule: { kind: 'consent', consentId: 'c1' }, fields: null });
  });

  it('names the closest reason for a refusal, in Vietnamese and English', () => {
    const revoked = decide(request, [{ ...consent, status: 'revoked', revokedAt: new Date('2026-11-20T00:00:00Z') }], []);
    expect(revoked).toMatchObject({ decision: 'deny', code: 'consent_revoked', reason: { vi: 'Chủ thể dữ liệu đã rút lại sự đồng ý' } });
    expect(decide(request, [{ ...consent, grantee: { kind: 'agency', agencyCode: '000.00.00.H56' } }], [])).toMatchObject({ code: 'other_grantee' });
    expect(decide(request, [{ ...consent, validUntil: new Date('2026-11-27T00:00:00Z') }], [])).toMatchObject({ code: 'consent_expired' });
    expect(decide(request, [{ ...consent, maxUses: 1, releasedDocumentIds: ['d-other'] }], [])).toMatchObject({ code: 'consent_used_up' });
    // The same document again is not a new use.
    expect(decide(request, [{ ...consent, maxUses: 1, releasedDocumentIds: ['d-hang-ks'] }], []).decision).toBe('allow');
  });

  it('releases only the consented fields when the request asks for the whole document', () => {
    expect(decide(request, [{ ...consent, fields: ['hoTen', 'ngaySinh'] }], [])).toMatchObject({ decision: 'allow', fields: ['hoTen', 'ngaySinh'] });
    expect(decide({ ...request, fields: ['hoTen', 'noiSinh'] }, [{ ...consent, fields: ['hoTen'] }], [])).toMatchObject({ code: 'fields_not_covered' });
  });

  it('never releases the content under a field-limited consent: the refusal is fields_only', () => {
    expect(decide({ ...request, content: true }, [{ ...consent, fields: ['hoTen'] }], [])).toMatchObject({ decision: 'deny', code: 'fields_only' });
    expect(decide({ ...request, content: true }, [consent], []).decision).toBe('allow');
  });

  it('matches a local procedure code (with the agency suffix) on its national part', () => {
    expect(decide({ ...request, purpose: '1.000894.000.00.00.H56' }, [consent], []).decision).toBe('allow');
  });

  it('prefers a legal basis, which spends none of the citizen\'s capped uses', () => {
    const basis: LegalBasis = { id: 'lb1', procedureCode: '1.000894', documentType: 'giay-khai-sinh', requesterLevel: 'commune', reference: 'Nghị định 87/2020/NĐ-CP', validFrom: null, validUntil: null };
    expect(decide(request, [{ ...consent, maxUses: 1 }], [basis])).toMatchObject({ decision: 'allow', rule: { kind: 'legal_basis', legalBasisId: 'lb1' } });
  });
});
