import { procedureProblems } from '../../../src/catalog/procedureProblems';
import { DOCUMENT_TYPES } from '../../../src/documents/types/documentTypes';
import { validatorFor } from '../../../src/http/schemaRegistry';
import { seededProcedures } from './seedProcedures';

const seed = seededProcedures();
const byCode = new Map(seed.map((p) => [p.code, p]));

describe('the seeded catalogue', () => {
  it('holds at least 22 procedures, each code once', () => {
    expect(seed.length).toBeGreaterThanOrEqual(22);
    expect(byCode.size).toBe(seed.length);
  });

  it.each(seed.map((p) => [p.code, p] as const))('%s is a valid PUT body and breaks no catalogue rule', (_code, p) => {
    const validate = validatorFor('catalog/procedure-put');
    expect(validate(structuredClone(p)) ? [] : validate.errors).toEqual([]);
    expect(procedureProblems(p)).toEqual([]);
  });

  it('uses only the levels of the two-tier government: no district after 1 July 2025', () => {
    expect(new Set(seed.map((p) => p.level))).toEqual(new Set(['commune', 'province', 'central']));
  });

  it('marks as confirmed only the two codes domain.md names, and says why every other one is not', () => {
    expect(seed.filter((p) => p.codeStatus === 'confirmed').map((p) => p.code).sort()).toEqual(['1.000466', '2.001178']);
    for (const p of seed) {
      if (p.codeStatus === 'confirmed') expect(p.source).toMatch(/domain\.md §1/);
      else expect(p.source).toMatch(/^Chưa xác nhận: .*Unconfirmed: /);
    }
    expect(byCode.get('1.000466')!.level).toBe('central');
    expect(byCode.get('2.001178')!.level).toBe('province');
  });

  it('needs every one of the vault’s 12 document types somewhere', () => {
    const required = new Set(seed.flatMap((p) => p.requirements.flatMap((r) => r.anyOf)));
    expect([...required].sort()).toEqual(DOCUMENT_TYPES.map((t) => t.code).sort());
  });

  it('has businesses as applicants too, reading the business registry', () => {
    const business = seed.filter((p) => p.applicantKind === 'business');
    expect(business.length).toBeGreaterThanOrEqual(4);
    for (const p of business) {
      expect(p.formFields.filter((f) => (f.subject ?? 'applicant') === 'applicant').flatMap((f) => f.sources.map((s) => s.kind))).not.toContain('population');
    }
  });

  it('holds the marriage registration the prefill feature is tested with, exactly', () => {
    const p = byCode.get('1.000894')!;
    expect(p).toMatchObject({ level: 'commune', nameVi: 'Đăng ký kết hôn', nameEn: 'Marriage registration', applicantKind: 'citizen', codeStatus: 'unconfirmed' });
    expect(p.requirements.map(({ id, anyOf, subject, documentRole, maxAgeDays, condition }) => ({ id, anyOf, subject, documentRole, maxAgeDays, condition }))).toEqual([
      { id: 'birth-certificate-applicant', anyOf: ['birth-certificate'], subject: 'applicant', documentRole: 'child', maxAgeDays: undefined, condition: undefined },
      { id: 'birth-certificate-spouse', anyOf: ['birth-certificate'], subject: 'spouse', documentRole: 'child', maxAgeDays: undefined, condition: undefined },
      { id: 'marital-status-applicant', anyOf: ['marital-status-confirmation'], subject: 'applicant', documentRole: 'holder', maxAgeDays: 180, condition: undefined },
      { id: 'marital-status-spouse', anyOf: ['marital-status-confirmation'], subject: 'spouse', documentRole: 'holder', maxAgeDays: 180, condition: undefined },
    ]);
    const fields = new Map(p.formFields.map((f) => [f.name, f]));
    expect([...fields.keys()]).toEqual(['fullName', 'birthDate', 'sex', 'permanentResidence', 'placeOfBirth', 'spouseFullName', 'spouseBirthDate']);
    expect(fields.get('fullName')).toMatchObject({ sources: [{ kind: 'population', attribute: 'fullName' }], editable: false });
    expect(fields.get('birthDate')).toMatchObject({ sources: [{ kind: 'population', attribute: 'birthDate' }], editable: false });
    expect(fields.get('permanentResidence')).toMatchObject({ sources: [{ kind: 'population', attribute: 'permanentResidence.line' }], editable: true });
    expect(fields.get('placeOfBirth')!.sources).toEqual([
      { kind: 'document', documentType: 'birth-certificate', field: 'placeOfBirth' },
      { kind: 'population', attribute: 'birthPlace.province' },
    ]);
    expect(fields.get('spouseFullName')).toMatchObject({ subject: 'spouse', sources: [{ kind: 'population', attribute: 'fullName' }] });
    expect(fields.get('spouseBirthDate')).toMatchObject({ subject: 'spouse' });
  });

  it('holds the change of enterprise registration the prefill feature is tested with, exactly', () => {
    const p = byCode.get('2.001610')!;
    expect(p).toMatchObject({ level: 'province', nameVi: 'Đăng ký thay đổi nội dung đăng ký doanh nghiệp', nameEn: 'Change of enterprise registration details', applicantKind: 'business', codeStatus: 'unconfirmed' });
    expect(p.requirements).toEqual([expect.objectContaining({ id: 'enterprise-registration', anyOf: ['enterprise-registration'], subject: 'applicant', documentRole: 'enterprise' })]);
    const sources = Object.fromEntries(p.formFields.map((f) => [f.name, f.sources]));
    expect(sources).toEqual({
      enterpriseName: [{ kind: 'business', attribute: 'names.vi' }],
      headOfficeAddress: [{ kind: 'business', attribute: 'address.line' }],
      legalRepresentative: [{ kind: 'business', attribute: 'legalRepresentatives.0.fullName' }],
      charterCapital: [{ kind: 'document', documentType: 'enterprise-registration', field: 'charterCapitalVnd' }, { kind: 'business', attribute: 'charterCapitalVnd' }],
    });
    expect(p.formFields.find((f) => f.name === 'headOfficeAddress')!.editable).toBe(true);
  });

  it('asks for the parents’ marriage certificate at a birth registration only when the applicant is married', () => {
    const birth = seed.find((p) => p.nameVi === 'Đăng ký khai sinh')!;
    expect(birth.requirements).toContainEqual(expect.objectContaining({ anyOf: ['marriage-certificate'], subject: 'applicant', condition: { attribute: 'maritalStatus', in: ['married'] } }));
  });

  it('offers alternatives: some requirement is met by either of two document types', () => {
    const alternatives = seed.flatMap((p) => p.requirements).filter((r) => r.anyOf.length >= 2);
    expect(alternatives).toContainEqual(expect.objectContaining({ anyOf: expect.arrayContaining(['land-use-right-certificate', 'residence-confirmation']) }));
  });
});
