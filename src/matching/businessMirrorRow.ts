import type { Enterprise } from '../connectors';
import { businessNameWords } from './businessBlocking';
import type { registryBusinesses } from './businessMirror.tables';

export type BusinessMirrorRow = Omit<typeof registryBusinesses.$inferSelect, 'loadedAt'>;

/** An enterprise as mirror rows: its own, then one per branch, each with the register's values. */
export function businessMirrorRowsOf(e: Enterprise): BusinessMirrorRow[] {
  const shared = {
    enterpriseCode: e.code,
    enterpriseName: e.names.vi,
    englishName: e.names.en,
    abbreviation: e.names.abbreviation,
    legalForm: e.legalForm,
    enterpriseStatus: e.status,
    statusSince: e.statusSince,
    registeredOn: e.registeredOn,
    charterCapitalVnd: e.charterCapitalVnd,
    legalRepresentatives: e.legalRepresentatives,
  };
  return [
    {
      ...shared,
      code: e.code,
      kind: 'enterprise',
      name: e.names.vi,
      status: e.status,
      addressLine: e.address.line,
      commune: e.address.commune,
      province: e.address.province,
      provinceCode: e.address.provinceCode,
      nameTokens: businessNameWords(e.names.vi).join(' '),
    },
    ...e.branches.map((b): BusinessMirrorRow => ({
      ...shared,
      code: b.code,
      kind: 'branch',
      name: b.name,
      status: b.status,
      addressLine: b.address.line,
      commune: b.address.commune,
      province: b.address.province,
      provinceCode: b.address.provinceCode,
      nameTokens: businessNameWords(b.name).join(' '),
    })),
  ];
}

/**
 * The enterprise as the registry would answer for it, rebuilt from its mirror rows (its own row and
 * its branches'): what business verification compares with when the registry cannot answer.
 * Undefined without the enterprise's own row.
 */
export function enterpriseOfRows(rows: readonly BusinessMirrorRow[]): Enterprise | undefined {
  const own = rows.find((r) => r.kind === 'enterprise');
  if (!own) return undefined;
  const address = (r: BusinessMirrorRow) => ({ line: r.addressLine, commune: r.commune, province: r.province, provinceCode: r.provinceCode });
  return {
    code: own.code,
    names: { vi: own.enterpriseName, en: own.englishName, abbreviation: own.abbreviation },
    legalForm: own.legalForm,
    status: own.enterpriseStatus,
    statusSince: own.statusSince,
    address: address(own),
    registeredOn: own.registeredOn,
    charterCapitalVnd: own.charterCapitalVnd,
    legalRepresentatives: own.legalRepresentatives,
    branches: rows
      .filter((r) => r.kind === 'branch' && r.enterpriseCode === own.code)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((r) => ({ code: r.code, name: r.name, address: address(r), status: r.status })),
  };
}
