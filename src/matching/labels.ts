/** What an officer reads beside each comparison level; "<attribute>.<level>" overrides "<level>". */
export const LEVEL_LABELS: Record<string, { vi: string; en: string }> = {
  exact: { vi: 'Trùng khớp, kể cả dấu', en: 'Equal, diacritics included' },
  folded: { vi: 'Trùng khớp khi bỏ dấu', en: 'Equal after removing diacritics' },
  equivalent: { vi: 'Họ tương đương theo vùng (Huỳnh/Hoàng, Võ/Vũ)', en: 'Regional equivalent family name (Huỳnh/Hoàng, Võ/Vũ)' },
  similar: { vi: 'Gần giống (sai một vài ký tự)', en: 'Similar (within a typo or two)' },
  one_edit: { vi: 'Sai một ký tự (sau khi bỏ dấu)', en: 'One typo apart (after removing diacritics)' },
  phonetic: { vi: 'Đọc gần giống', en: 'Sounds alike' },
  dropped: { vi: 'Thiếu tên đệm ở một bên', en: 'Middle name missing on one side' },
  different: { vi: 'Khác nhau', en: 'Different' },
  missing: { vi: 'Không khai', en: 'Not given' },
  agree: { vi: 'Trùng khớp', en: 'Agrees' },
  'id.exact': { vi: 'Số định danh trùng khớp', en: 'ID number equal' },
  'id.one_edit': { vi: 'Số định danh sai một chữ số hoặc đảo hai chữ số', en: 'ID number one digit off or two digits swapped' },
  'id.different': { vi: 'Hai số định danh hợp lệ nhưng khác nhau', en: 'Two valid, different ID numbers' },
  'birthDate.exact': { vi: 'Ngày sinh trùng khớp', en: 'Birth date equal' },
  'birthDate.swapped': { vi: 'Ngày và tháng bị đảo', en: 'Day and month swapped' },
  'birthDate.one_digit': { vi: 'Sai một chữ số', en: 'One digit off' },
  'birthDate.year_month': { vi: 'Trùng năm và tháng', en: 'Year and month agree' },
  'birthDate.year_only': { vi: 'Chỉ trùng năm sinh', en: 'Birth year agrees' },
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

export const CONFLICT_LABELS: Record<string, { vi: string; en: string }> = {
  id_different: { vi: 'Hai số định danh hợp lệ nhưng khác nhau', en: 'Two valid, different ID numbers' },
  sex_contradicts_id: { vi: 'Giới tính khai không khớp số định danh', en: 'Stated sex contradicts the ID number' },
  birth_year_contradicts_id: { vi: 'Năm sinh khai không khớp số định danh', en: 'Stated birth year contradicts the ID number' },
  given_name_different: { vi: 'Tên khác hẳn (có thể là anh chị em sinh đôi)', en: 'Given name entirely different (could be a twin)' },
};
