import { api } from './api.js';
import { lang, t, table } from './i18n.js';
import { listOf } from './format.js';

// Codes become names: document types from /v1/document-types, agencies and procedures from the
// portal's small directory. Each is asked once per page load.
const agencies = new Map();
const procedures = new Map();
let documentTypes;

export async function loadDocumentTypes() {
  documentTypes ??= api('/v1/document-types').then((r) => new Map(r.items.map((d) => [d.code, d])));
  return documentTypes;
}

export async function documentTypeList() {
  return [...(await loadDocumentTypes()).values()];
}

export function documentTypeName(code, types) {
  const type = types?.get(code);
  if (!type) return code;
  return lang() === 'vi' ? type.nameVi : type.nameEn;
}

export function documentTypeNames(codes, types) {
  return listOf(codes.map((c) => documentTypeName(c, types)));
}

/** Procedure codes may carry a local agency suffix (1.004616.000.00.00.H56): the national part names it. */
const nationalPart = (code) => (/^\d\.\d{6}/.exec(code) || [code])[0];

export async function loadNames({ agencyCodes = [], procedureCodes = [] }) {
  const wantedAgencies = [...new Set(agencyCodes)].filter((c) => c && !agencies.has(c));
  // Purposes are procedure codes, or internal words (self, registry:…) that name no procedure.
  const wantedProcedures = [...new Set(procedureCodes.filter((c) => /^\d\.\d{6}/.test(c)).map(nationalPart))].filter((c) => !procedures.has(c));
  const [a, p] = await Promise.all([
    wantedAgencies.length ? api('/portal/agencies', { query: { codes: wantedAgencies.slice(0, 50).join(',') } }).catch(() => ({ items: [] })) : { items: [] },
    wantedProcedures.length ? api('/portal/procedures', { query: { codes: wantedProcedures.slice(0, 50).join(',') } }).catch(() => ({ items: [] })) : { items: [] },
  ]);
  for (const code of wantedAgencies) agencies.set(code, null);
  for (const code of wantedProcedures) procedures.set(code, null);
  for (const item of a.items) agencies.set(item.code, item);
  for (const item of p.items) procedures.set(item.code, item);
}

export function agencyName(code) {
  if (!code) return t('anAgency');
  const agency = agencies.get(code);
  return agency ? agency.name : code;
}

export function granteeName(grantee) {
  if (grantee.agencyCode) return agencyName(grantee.agencyCode);
  return t('allLevel', { level: table('levels')[grantee.level] || grantee.level });
}

/** "Đăng ký kết hôn (1.000894)", or the code alone when the catalogue does not know it. */
export function procedureName(code) {
  const procedure = procedures.get(nationalPart(code));
  if (!procedure) return code;
  return `${lang() === 'vi' ? procedure.nameVi : procedure.nameEn} (${code})`;
}

export function rememberAgencies(items) {
  for (const item of items) agencies.set(item.code, item);
}

export function rememberProcedures(items) {
  for (const item of items) procedures.set(item.code, item);
}
