/** What an officer reads beside each comparison level; "<attribute>.<level>" overrides "<level>". */
export const LEVEL_LABELS: Record<string, { vi: string; en: string }> = {
  exact: { vi: 'Trùng khớp, kể cả dấu', en: 'Equal, diacritics included' },
  folded: { vi: 'Trùng khớp khi bỏ dấu', en: 'Equal after removing diacritics' },
  diacritics_differ: { vi: 'Chỉ trùng khi bỏ dấu: dấu khác nhau (ví dụ Thu và Thư)', en: 'Equal only without diacritics: the marks differ (e.g. Thu and Thư)' },
  equivalent: { vi: 'Họ tương đương theo vùng (Huỳnh/Hoàng, Võ/Vũ)', en: 'Regional equivalent family name (Huỳnh/Hoàng, Võ/Vũ)' },
  similar: { vi: 'Gần giống (sai một vài ký tự)', en: 'Similar (within a typo or two)' },
  one_edit: { vi: 'Sai một ký tự (sau khi bỏ dấu)', en: 'One typo apart (after removing diacritics)' },
  phonetic: { vi: 'Đọc gần giống', en: 'Sounds alike' },
  dropped: { vi: 'Không khai (một phần) tên đệm có trong hồ sơ', en: 'A middle name (or part of it) on record was not typed' },
  added: { vi: 'Khai thêm tên đệm mà hồ sơ không có', en: 'A middle name typed that the record lacks' },
  different: { vi: 'Khác nhau', en: 'Different' },
  missing: { vi: 'Không khai', en: 'Not given' },
  agree: { vi: 'Trùng khớp', en: 'Agrees' },
  'id.exact': { vi: 'Số định danh trùng khớp', en: 'ID number equal' },
  'id.one_edit': { vi: 'Số định danh sai một chữ số hoặc đảo hai chữ số', en: 'ID number one digit off or two digits swapped' },
  'id.different': { vi: 'Hai số định danh hợp lệ nhưng khác nhau', en: 'Two valid, different ID numbers' },
  'birthDate.exact': { vi: 'Ngày sinh trùng khớp', en: 'Birth date equal' },
  'birthDate.swapped': { vi: 'Ngày và tháng bị đảo', en: 'Day and month swapped' },
  'birthDate.one_digit': { vi: 'Sai một chữ số', en: 'One digit off' },
  'birthDate.one_day': { vi: 'Lệch một ngày (qua ranh giới chữ số, tháng hoặc năm)', en: 'One day off (across a digit, month or year boundary)' },
  'birthDate.year_month': { vi: 'Trùng năm và tháng', en: 'Year and month agree' },
  'birthDate.same_month': { vi: 'Ngày sinh khác, chỉ trùng năm và tháng', en: 'Full dates differ: only the year and month agree' },
  'birthDate.year_only': { vi: 'Chỉ trùng năm sinh', en: 'Birth year agrees' },
  'birthDate.same_year': { vi: 'Ngày sinh khác, chỉ trùng năm', en: 'Full dates differ: only the year agrees' },
  'birthDate.year_near': { vi: 'Năm sinh lệch một năm', en: 'Birth year one year off' },
  'residence.commune': { vi: 'Cùng xã/phường và tỉnh', en: 'Same commune and province' },
  'residence.province': { vi: 'Cùng tỉnh, khác hoặc không rõ xã', en: 'Same province, commune differs or not given' },
  'father.given': { vi: 'Cùng họ và tên của cha, khác tên đệm', en: "Father's family and given names agree" },
  'mother.given': { vi: 'Cùng họ và tên của mẹ, khác tên đệm', en: "Mother's family and given names agree" },
};

export const ATTRIBUTE_LABELS: Record<string, { vi: string; en: string }> = {
  id: { vi: 'Số định danh', en: 'ID number' },
  family: { vi: 'Họ', en: 'Family name' },
  middle: { vi: 'Tên đệm', en: 'Middle name' },
  given: { vi: 'Tên', en: 'Given name' },
  birthDate: { vi: 'Ngày sinh', en: 'Date of birth' },
  sex: { vi: 'Giới tính', en: 'Sex' },
  birthPlace: { vi: 'Nơi đăng ký khai sinh', en: 'Birth place' },
  residence: { vi: 'Nơi cư trú', en: 'Residence' },
  father: { vi: 'Họ tên cha', en: "Father's name" },
  mother: { vi: 'Họ tên mẹ', en: "Mother's name" },
};

const MERGED_PROVINCE_NOTE = { vi: ' (theo tỉnh sau sắp xếp ngày 1/7/2025, gồm nhiều tỉnh cũ)', en: ' (as the province formed on 1 July 2025 from several former ones)' };

/** A place's level label, saying so when it agrees only as a province formed in 2025 from several (`spans`). */
export function withMergedProvince(label: { vi: string; en: string }, spans: number | undefined): { vi: string; en: string } {
  return spans ? { vi: label.vi + MERGED_PROVINCE_NOTE.vi, en: label.en + MERGED_PROVINCE_NOTE.en } : label;
}

