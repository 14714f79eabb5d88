import type { FormField } from '../../../src/catalog/catalog.types';
import { fillFields, valueAt } from '../../../src/prefill/formFields';

const fetchedAt = new Date('2026-11-27T02:00:00Z');
const citizen = { fullName: 'Nguyễn Thị Thu Hằng', birthDate: '1987-03-14', permanentResidence: { line: 'Số 12 đường Ấp Bắc' }, birthPlace: { province: 'Tiền Giang' } };
const placeOfBirth: FormField = {
  name: 'placeOfBirth',
  labelVi: 'Nơi sinh',
  labelEn: 'Place of birth',
  sources: [
    { kind: 'document', documentType: 'birth-certificate', field: 'placeOfBirth' },
    { kind: 'population', attribute: 'birthPlace.province' },
  ],
  editable: false,
};

describe('filling form fields with their provenance', () => {
  it('when the first source holds a value, then it fills the field and says where it came from', () => {
    const [field] = fillFields([placeOfBirth], {
      applicant: { population: { data: citizen, updatedAt: fetchedAt, stale: false }, documents: [{ id: 'd1', type: 'birth-certificate', issueDate: '1987-03-20', fields: { placeOfBirth: 'Bệnh viện Đa khoa Tiền Giang' } }] },
    });
    expect(field).toMatchObject({ status: 'filled', value: 'Bệnh viện Đa khoa Tiền Giang', source: { kind: 'document', documentId: 'd1' }, sourceUpdatedAt: '1987-03-20' });
  });

  it('when no document was released, then the registry fills it, with its fetch time and staleness', () => {
    const [field] = fillFields([placeOfBirth], { applicant: { population: { data: citizen, updatedAt: fetchedAt, stale: true }, documents: [] } });
    expect(field).toMatchObject({ status: 'filled', value: 'Tiền Giang', source: { kind: 'population', attribute: 'birthPlace.province' }, sourceUpdatedAt: fetchedAt.toISOString(), stale: true });
  });

  it('when no source can fill it, then unavailable with one reason per source', () => {
    const unavailable = { code: 'registry_unavailable', vi: 'Cơ sở dữ liệu quốc gia tạm thời không trả lời.', en: 'down' };
    const [field] = fillFields([placeOfBirth], { applicant: { population: { unavailable }, documents: [] } });
    expect(field).toMatchObject({ status: 'unavailable', value: null });
    expect(field!.status === 'unavailable' && field!.reasons.map((r) => r.code)).toEqual(['document_not_released', 'registry_unavailable']);
  });

  it('when the field is about a person the request did not name, then unavailable, subject_not_given', () => {
    const [field] = fillFields([{ ...placeOfBirth, subject: 'spouse' }], { applicant: { documents: [] } });
    expect(field).toMatchObject({ status: 'unavailable', subject: 'spouse', reasons: [expect.objectContaining({ code: 'subject_not_given' }), expect.objectContaining({ code: 'subject_not_given' })] });
  });

  it('reads dot paths through objects and arrays, and blank strings count as no value', () => {
    expect(valueAt({ legalRepresentatives: [{ fullName: 'Trần Văn Phúc' }] }, 'legalRepresentatives.0.fullName')).toBe('Trần Văn Phúc');
    expect(valueAt({ a: null }, 'a.b')).toBeUndefined();
    const [blank] = fillFields([{ ...placeOfBirth, sources: [{ kind: 'population', attribute: 'fullName' }] }], { applicant: { population: { data: { fullName: '  ' }, updatedAt: fetchedAt, stale: false }, documents: [] } });
    expect(blank).toMatchObject({ status: 'unavailable', reasons: [expect.objectContaining({ code: 'no_value' })] });
  });
});
