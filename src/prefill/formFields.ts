import type { FieldSource, FormField, RequirementSubject } from '../catalog/catalog.types';
import type { Reason } from './requirementOutcome';

/** A registry record as Motlan read it for this prefill, or why it could not. */
export type RegistrySource = { data: unknown; updatedAt: Date; stale: boolean; fromCache?: boolean } | { unavailable: Reason };

/** What one person of the request offers the form: their registry records and the documents released for them. */
export interface PersonSources {
  population?: RegistrySource;
  business?: RegistrySource;
  documents: Array<{ id: string; type: string; issueDate: string; fields: Record<string, unknown> }>;
}

type SourceLink = { kind: 'population' | 'business'; attribute: string } | { kind: 'document'; documentType: string; field: string; documentId: string };

export type FilledField = {
  name: string;
  labelVi: string;
  labelEn: string;
  subject: RequirementSubject;
  editable: boolean;
} & (
  | { status: 'filled'; value: string | number | boolean; source: SourceLink; sourceUpdatedAt: string; stale: boolean }
  | { status: 'unavailable'; value: null; reasons: Array<{ source: FieldSource } & Reason> }
);

export const FIELD_REASONS = {
  subject_not_given: { code: 'subject_not_given', vi: 'Yêu cầu không nêu người này.', en: 'The request names no such person.' },
  no_value: { code: 'no_value', vi: 'Nguồn dữ liệu không có giá trị này.', en: 'The source holds no value for this field.' },
  registry_not_read: { code: 'registry_not_read', vi: 'Không tra cứu cơ sở dữ liệu này cho người này.', en: 'This registry was not read for this person.' },
  document_not_released: { code: 'document_not_released', vi: 'Không có giấy tờ loại này được dùng lại cho hồ sơ.', en: 'No document of this type was released for the dossier.' },
} satisfies Record<string, Reason>;

/** A value at a dot path; numeric segments index arrays (legalRepresentatives.0.fullName). */
export function valueAt(data: unknown, path: string): unknown {
  let at: unknown = data;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Array.isArray(at) ? at[Number(key)] : (at as Record<string, unknown>)[key];
  }
  return at;
}

const isScalar = (v: unknown): v is string | number | boolean => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number' || typeof v === 'boolean';

function tryRegistry(source: RegistrySource | undefined, attribute: string): { value: string | number | boolean; updatedAt: Date; stale: boolean } | Reason {
  if (!source) return FIELD_REASONS.registry_not_read;
  if ('unavailable' in source) return source.unavailable;
  const value = valueAt(source.data, attribute);
  return isScalar(value) ? { value, updatedAt: source.updatedAt, stale: source.stale } : FIELD_REASONS.no_value;
}

/**
 * Fills each form field from its sources in the catalogue's order of preference. Every value says
 * where it came from and how fresh it is; a field no source could fill says why, source by source,
 * so the officer knows whether to ask the applicant or to try again later.
 */
export function fillFields(fields: readonly FormField[], persons: Partial<Record<RequirementSubject, PersonSources>>): FilledField[] {
  return fields.map((field): FilledField => {
    const subject = field.subject ?? 'applicant';
    const base = { name: field.name, labelVi: field.labelVi, labelEn: field.labelEn, subject, editable: field.editable };
    const person = persons[subject];
    const reasons: Array<{ source: FieldSource } & Reason> = [];
    for (const source of field.sources) {
      if (!person) {
        reasons.push({ source, ...FIELD_REASONS.subject_not_given });
        continue;
      }
      if (source.kind === 'document') {
        const document = person.documents.find((d) => d.type === source.documentType);
        const value = document && valueAt(document.fields, source.field);
        if (document && isScalar(value)) {
          return { ...base, status: 'filled', value, source: { kind: 'document', documentType: document.type, field: source.field, documentId: document.id }, sourceUpdatedAt: document.issueDate, stale: false };
        }
        reasons.push({ source, ...(document ? FIELD_REASONS.no_value : FIELD_REASONS.document_not_released) });
        continue;
      }
      const found = tryRegistry(person[source.kind], source.attribute);
      if ('value' in found) {
        return { ...base, status: 'filled', value: found.value, source: { kind: source.kind, attribute: source.attribute }, sourceUpdatedAt: found.updatedAt.toISOString(), stale: found.stale };
      }
      reasons.push({ source, ...found });
    }
    return { ...base, status: 'unavailable', value: null, reasons };
  });
}
