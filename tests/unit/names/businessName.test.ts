import { normaliseBusinessName } from '../../../src/names';

describe('normaliseBusinessName', () => {
  it.each([
    ['Công ty TNHH Một Thành Viên Sữa Việt Nam', 'tnhh_1tv', 'Sữa Việt Nam'],
    ['CÔNG TY TNHH MTV Xây dựng Hòa Bình', 'tnhh_1tv', 'Xây dựng Hòa Bình'],
    ['Công ty trách nhiệm hữu hạn một thành viên Phú Mỹ', 'tnhh_1tv', 'Phú Mỹ'],
    ['Công ty TNHH Thương mại Hoà Phát', 'tnhh', 'Thương mại Hoà Phát'],
    ['CTY TNHH An Khang', 'tnhh', 'An Khang'],
    ['Cty. TNHH An Khang', 'tnhh', 'An Khang'],
    ['cong ty tnhh an khang', 'tnhh', 'an khang'],
    ['Công ty Cổ phần Sữa Việt Nam', 'co_phan', 'Sữa Việt Nam'],
    ['CTCP Đầu tư Thế Giới Di Động', 'co_phan', 'Đầu tư Thế Giới Di Động'],
    ['Cty CP Vận tải Biển', 'co_phan', 'Vận tải Biển'],
    ['Doanh nghiệp tư nhân Hoàng Long', 'dntn', 'Hoàng Long'],
    ['DNTN Hoàng Long', 'dntn', 'Hoàng Long'],
    ['Hợp tác xã Nông nghiệp Tân Phú', 'htx', 'Nông nghiệp Tân Phú'],
    ['HTX Nông nghiệp Tân Phú', 'htx', 'Nông nghiệp Tân Phú'],
    ['Chi nhánh Công ty TNHH Minh Long tại Hà Nội', 'chi_nhanh', 'Minh Long tại Hà Nội'],
    ['Minh Long Co., Ltd.', 'tnhh', 'Minh Long'],
    ['Minh Long Co.,Ltd', 'tnhh', 'Minh Long'],
    ['Minh Long Co. Ltd', 'tnhh', 'Minh Long'],
    ['Minh Long Company Limited', 'tnhh', 'Minh Long'],
    ['Minh Long One Member Company Limited', 'tnhh_1tv', 'Minh Long'],
    ['Vietnam Dairy Products JSC', 'co_phan', 'Vietnam Dairy Products'],
    ['Vietnam Dairy Products, JSC', 'co_phan', 'Vietnam Dairy Products'],
    ['Vietnam Dairy Products Joint Stock Company', 'co_phan', 'Vietnam Dairy Products'],
  ])('reads %j as %s with distinctive part %j', (name, legalForm, distinctive) => {
    const result = normaliseBusinessName(name);
    expect(result.legalForm).toBe(legalForm);
    expect(result.distinctive).toBe(distinctive);
  });

  it('labels the legal form in Vietnamese and English', () => {
    expect(normaliseBusinessName('CTCP Vinamilk').legalFormLabel).toEqual({ vi: 'Công ty cổ phần', en: 'Joint stock company' });
  });

  it('gives one folded key to the same name written with and without diacritics or form', () => {
    const keys = ['Công ty Cổ phần Sữa Việt Nam', 'CONG TY CO PHAN SUA VIET NAM', 'Sữa Việt Nam JSC'].map(
      (name) => normaliseBusinessName(name).distinctiveKey,
    );
    expect(keys).toEqual(['sua viet nam', 'sua viet nam', 'sua viet nam']);
  });

  it('keeps punctuation in the distinctive part but not in its key', () => {
    const result = normaliseBusinessName('Công ty Cổ phần Đầu tư A.B.C.');
    expect(result.distinctive).toBe('Đầu tư A.B.C.');
    expect(result.distinctiveKey).toBe('dau tu a b c');
  });

  it('matches whole words only', () => {
    expect(normaliseBusinessName('HTXanh Co-working').legalForm).toBeNull();
    expect(normaliseBusinessName('Chi Lan Flowers').legalForm).toBeNull();
  });

  it('reports no legal form for a name without one, and keeps it whole', () => {
    expect(normaliseBusinessName('  Phở   Thìn ')).toEqual({
      legalForm: null,
      legalFormLabel: null,
      distinctive: 'Phở Thìn',
      distinctiveKey: 'pho thin',
    });
  });
});
