import { parseFixedDigits } from './digitInput';
import { fail, type IdResult, type LocalisedText } from './idResult';
import { provinceByCode } from './provinces';

export type Sex = 'male' | 'female';

export interface CitizenId {
  id: string;
  provinceCode: string;
  provinceName: string;
  sex: Sex;
  birthYear: number;
  /** First year of the birth century: 1900 for anyone born 1900–1999, 2000 for 2000–2099. */
  century: number;
}

export interface CitizenIdParts {
  provinceCode: string;
  sex: Sex;
  birthYear: number;
  /** Digits 7–12, 0–999999. */
  serial: number;
}

export type MismatchCode = 'century' | 'birth_year' | 'sex';

export interface Mismatch {
  code: MismatchCode;
  message: LocalisedText;
}

/** What a record says about the person; birthDate may be YYYY, YYYY-MM or YYYY-MM-DD. */
export interface CitizenRecord {
  birthDate?: string;
  sex?: Sex;
}

const LABEL: LocalisedText = { vi: 'Số định danh cá nhân', en: 'The personal ID number' };
// The years digit 4 can encode.
const FIRST_YEAR = 1900;
const LAST_YEAR = 2399;
const BIRTH_DATE = /^(\d{4})(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;
// Vietnam is UTC+7 all year: a birth year read on a UTC clock would still be the old year for the
// first seven hours of 1 January, so "future" is judged on Vietnamese time.
const VIETNAM_UTC_OFFSET_MS = 7 * 60 * 60 * 1000;

// Digit 4 carries century and sex together (domain.md §1): 0/1 = 1900s male/female, 2/3 = 2000s,
// … 8/9 = 2300s.
function decodeCenturySex(digit: number): { century: number; sex: Sex } {
  return { century: (19 + Math.floor(digit / 2)) * 100, sex: digit % 2 === 1 ? 'female' : 'male' };
}

function encodeCenturySex(century: number, sex: Sex): number {
  return (century / 100 - 19) * 2 + (sex === 'female' ? 1 : 0);
}

function centuryOf(year: number): number {
  return Math.floor(year / 100) * 100;
}

function yearInVietnam(at: Date): number {
  return new Date(at.getTime() + VIETNAM_UTC_OFFSET_MS).getUTCFullYear();
}

// [U] A first digit other than 0 means the birth was registered abroad, under a country code from a
// list we could not confirm (domain.md §1). Until it is, such IDs are refused here and only here.
function unknownProvince(code: string): ReturnType<typeof fail> {
  return code.startsWith('0')
    ? fail(
        'unknown_province',
        `${LABEL.vi}: ${code} không phải mã tỉnh đăng ký khai sinh`,
        `${LABEL.en}: ${code} is not a birth-registration province code`,
      )
    : fail(
        'unknown_province',
        `${LABEL.vi}: mã ${code} (đăng ký khai sinh ở nước ngoài) chưa được hỗ trợ`,
        `${LABEL.en}: code ${code} (birth registered abroad) is not supported yet`,
      );
}

/**
 * Parses the 12-digit personal identification number (số định danh cá nhân). It has no check
 * digit: digits 7–12 are random, so a typo there yields another well-formed number and only the
 * province, century/sex and year digits can be checked.
 */
export function parseCitizenId(input: string, today: Date = new Date()): IdResult<CitizenId> {
  const digits = parseFixedDigits(input, 12, LABEL);
  if (!digits.ok) return digits;
  const id = digits.value;
  const provinceCode = id.slice(0, 3);
  const province = provinceByCode(provinceCode);
  if (!province) return unknownProvince(provinceCode);
  const { century, sex } = decodeCenturySex(Number(id.charAt(3)));
  const birthYear = century + Number(id.slice(4, 6));
  if (birthYear > yearInVietnam(today)) {
    return fail(
      'future_birth_year',
      `${LABEL.vi} mã hóa năm sinh ${birthYear}, là năm trong tương lai`,
      `${LABEL.en} encodes birth year ${birthYear}, which is in the future`,
    );
  }
  return { ok: true, value: { id, provinceCode, provinceName: province.name, sex, birthYear, century } };
}

/**
 * Where a record contradicts the ID. Century and year point at different digits (4 and 5–6), so a
 * record saying 1998 against an ID saying 2003 gets both.
 */
export function checkConsistency(parsed: CitizenId, record: CitizenRecord): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const mismatch = (code: MismatchCode, vi: string, en: string) => mismatches.push({ code, message: { vi, en } });
  if (record.birthDate !== undefined) {
    const match = BIRTH_DATE.exec(record.birthDate);
    if (!match) throw new RangeError(`birthDate must be YYYY, YYYY-MM or YYYY-MM-DD, got "${record.birthDate}"`);
    const year = Number(match[1]);
    if (centuryOf(year) !== parsed.century) {
      mismatch(
        'century',
        `Năm sinh ${year} khác thế kỷ ${parsed.century}–${parsed.century + 99} ghi trong số định danh`,
        `Birth year ${year} is outside ${parsed.century}–${parsed.century + 99}, the century in the ID number`,
      );
    }
    if (year % 100 !== parsed.birthYear % 100) {
      mismatch(
        'birth_year',
        `Năm sinh ${year} không khớp hai chữ số năm sinh trong số định danh (${parsed.id.slice(4, 6)})`,
        `Birth year ${year} does not match the ID number's year digits (${parsed.id.slice(4, 6)})`,
      );
    }
  }
  if (record.sex !== undefined && record.sex !== parsed.sex) {
    mismatch(
      'sex',
      `Giới tính ${record.sex === 'male' ? 'nam' : 'nữ'} không khớp số định danh (${parsed.sex === 'male' ? 'nam' : 'nữ'})`,
      `Sex ${record.sex} does not match the ID number (${parsed.sex})`,
    );
  }
  return mismatches;
}

/** Builds a well-formed ID for tests and synthetic data; throws on parts no ID can carry. */
export function makeCitizenId({ provinceCode, sex, birthYear, serial }: CitizenIdParts): string {
  if (!provinceByCode(provinceCode)) throw new RangeError(`Unknown province code "${provinceCode}"`);
  if (!Number.isInteger(birthYear) || birthYear < FIRST_YEAR || birthYear > LAST_YEAR) {
    throw new RangeError(`Birth year ${birthYear} cannot be encoded (${FIRST_YEAR}–${LAST_YEAR})`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999) throw new RangeError(`Serial ${serial} is not 0–999999`);
  const centuryDigit = encodeCenturySex(centuryOf(birthYear), sex);
  return `${provinceCode}${centuryDigit}${String(birthYear % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}
