import fc from 'fast-check';
import { BUSINESS_ATTRIBUTES, isBusinessAttribute, isPopulationAttribute, POPULATION_ATTRIBUTES } from '../../../src/catalog/attributes';
import type { FormField, Requirement } from '../../../src/catalog/catalog.types';
import { procedureProblems } from '../../../src/catalog/procedureProblems';
import { generateBusinesses } from '../../../src/connectors/business/businessGenerator';
import { generatePopulation } from '../../../src/connectors/population/populationGenerator';
import { seededProcedures } from './seedProcedures';

const seed = seededProcedures();
const marriage = seed.find((p) => p.code === '1.000894')!;
const enterpriseChange = seed.find((p) => p.code === '2.001610')!;

/** The marriage registration with one requirement or form field changed. */
const withRequirement = (i: number, change: Partial<Requirement>) => ({ ...marriage, requirements: marriage.requirements.map((r, k) => (k === i ? { ...r, ...change } : r)) });
const withField = (field: FormField) => ({ ...marriage, formFields: [...marriage.formFields, field] });
const rules = (p: Parameters<typeof procedureProblems>[0]) => procedureProblems(p).map((x) => `${x.pointer} ${x.rule}`);
const field = (sources: FormField['sources'], subject?: FormField['subject']): FormField => ({ name: 'extra', labelVi: 'Thêm', labelEn: 'Extra', sources, editable: true, ...(subject ? { subject } : {}) });

