import { describeEntry } from '../../../src/audit/accessLogText';

const entry = {
  at: new Date('2026-11-27T03:00:00Z'),
  actor: 'agency:000.17.22.H56/one-stop',
  agencyCode: '000.17.22.H56',
  officialId: null,
  action: 'document.read',
  documentType: 'birth-certificate',
  documentId: null,
  purpose: '1.000894',
  dossierCode: '000.17.22.H56-261127-0001',
  decision: 'allow' as const,
  rule: 'consent:7d1c2b3a',
};
const names = { agencyName: 'Sở Tư pháp', documentTypeVi: 'Giấy khai sinh', documentTypeEn: 'Birth certificate' };

describe('the sentence of an access-log entry', () => {
  it('says who read what, for which dossier and procedure, when and on what basis', () => {
    expect(describeEntry(entry, names)).toEqual({
      vi: 'Sở Tư pháp (000.17.22.H56) đã xem Giấy khai sinh của bạn cho hồ sơ 000.17.22.H56-261127-0001 (thủ tục 1.000894) ngày 27/11/2026, theo sự đồng ý của bạn.',
      en: 'Sở Tư pháp (000.17.22.H56) viewed your Birth certificate for dossier 000.17.22.H56-261127-0001 (procedure 1.000894) on 27/11/2026, with your consent.',
    });
  });

  it('names the basis per rule', () => {
    expect(describeEntry({ ...entry, rule: 'legal_basis:1' }, names).vi).toMatch(/, theo quy định pháp luật\.$/);
    expect(describeEntry({ ...entry, rule: 'issuer', action: 'document.content' }, names).vi).toMatch(/đã tải nội dung Giấy khai sinh của bạn .*, là cơ quan cấp giấy tờ\.$/);
    expect(describeEntry({ ...entry, rule: 'role:subjects:read', action: 'subject.read', documentType: null, dossierCode: null, purpose: 'subject-lookup' }, names).vi).toBe(
      'Sở Tư pháp (000.17.22.H56) đã xem thông tin cá nhân của bạn ngày 27/11/2026, theo thẩm quyền được giao.',
    );
  });

  it('says why a refusal was refused', () => {
    expect(describeEntry({ ...entry, decision: 'deny', rule: 'deny:consent_revoked' }, names)).toEqual({
      vi: 'Sở Tư pháp (000.17.22.H56) đã yêu cầu xem Giấy khai sinh của bạn cho hồ sơ 000.17.22.H56-261127-0001 (thủ tục 1.000894) ngày 27/11/2026, nhưng đã bị từ chối vì chủ thể dữ liệu đã rút lại sự đồng ý.',
      en: 'Sở Tư pháp (000.17.22.H56) asked to access your Birth certificate for dossier 000.17.22.H56-261127-0001 (procedure 1.000894) on 27/11/2026, and was refused because the data subject has revoked the consent.',
    });
    expect(describeEntry({ ...entry, decision: 'deny', rule: 'deny:not_issuer' }, names).vi).toMatch(/vì cơ quan không phải là nơi cấp giấy tờ\.$/);
  });

  it('speaks to the citizen about their own reads, and dates in Vietnam time', () => {
    expect(describeEntry({ ...entry, actor: 'citizen:self', agencyCode: null, action: 'subject.read', rule: 'self', documentType: null, dossierCode: null, purpose: 'self', at: new Date('2026-11-27T18:30:00Z') }, {}).vi).toBe(
      'Bạn đã xem thông tin cá nhân của mình ngày 28/11/2026.',
    );
  });

  it('falls back to the code when the agency is not registered', () => {
    expect(describeEntry(entry, { documentTypeVi: 'Giấy khai sinh' }).vi).toMatch(/^Cơ quan 000\.17\.22\.H56 đã xem/);
  });
});
