export interface Province {
  readonly code: string;
  readonly name: string;
}

// The 63 provinces before the 1 July 2025 merger (domain.md §1). ID numbers keep the province where
// the birth was registered for good: an ID beginning 087 (old Đồng Tháp) stays valid although 87
// is no longer a province code, so never validate against today's 34.
const TABLE: ReadonlyArray<readonly [string, string]> = [
  ['001', 'Hà Nội'], ['002', 'Hà Giang'], ['004', 'Cao Bằng'], ['006', 'Bắc Kạn'],
  ['008', 'Tuyên Quang'], ['010', 'Lào Cai'], ['011', 'Điện Biên'], ['012', 'Lai Châu'],
  ['014', 'Sơn La'], ['015', 'Yên Bái'], ['017', 'Hòa Bình'], ['019', 'Thái Nguyên'],
  ['020', 'Lạng Sơn'], ['022', 'Quảng Ninh'], ['024', 'Bắc Giang'], ['025', 'Phú Thọ'],
  ['026', 'Vĩnh Phúc'], ['027', 'Bắc Ninh'], ['030', 'Hải Dương'], ['031', 'Hải Phòng'],
  ['033', 'Hưng Yên'], ['034', 'Thái Bình'], ['035', 'Hà Nam'], ['036', 'Nam Định'],
  ['037', 'Ninh Bình'], ['038', 'Thanh Hóa'], ['040', 'Nghệ An'], ['042', 'Hà Tĩnh'],
  ['044', 'Quảng Bình'], ['045', 'Quảng Trị'], ['046', 'Thừa Thiên Huế'], ['048', 'Đà Nẵng'],
  ['049', 'Quảng Nam'], ['051', 'Quảng Ngãi'], ['052', 'Bình Định'], ['054', 'Phú Yên'],
  ['056', 'Khánh Hòa'], ['058', 'Ninh Thuận'], ['060', 'Bình Thuận'], ['062', 'Kon Tum'],
  ['064', 'Gia Lai'], ['066', 'Đắk Lắk'], ['067', 'Đắk Nông'], ['068', 'Lâm Đồng'],
  ['070', 'Bình Phước'], ['072', 'Tây Ninh'], ['074', 'Bình Dương'], ['075', 'Đồng Nai'],
  ['077', 'Bà Rịa–Vũng Tàu'], ['079', 'TP Hồ Chí Minh'], ['080', 'Long An'], ['082', 'Tiền Giang'],
  ['083', 'Bến Tre'], ['084', 'Trà Vinh'], ['086', 'Vĩnh Long'], ['087', 'Đồng Tháp'],
  ['089', 'An Giang'], ['091', 'Kiên Giang'], ['092', 'Cần Thơ'], ['093', 'Hậu Giang'],
  ['094', 'Sóc Trăng'], ['095', 'Bạc Liêu'], ['096', 'Cà Mau'],
];

export const PROVINCES: readonly Province[] = Object.freeze(TABLE.map(([code, name]) => Object.freeze({ code, name })));

const byCode = new Map(PROVINCES.map((province) => [province.code, province]));

export function provinceByCode(code: string): Province | undefined {
  return byCode.get(code);
}

/** A province since 1 July 2025, and the pre-2025 provinces it is made of. */
export interface Province2025 {
  /** Two digits (Decision 19/2025/QĐ-TTg); three-digit codes are the pre-2025 provinces. */
  readonly code: string;
  readonly name: string;
  /** The pre-2025 codes it covers, the one whose name it kept first. */
  readonly formerCodes: readonly string[];
}

// Resolution 202/2025/QH15 (domain.md §4): 63 provinces became 34. Eleven were left whole; each of
// the others took one former province's name (Đồng Tháp also took Tiền Giang's code, 82).
const TABLE_2025: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['01', 'Hà Nội', ['001']], ['04', 'Cao Bằng', ['004']], ['08', 'Tuyên Quang', ['008', '002']],
  ['11', 'Điện Biên', ['011']], ['12', 'Lai Châu', ['012']], ['14', 'Sơn La', ['014']],
  ['15', 'Lào Cai', ['010', '015']], ['19', 'Thái Nguyên', ['019', '006']], ['20', 'Lạng Sơn', ['020']],
  ['22', 'Quảng Ninh', ['022']], ['24', 'Bắc Ninh', ['027', '024']], ['25', 'Phú Thọ', ['025', '026', '017']],
  ['31', 'Hải Phòng', ['031', '030']], ['33', 'Hưng Yên', ['033', '034']], ['37', 'Ninh Bình', ['037', '035', '036']],
  ['38', 'Thanh Hóa', ['038']], ['40', 'Nghệ An', ['040']], ['42', 'Hà Tĩnh', ['042']],
  ['44', 'Quảng Trị', ['045', '044']], ['46', 'Huế', ['046']], ['48', 'Đà Nẵng', ['048', '049']],
  ['51', 'Quảng Ngãi', ['051', '062']], ['52', 'Gia Lai', ['064', '052']], ['56', 'Khánh Hòa', ['056', '058']],
  ['66', 'Đắk Lắk', ['066', '054']], ['68', 'Lâm Đồng', ['068', '067', '060']], ['75', 'Đồng Nai', ['075', '070']],
  ['79', 'TP Hồ Chí Minh', ['079', '074', '077']], ['80', 'Tây Ninh', ['072', '080']], ['82', 'Đồng Tháp', ['087', '082']],
  ['86', 'Vĩnh Long', ['086', '083', '084']], ['91', 'An Giang', ['089', '091']], ['92', 'Cần Thơ', ['092', '093', '094']],
  ['96', 'Cà Mau', ['096', '095']],
];

export const PROVINCES_2025: readonly Province2025[] = Object.freeze(TABLE_2025.map(([code, name, formerCodes]) => Object.freeze({ code, name, formerCodes: Object.freeze([...formerCodes]) })));

const byCode2025 = new Map(PROVINCES_2025.map((province) => [province.code, province]));
const byFormerCode = new Map(PROVINCES_2025.flatMap((province) => province.formerCodes.map((code) => [code, province] as const)));

export function province2025ByCode(code: string): Province2025 | undefined {
  return byCode2025.get(code);
}

/** The province a pre-2025 one has been part of since 1 July 2025. */
export function province2025Of(formerCode: string): Province2025 | undefined {
  return byFormerCode.get(formerCode);
}