export const CONFLICT_LABELS: Record<string, { vi: string; en: string }> = {
  id_different: { vi: 'Hai số định danh hợp lệ nhưng khác nhau', en: 'Two valid, different ID numbers' },
  sex_contradicts_id: { vi: 'Giới tính khai không khớp số định danh', en: 'Stated sex contradicts the ID number' },
  birth_year_contradicts_id: { vi: 'Năm sinh khai không khớp số định danh', en: 'Stated birth year contradicts the ID number' },
  given_name_different: { vi: 'Tên khác hẳn (có thể là anh chị em sinh đôi)', en: 'Given name entirely different (could be a twin)' },
  birth_place_or_parent_different: {
    vi: 'Nơi đăng ký khai sinh hoặc họ tên cha/mẹ khai khác hồ sơ (có thể là người trùng tên, trùng ngày sinh)',
    en: "Birth place or a parent's name typed differs from the record (could be a namesake born the same day)",
  },
};

/** Business matching (src/matching/business*.ts): "<attribute>.<level>" labels, the same shape as LEVEL_LABELS. */
export const BUSINESS_LEVEL_LABELS: Record<string, { vi: string; en: string }> = {
  'code.enterprise': { vi: 'Mã số doanh nghiệp của chính doanh nghiệp', en: "The enterprise's own code" },
  'code.branch': { vi: 'Mã đơn vị phụ thuộc (chi nhánh) của doanh nghiệp', en: 'A branch (dependent unit) code of the enterprise' },
  'code.different': { vi: 'Mã số không thuộc doanh nghiệp này', en: 'The code does not belong to this enterprise' },
  'code.exact': { vi: 'Mã số khai trùng mã số của doanh nghiệp (chi nhánh) này', en: "The code given is this business's (or branch's) own code" },
  'code.same_enterprise': { vi: 'Mã số khai thuộc cùng doanh nghiệp (mã của doanh nghiệp mẹ hoặc của chi nhánh khác)', en: "The code given belongs to the same enterprise (its parent's or another branch's)" },
  'code.one_edit': { vi: 'Mã số khai sai một chữ số hoặc đảo hai chữ số', en: 'The code given is one digit off or has two digits swapped' },
  'name.exact': { vi: 'Tên trùng khớp, kể cả dấu', en: 'Name equal, diacritics included' },
  'name.folded': { vi: 'Tên trùng khớp khi bỏ dấu và tách loại hình doanh nghiệp', en: 'Name equal after removing diacritics and separating the legal form' },
  'name.abbreviation': { vi: 'Tên trùng khớp sau khi mở rộng chữ viết tắt, hoặc trùng tên viết tắt đã đăng ký', en: 'Name equal once abbreviations are expanded, or equal to the registered abbreviation' },
  'name.english': { vi: 'Trùng tên bằng tiếng nước ngoài đã đăng ký', en: 'Equal to the registered English name' },
  'name.legal_form': { vi: 'Cùng phần tên riêng, khác loại hình doanh nghiệp', en: 'Same distinctive name, different legal form' },
  'name.one_edit': { vi: 'Tên sai một ký tự (sau khi bỏ dấu và mở rộng chữ viết tắt)', en: 'Name one typo apart (after removing diacritics and expanding abbreviations)' },
  'name.tokens': { vi: 'Nhiều từ trong tên riêng trùng nhau', en: 'Most words of the distinctive name shared' },
  'name.different': { vi: 'Tên khác nhau', en: 'Different name' },
  'address.line': { vi: 'Cùng số nhà, đường, xã/phường và tỉnh', en: 'Same street address, commune and province' },
  'address.commune': { vi: 'Cùng xã/phường và tỉnh', en: 'Same commune and province' },
  'address.province': { vi: 'Cùng tỉnh, khác hoặc không rõ xã/phường', en: 'Same province, commune differs or not given' },
  'address.different': { vi: 'Khác tỉnh', en: 'Different province' },
  'representative.id': { vi: 'Số định danh người đại diện theo pháp luật trùng khớp', en: "Legal representative's ID equal" },
  'representative.name': { vi: 'Họ tên người đại diện trùng khớp khi bỏ dấu', en: "Legal representative's name equal after removing diacritics" },
  'representative.different': { vi: 'Không phải người đại diện theo pháp luật đã đăng ký', en: 'Not a registered legal representative' },
  missing: { vi: 'Không khai', en: 'Not given' },
};

export const BUSINESS_ATTRIBUTE_LABELS: Record<string, { vi: string; en: string }> = {
  code: { vi: 'Mã số doanh nghiệp / mã số thuế', en: 'Enterprise / tax code' },
  name: { vi: 'Tên doanh nghiệp', en: 'Business name' },
  address: { vi: 'Địa chỉ trụ sở', en: 'Registered address' },
  representative: { vi: 'Người đại diện theo pháp luật', en: 'Legal representative' },
};

export const BUSINESS_CONFLICT_LABELS: Record<string, { vi: string; en: string }> = {
  branch_not_listed: { vi: 'Doanh nghiệp không có chi nhánh mang mã này', en: 'The enterprise lists no branch with this code' },
  code_different: { vi: 'Cơ quan đăng ký trả về doanh nghiệp có mã khác', en: 'The registry returned an enterprise with another code' },
};

export const BUSINESS_FLAG_LABELS: Record<string, { vi: string; en: string }> = {
  enterprise_suspended: { vi: 'Doanh nghiệp đang tạm ngừng kinh doanh', en: 'The enterprise has suspended business' },
  enterprise_dissolved: { vi: 'Doanh nghiệp đã giải thể', en: 'The enterprise is dissolved' },
  branch_suspended: { vi: 'Chi nhánh đang tạm ngừng hoạt động', en: 'The branch has suspended operation' },
  branch_dissolved: { vi: 'Chi nhánh đã chấm dứt hoạt động', en: 'The branch has ceased operation' },
};
