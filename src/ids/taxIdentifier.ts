import { parseCitizenId, type CitizenId } from './citizenId';
import { fail, type IdResult } from './idResult';
import { parseTaxCode, type TaxCode } from './taxCode';

export type TaxIdentifier = TaxCode | { kind: 'personal_id'; code: string; citizen: CitizenId };

/**
 * What a tax-code field may hold since 1 July 2025 (Circular 86/2024/TT-BTC): 10 digits, 13 for a
 * dependent unit, or an individual's 12-digit personal ID. A 10-digit code is reported as
 * `enterprise`, although individuals held 10-digit codes before: the number alone cannot tell.
 */
export function parseTaxIdentifier(input: string, today: Date = new Date()): IdResult<TaxIdentifier> {
  // No tax code has 12 digits, so twelve means the personal ID, whose stricter rules then apply.
  if (input.replace(/[^0-9]/g, '').length === 12) {
    const citizen = parseCitizenId(input, today);
    return citizen.ok ? { ok: true, value: { kind: 'personal_id', code: citizen.value.id, citizen: citizen.value } } : citizen;
  }
  const taxCode = parseTaxCode(input);
  if (!taxCode.ok && taxCode.error.code === 'length') {
    return fail(
      'length',
      'Cần số định danh cá nhân 12 chữ số, hoặc mã số doanh nghiệp/mã số thuế 10 hay 13 chữ số',
      'Expected a 12-digit personal ID number, or a 10- or 13-digit enterprise/tax code',
    );
  }
  return taxCode;
}
