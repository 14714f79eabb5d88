import type { SubjectKind } from '../../subjects/subjects.types';

export interface SubjectRole {
  role: string;
  kinds: SubjectKind[];
  min: number;
  max: number;
}

export interface DocumentType {
  /** Also the schema file: schemas/document-types/<code>.json validates the type's `fields`. */
  code: string;
  nameVi: string;
  nameEn: string;
  roles: SubjectRole[];
  /** Added to the issue date when the issuer sends no validUntil; null: valid until revoked. */
  defaultValidityMonths: number | null;
}

const one = (role: string, kinds: SubjectKind[] = ['citizen']): SubjectRole => ({ role, kinds, min: 1, max: 1 });
const optional = (role: string, kinds: SubjectKind[] = ['citizen']): SubjectRole => ({ role, kinds, min: 0, max: 1 });

/** The documents procedures reuse most (docs/vault.md; domain.md §6). */
export const DOCUMENT_TYPES: readonly DocumentType[] = [
  { code: 'birth-certificate', nameVi: 'Giấy khai sinh', nameEn: 'Birth certificate', roles: [one('child'), optional('father'), optional('mother')], defaultValidityMonths: null },
  { code: 'marriage-certificate', nameVi: 'Giấy chứng nhận kết hôn', nameEn: 'Marriage certificate', roles: [{ role: 'spouse', kinds: ['citizen'], min: 2, max: 2 }], defaultValidityMonths: null },
  // Decree 123/2015/NĐ-CP art. 23: the confirmation is valid for 6 months from issue.
  { code: 'marital-status-confirmation', nameVi: 'Giấy xác nhận tình trạng hôn nhân', nameEn: 'Marital-status confirmation', roles: [one('holder')], defaultValidityMonths: 6 },
  { code: 'death-certificate', nameVi: 'Trích lục khai tử', nameEn: 'Death certificate', roles: [one('deceased'), optional('declarant')], defaultValidityMonths: null },
  { code: 'enterprise-registration', nameVi: 'Giấy chứng nhận đăng ký doanh nghiệp', nameEn: 'Enterprise registration certificate', roles: [one('enterprise', ['business']), { role: 'legal_representative', kinds: ['citizen'], min: 0, max: 5 }], defaultValidityMonths: null },
  { code: 'household-business-registration', nameVi: 'Giấy chứng nhận đăng ký hộ kinh doanh', nameEn: 'Household-business registration certificate', roles: [one('owner')], defaultValidityMonths: null },
  { code: 'land-use-right-certificate', nameVi: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', nameEn: 'Land-use right certificate', roles: [{ role: 'holder', kinds: ['citizen', 'business'], min: 1, max: 10 }], defaultValidityMonths: null },
  // A licence's end date depends on its class and the holder's age: the issuer sends it.
  { code: 'driving-licence', nameVi: 'Giấy phép lái xe', nameEn: 'Driving licence', roles: [one('holder')], defaultValidityMonths: null },
  // [U] No primary text found for a fixed validity of the residence confirmation: none by default.
  { code: 'residence-confirmation', nameVi: 'Xác nhận thông tin về cư trú', nameEn: 'Residence confirmation', roles: [one('resident')], defaultValidityMonths: null },
  // The law sets no validity; procedures that want a recent extract say so in their own rules.
  { code: 'judicial-record-extract', nameVi: 'Phiếu lý lịch tư pháp', nameEn: 'Judicial record extract', roles: [one('holder')], defaultValidityMonths: null },
  { code: 'diploma', nameVi: 'Văn bằng', nameEn: 'Diploma', roles: [one('holder')], defaultValidityMonths: null },
  { code: 'construction-permit', nameVi: 'Giấy phép xây dựng', nameEn: 'Construction permit', roles: [{ role: 'holder', kinds: ['citizen', 'business'], min: 1, max: 10 }], defaultValidityMonths: null },
];

const BY_CODE = new Map(DOCUMENT_TYPES.map((t) => [t.code, t]));

export function documentTypeOf(code: string): DocumentType | undefined {
  return BY_CODE.get(code);
}