describe('procedureProblems', () => {
  it('finds nothing wrong with a well-formed procedure', () => {
    expect(procedureProblems(marriage)).toEqual([]);
    expect(procedureProblems(enterpriseChange)).toEqual([]);
  });

  it('names an unknown document type by its place in anyOf', () => {
    expect(rules(withRequirement(1, { anyOf: ['birth-certificate', 'giay-khai-sinh'] }))).toEqual(['/requirements/1/anyOf/1 document_type.unknown']);
  });

  it('wants the document role in every type of anyOf', () => {
    expect(rules(withRequirement(0, { documentRole: 'holder' }))).toEqual(['/requirements/0/documentRole document_role.unknown']);
    // child is a role of birth-certificate, not of marital-status-confirmation
    expect(rules(withRequirement(0, { anyOf: ['birth-certificate', 'marital-status-confirmation'] }))).toEqual(['/requirements/0/documentRole document_role.unknown']);
    expect(procedureProblems(withRequirement(0, { documentRole: 'holder' }))[0]!.message).toContain('child, father, mother');
  });

  it('refuses a role that the subject cannot hold: a person is not the enterprise of a registration', () => {
    expect(rules(withRequirement(0, { anyOf: ['enterprise-registration'], documentRole: 'enterprise' }))).toEqual(['/requirements/0/documentRole document_role.kind_mismatch']);
    const noRole = withRequirement(0, { anyOf: ['enterprise-registration'] });
    delete noRole.requirements[0]!.documentRole;
    expect(rules(noRole)).toEqual([]); // a citizen can be its legal representative
    const business = { ...enterpriseChange, requirements: [{ ...enterpriseChange.requirements[0]!, id: 'birth', anyOf: ['birth-certificate'], documentRole: undefined }] };
    expect(rules(business)).toEqual(['/requirements/0/anyOf/0 document_type.kind_mismatch']);
  });

  it('refuses two requirements with one id', () => {
    expect(rules(withRequirement(3, { id: 'marital-status-applicant' }))).toEqual(['/requirements/3/id requirement.id_duplicate']);
  });

  it('checks a condition’s values against what the registry can say, and only for people', () => {
    expect(rules(withRequirement(0, { condition: { attribute: 'maritalStatus', in: ['married', 'engaged'] } }))).toEqual(['/requirements/0/condition/in/1 condition.value_unknown']);
    expect(rules(withRequirement(0, { condition: { attribute: 'status', in: ['deceased'] } }))).toEqual([]);
    const business = { ...enterpriseChange, requirements: [{ ...enterpriseChange.requirements[0]!, condition: { attribute: 'status' as const, in: ['alive'] } }] };
    expect(rules(business)).toEqual(['/requirements/0/condition condition.not_citizen']);
  });

  it('refuses two form fields with one name', () => {
    expect(rules(withField({ ...marriage.formFields[0]! }))).toEqual([`/formFields/${marriage.formFields.length}/name form_field.name_duplicate`]);
  });

  it('checks that a document source names a real type and a field of its schema', () => {
    const at = `/formFields/${marriage.formFields.length}/sources/0`;
    expect(rules(withField(field([{ kind: 'document', documentType: 'birth-certificate', field: 'noiSinh' }])))).toEqual([`${at}/field document_field.unknown`]);
    expect(rules(withField(field([{ kind: 'document', documentType: 'passport', field: 'number' }])))).toEqual([`${at}/documentType document_type.unknown`]);
    expect(rules(withField(field([{ kind: 'document', documentType: 'marriage-certificate', field: 'spouses.1.fullName' }])))).toEqual([]);
    expect(rules(withField(field([{ kind: 'document', documentType: 'marriage-certificate', field: 'spouses' }])))).toEqual([`${at}/field document_field.not_scalar`]);
    expect(rules(withField(field([{ kind: 'document', documentType: 'marriage-certificate', field: 'spouses.1.religion' }])))).toEqual([`${at}/field document_field.unknown`]);
  });

  it('takes population attributes from the allow-list only, and never the sensitive ones', () => {
    const at = `/formFields/${marriage.formFields.length}/sources/0/attribute`;
    expect(rules(withField(field([{ kind: 'population', attribute: 'father.fullName' }])))).toEqual([]);
    expect(rules(withField(field([{ kind: 'population', attribute: 'children.2.fullName' }])))).toEqual([]);
    expect(rules(withField(field([{ kind: 'population', attribute: 'hoTen' }])))).toEqual([`${at} population_attribute.unknown`]);
    expect(rules(withField(field([{ kind: 'population', attribute: 'children.#.fullName' }])))).toEqual([`${at} population_attribute.unknown`]);
    expect(rules(withField(field([{ kind: 'population', attribute: 'sensitive.religion' }])))).toEqual([`${at} population_attribute.sensitive`]);
    expect(rules(withField(field([{ kind: 'population', attribute: 'sensitive' }])))).toEqual([`${at} population_attribute.sensitive`]);
  });

  it('reads a business applicant from the business registry and people from the population database', () => {
    const bizField = (sources: FormField['sources'], subject?: FormField['subject']) => ({ ...enterpriseChange, formFields: [...enterpriseChange.formFields, field(sources, subject)] });
    const at = `/formFields/${enterpriseChange.formFields.length}/sources/0`;
    expect(rules(bizField([{ kind: 'population', attribute: 'fullName' }]))).toEqual([`${at}/kind source.kind_mismatch`]);
    expect(rules(bizField([{ kind: 'business', attribute: 'legalRepresentatives.1.title' }]))).toEqual([]);
    expect(rules(bizField([{ kind: 'business', attribute: 'legalRepresentatives.fullName' }]))).toEqual([`${at}/attribute business_attribute.unknown`]);
    expect(rules(withField(field([{ kind: 'business', attribute: 'names.vi' }])))).toEqual([`/formFields/${marriage.formFields.length}/sources/0/kind source.kind_mismatch`]);
    expect(rules(withField(field([{ kind: 'business', attribute: 'names.vi' }], 'spouse')))).toEqual([`/formFields/${marriage.formFields.length}/sources/0/kind source.kind_mismatch`]);
  });

  it('checks the code and wants a source for a confirmed code', () => {
    expect(rules({ ...marriage, code: '1.00089' })).toEqual(['/code code.format']);
    expect(rules({ ...marriage, codeStatus: 'confirmed', source: ' ' })).toEqual(['/source source.required']);
  });

  it('reports every problem at once, each with English and Vietnamese', () => {
    const broken = { ...withRequirement(1, { id: 'birth-certificate-applicant', anyOf: ['passport'] }), formFields: [field([{ kind: 'population', attribute: 'sensitive.ethnicity' }])] };
    const problems = procedureProblems(broken);
    expect(problems.map((x) => x.rule).sort()).toEqual(['document_type.unknown', 'population_attribute.sensitive', 'requirement.id_duplicate']);
    for (const x of problems) expect(x.messageVi.length).toBeGreaterThan(0);
  });

  it('finds any unknown type wherever it is put in anyOf', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^[a-z][a-z-]{2,20}$/), fc.nat({ max: 1 }), (i, type, at) => {
        fc.pre(!['birth-certificate', 'marital-status-confirmation'].includes(type));
        const anyOf = [...marriage.requirements[i]!.anyOf];
        anyOf.splice(at, 0, type);
        expect(rules(withRequirement(i, { anyOf, documentRole: undefined }))).toEqual([`/requirements/${i}/anyOf/${at} document_type.unknown`]);
      }),
    );
  });
});

/** A dot path into a record; numeric segments index arrays, as prefill reads them. */
const valueAt = (data: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), data);

describe('the registry attribute allow-lists', () => {
  const concrete = (pattern: string) => pattern.replace(/#/g, '0');
  const citizens = [...generatePopulation({ seed: 7, count: 400 })];
  const enterprises = [...generateBusinesses({ seed: 7, count: 200, representatives: citizens.slice(0, 50) })];

  it('names only paths that lead to a value in generated registry records', () => {
    for (const attribute of POPULATION_ATTRIBUTES) {
      const values = citizens.map((c) => valueAt(c, concrete(attribute)));
      expect([attribute, values.some((v) => typeof v === 'string' || typeof v === 'number')]).toEqual([attribute, true]);
    }
    for (const attribute of BUSINESS_ATTRIBUTES) {
      const values = enterprises.map((e) => valueAt(e, concrete(attribute)));
      expect([attribute, values.some((v) => typeof v === 'string' || typeof v === 'number')]).toEqual([attribute, true]);
    }
  });

  it('never lets a sensitive attribute through, whatever its spelling', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9.]{0,20}$/), (rest) => expect(isPopulationAttribute(`sensitive${rest ? `.${rest}` : ''}`)).toBe(false)));
    expect(isBusinessAttribute('sensitive.religion')).toBe(false);
  });
});
