/**
 * The frequency tables behind the synthetic population. Figures are shares of people (weights need
 * not sum to 1). Each says where it comes from; "≈" marks our approximation, which tests treat as
 * such.
 */

/**
 * Family names. The top of the table is the list in Wikipedia's "Vietnamese name" article
 * (section "Family name"; itself compiled from a 2005 survey, Lê Trung Hoa, "Họ và tên người
 * Việt Nam"): Nguyễn 38.4%, Trần 11%, Lê 9.5%, Phạm 7%, Hoàng/Huỳnh 5.1%, Phan 4.5%, Vũ/Võ 3.9%,
 * Đặng 2.1%, Bùi 2%, Đỗ 1.4%, Hồ 1.3%, Ngô 1.3%, Dương 1%, Lý 0.5%.
 * ≈ The Hoàng/Huỳnh and Vũ/Võ splits are ours (Huỳnh and Võ are the southern forms; the source
 * gives only the pair), and so is the tail: the remaining ≈11.5% spread over common rarer names.
 */
export const FAMILY_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['Nguyễn', 38.4], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7],
  ['Hoàng', 3.1], ['Huỳnh', 2.0], // ≈ split of 5.1
  ['Phan', 4.5],
  ['Vũ', 2.0], ['Võ', 1.9], // ≈ split of 3.9
  ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5],
  // ≈ the tail
  ['Đào', 1.0], ['Đoàn', 1.0], ['Trịnh', 0.9], ['Trương', 0.9], ['Lâm', 0.8], ['Mai', 0.8],
  ['Hà', 0.8], ['Cao', 0.7], ['Lương', 0.7], ['Tạ', 0.5], ['Phùng', 0.5], ['Tô', 0.5],
  ['Lưu', 0.5], ['Châu', 0.4], ['Thái', 0.3], ['Vương', 0.3], ['La', 0.2], ['Kiều', 0.2],
];

/**
 * Middle names. ≈ Văn and Thị dominate among people born before 1980 and fade since (a trend every
 * naming study notes; the shares here are ours), so the share depends on the birth year.
 */
export const MALE_MIDDLE = ['Đức', 'Minh', 'Quốc', 'Hữu', 'Thành', 'Công', 'Xuân', 'Ngọc', 'Quang', 'Hoàng', 'Anh', 'Gia', 'Trung', 'Bảo', 'Đình', 'Mạnh'];
export const FEMALE_MIDDLE = ['Ngọc', 'Thu', 'Thanh', 'Thùy', 'Minh', 'Phương', 'Bảo', 'Khánh', 'Mai', 'Hồng', 'Kim', 'Diệu', 'Hoài', 'Bích', 'Thảo'];
export function traditionalMiddleShare(birthYear: number): number {
  return birthYear < 1960 ? 0.75 : birthYear < 1980 ? 0.6 : birthYear < 2000 ? 0.4 : 0.2;
}

/** ≈ Given names common in recent name statistics; uniform within each list. */
export const MALE_GIVEN = [
  'Anh', 'Hùng', 'Dũng', 'Tuấn', 'Minh', 'Nam', 'Long', 'Hải', 'Sơn', 'Thắng', 'Cường', 'Hiếu', 'Khoa', 'Phúc',
  'Quân', 'Huy', 'Đức', 'Tùng', 'Bình', 'Trung', 'Hoàng', 'Thành', 'Kiên', 'Duy', 'Bảo', 'Khang', 'Lâm', 'Toàn',
  'Vinh', 'Tâm', 'Phong', 'Đạt', 'Lộc', 'Nhân', 'Tài', 'Hưng', 'Quý', 'Thịnh', 'Khôi', 'Việt',
];
export const FEMALE_GIVEN = [
  'Lan', 'Hương', 'Linh', 'Trang', 'Hằng', 'Ngọc', 'Mai', 'Hoa', 'Thảo', 'Hà', 'Nhung', 'Phương', 'Thủy', 'Dung',
  'Yến', 'Hạnh', 'Nga', 'Loan', 'Vy', 'Anh', 'Huyền', 'Chi', 'My', 'Nhi', 'Quỳnh', 'Trâm', 'Tuyết', 'Oanh',
  'Hiền', 'Giang', 'Thu', 'Uyên', 'Diệp', 'Hồng', 'Tâm', 'Vân', 'Xuân', 'Ánh', 'Hòa', 'Thư',
];

/**
 * Ethnic groups: 2019 Population and Housing Census (General Statistics Office), largest groups
 * rounded: Kinh 85.3%, Tày 1.9%, Thái 1.9%, Mường 1.5%, Hmông 1.5%, Khmer 1.4%, Nùng 1.1%,
 * Dao 0.9%, Hoa 0.8%; ≈ the rest lumped into a few smaller groups.
 */
export const ETHNICITIES: ReadonlyArray<readonly [string, number]> = [
  ['Kinh', 85.3], ['Tày', 1.9], ['Thái', 1.9], ['Mường', 1.5], ['Mông', 1.5], ['Khmer', 1.4], ['Nùng', 1.1],
  ['Dao', 0.9], ['Hoa', 0.8], ['Gia Rai', 0.5], ['Ê Đê', 0.4], ['Ba Na', 0.3], ['Chăm', 0.2], ['Sán Dìu', 0.2],
];

/**
 * Religion: 2019 census, 13.7% follow one: Catholic 5.9%, Buddhist 4.8%, Protestant 1.0%,
 * Hòa Hảo 1.0%, Cao Đài 0.6% (≈ the last 0.4% left out).
 */
export const RELIGIONS: ReadonlyArray<readonly [string, number]> = [
  ['Không', 86.3], ['Công giáo', 5.9], ['Phật giáo', 4.8], ['Tin Lành', 1.0], ['Phật giáo Hòa Hảo', 1.0], ['Cao Đài', 0.6],
];

/**
 * ≈ Province weights: 2019 census populations in millions for the most populous provinces; every
 * other province weighs 1.0 (roughly their median).
 */
export const PROVINCE_WEIGHTS: Readonly<Record<string, number>> = {
  '001': 8.05, '079': 8.99, '038': 3.64, '040': 3.33, '075': 3.1, '074': 2.43, '031': 2.03, '089': 1.91,
  '030': 1.89, '066': 1.87, '034': 1.86, '024': 1.8, '036': 1.78, '082': 1.76, '091': 1.72, '080': 1.69,
  '064': 1.51, '049': 1.5, '052': 1.49, '022': 1.32, '042': 1.29, '027': 1.37, '092': 1.24,
};

/**
 * ≈ Where people move for work: the current residence of adults who live away from their
 * registered home (about one in seven, after the 2019 census migration chapter) is drawn from here.
 */
export const MIGRATION_TARGETS: ReadonlyArray<readonly [string, number]> = [
  ['079', 40], ['001', 25], ['074', 15], ['075', 8], ['048', 5], ['031', 4], ['092', 3],
];

export const STREETS = [
  'Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Quang Trung', 'Lê Duẩn', 'Hùng Vương',
  'Nguyễn Huệ', 'Phan Chu Trinh', 'Điện Biên Phủ', 'Võ Thị Sáu', 'Trần Phú', 'Bà Triệu', 'Lê Thánh Tông', 'Ngô Quyền',
];
export const COMMUNES = [
  'An Phú', 'Tân Định', 'Bình Thạnh', 'Hòa Bình', 'Phú Mỹ', 'Tân Lập', 'Quang Trung', 'Đông Hòa', 'Tây Sơn',
  'Thạch Bàn', 'Yên Hòa', 'Vĩnh Ninh', 'Thuận An', 'Hưng Phú', 'Long Bình', 'Phước Long', 'Nghĩa Đô', 'Cát Linh',
];

/**
 * ≈ Shape of the adult age pyramid, in 5-year bands from 20, after the 2019 census pyramid
 * (bands 20–24 … 80–84, then 85+): used to draw the age of the adult who anchors a household.
 */
export const ADULT_AGE_BANDS: ReadonlyArray<readonly [number, number]> = [
  [20, 7.2], [25, 8.1], [30, 8.3], [35, 8.0], [40, 7.3], [45, 6.8], [50, 6.2], [55, 5.6], [60, 4.6],
  [65, 3.4], [70, 2.1], [75, 1.4], [80, 1.0], [85, 0.9],
];
