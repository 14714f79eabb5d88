import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config';
import { DOCUMENT_TYPES } from '../documents/types/documentTypes';
import type { SubjectKind } from '../subjects/subjects.types';
import { CONDITION_VALUES, isBusinessAttribute, isPopulationAttribute } from './attributes';
import type { FieldSource, Procedure, RequirementSubject } from './catalog.types';

/** One broken rule, named by a JSON Pointer into the procedure as sent. */
export interface ProcedureProblem {
  pointer: string;
  rule: string;
  message: string;
  messageVi: string;
}

/** A JSON Schema node, as far as finding a field in it goes. */
interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** What the rules know about document types: their roles and the schema of their fields. */
export interface DocumentVocabulary {
  roles(type: string): Array<{ role: string; kinds: readonly SubjectKind[] }> | undefined;
  fields(type: string): SchemaNode | undefined;
}

const fieldSchemas = new Map<string, SchemaNode>();

/** The vault's 12 types; each type's field schema is schemas/document-types/<type>.json, read once. */
export const vaultVocabulary: DocumentVocabulary = {
  roles: (type) => DOCUMENT_TYPES.find((t) => t.code === type)?.roles,
  fields(type) {
    if (!DOCUMENT_TYPES.some((t) => t.code === type)) return undefined;
    let schema = fieldSchemas.get(type);
    if (!schema) {
      schema = JSON.parse(fs.readFileSync(path.join(projectRoot, 'schemas', 'document-types', `${type}.json`), 'utf8')) as SchemaNode;
      fieldSchemas.set(type, schema);
    }
    return schema;
  },
};

export const PROCEDURE_CODE = /^[0-9]\.[0-9]{6}$/;

type Checked = Pick<Procedure, 'code' | 'applicantKind' | 'requirements' | 'formFields' | 'codeStatus'> & { source?: string | null };

/**
 * The catalogue's rules beyond the JSON Schema: every document type, role, document field and
 * registry attribute a procedure names must exist, so a prefill never looks for what cannot be
 * there. Pure, apart from reading the document-type schemas once; an empty list means valid.
 */
export function procedureProblems(p: Checked, vocabulary: DocumentVocabulary = vaultVocabulary): ProcedureProblem[] {
  const problems: ProcedureProblem[] = [];
  const add = (pointer: string, rule: string, message: string, messageVi: string) => problems.push({ pointer, rule, message, messageVi });
  // Only the applicant of a business procedure is a business; spouses, children and the deceased are people.
  const kindOf = (subject: RequirementSubject | undefined): SubjectKind => ((subject ?? 'applicant') === 'applicant' ? p.applicantKind : 'citizen');

  if (!PROCEDURE_CODE.test(p.code)) add('/code', 'code.format', 'must be a national procedure code: one digit, a dot, six digits (1.000894)', 'Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số (1.000894)');
  if (p.codeStatus === 'confirmed' && !p.source?.trim()) add('/source', 'source.required', 'a confirmed code must name the source that confirms it', 'Mã đã xác nhận phải nêu nguồn xác nhận');

  const requirementIds = new Set<string>();
  p.requirements.forEach((r, i) => {
    const at = `/requirements/${i}`;
    if (requirementIds.has(r.id)) add(`${at}/id`, 'requirement.id_duplicate', `another requirement already has the id "${r.id}"`, `Mã yêu cầu "${r.id}" bị trùng`);
    requirementIds.add(r.id);
    const kind = kindOf(r.subject);
    r.anyOf.forEach((type, j) => {
      const roles = vocabulary.roles(type);
      if (!roles) {
        add(`${at}/anyOf/${j}`, 'document_type.unknown', `"${type}" is not a document type of the vault`, `"${type}" không phải loại giấy tờ của kho dữ liệu`);
        return;
      }
      if (r.documentRole !== undefined) {
        const role = roles.find((x) => x.role === r.documentRole);
        if (!role) {
          add(`${at}/documentRole`, 'document_role.unknown', `"${r.documentRole}" is not a role of ${type} (its roles: ${roles.map((x) => x.role).join(', ')})`, `"${r.documentRole}" không phải vai trò trong loại giấy tờ ${type}`);
        } else if (!role.kinds.includes(kind)) {
          add(`${at}/documentRole`, 'document_role.kind_mismatch', `in ${type} the role "${r.documentRole}" is held by a ${role.kinds.join(' or ')}, not by the ${r.subject} (a ${kind})`, `Vai trò "${r.documentRole}" trong ${type} không dành cho ${kind === 'business' ? 'doanh nghiệp' : 'công dân'}`);
        }
      } else if (!roles.some((x) => x.kinds.includes(kind))) {
        add(`${at}/anyOf/${j}`, 'document_type.kind_mismatch', `no role of ${type} is held by a ${kind}`, `Loại giấy tờ ${type} không có vai trò nào dành cho ${kind === 'business' ? 'doanh nghiệp' : 'công dân'}`);
      }
    });
    if (r.condition) {
      if (kind !== 'citizen') {
        add(`${at}/condition`, 'condition.not_citizen', 'a condition tests the population registry, which holds no business', 'Điều kiện chỉ áp dụng cho công dân (cơ sở dữ liệu dân cư)');
      }
      const known = CONDITION_VALUES[r.condition.attribute] ?? [];
      r.condition.in.forEach((value, k) => {
        if (!known.includes(value)) add(`${at}/condition/in/${k}`, 'condition.value_unknown', `the registry's ${r.condition!.attribute} is never "${value}" (it is one of ${known.join(', ')})`, `Giá trị "${value}" không có trong cơ sở dữ liệu dân cư`);
      });
    }
  });

  const fieldNames = new Set<string>();
  p.formFields.forEach((f, i) => {
    const at = `/formFields/${i}`;
    if (fieldNames.has(f.name)) add(`${at}/name`, 'form_field.name_duplicate', `another form field is already named "${f.name}"`, `Tên trường "${f.name}" bị trùng`);
    fieldNames.add(f.name);
    const kind = kindOf(f.subject);
    f.sources.forEach((s, j) => sourceProblems(s, `${at}/sources/${j}`, kind, f.subject ?? 'applicant', vocabulary, add));
  });
  return problems;
}

function sourceProblems(
  s: FieldSource,
  at: string,
  kind: SubjectKind,
  subject: RequirementSubject,
  vocabulary: DocumentVocabulary,
  add: (pointer: string, rule: string, message: string, messageVi: string) => void,
): void {
  switch (s.kind) {
    case 'population':
      if (kind !== 'citizen') {
        add(`${at}/kind`, 'source.kind_mismatch', `the ${subject} is a business: its values come from the business registry, not the population database`, 'Người nộp là doanh nghiệp: dùng cơ sở dữ liệu đăng ký doanh nghiệp');
      } else if (s.attribute === 'sensitive' || s.attribute.startsWith('sensitive.')) {
        add(`${at}/attribute`, 'population_attribute.sensitive', 'ethnicity and religion are sensitive personal data; no form field may take them', 'Dân tộc, tôn giáo là dữ liệu cá nhân nhạy cảm, không được điền tự động');
      } else if (!isPopulationAttribute(s.attribute)) {
        add(`${at}/attribute`, 'population_attribute.unknown', `"${s.attribute}" is not an attribute of a citizen in the population database`, `"${s.attribute}" không phải thông tin của công dân trong cơ sở dữ liệu dân cư`);
      }
      return;
    case 'business':
      if (kind !== 'business') {
        add(`${at}/kind`, 'source.kind_mismatch', `the ${subject} is a citizen: the business registry holds no record of them`, 'Đây là công dân: cơ sở dữ liệu đăng ký doanh nghiệp không có thông tin này');
      } else if (!isBusinessAttribute(s.attribute)) {
        add(`${at}/attribute`, 'business_attribute.unknown', `"${s.attribute}" is not an attribute of an enterprise in the business registry`, `"${s.attribute}" không phải thông tin của doanh nghiệp trong cơ sở dữ liệu đăng ký doanh nghiệp`);
      }
      return;
    case 'document': {
      const roles = vocabulary.roles(s.documentType);
      const schema = vocabulary.fields(s.documentType);
      if (!roles || !schema) {
        add(`${at}/documentType`, 'document_type.unknown', `"${s.documentType}" is not a document type of the vault`, `"${s.documentType}" không phải loại giấy tờ của kho dữ liệu`);
        return;
      }
      if (!roles.some((r) => r.kinds.includes(kind))) {
        add(`${at}/documentType`, 'document_type.kind_mismatch', `no role of ${s.documentType} is held by a ${kind}`, `Loại giấy tờ ${s.documentType} không có vai trò nào dành cho ${kind === 'business' ? 'doanh nghiệp' : 'công dân'}`);
      }
      const target = fieldAt(schema, s.field);
      if (!target) {
        add(`${at}/field`, 'document_field.unknown', `${s.documentType} has no field "${s.field}" (its fields: ${Object.keys(schema.properties ?? {}).join(', ')})`, `Loại giấy tờ ${s.documentType} không có trường "${s.field}"`);
      } else if (isComposite(target)) {
        add(`${at}/field`, 'document_field.not_scalar', `"${s.field}" of ${s.documentType} is a list or an object; name one of its values`, `Trường "${s.field}" không phải một giá trị đơn`);
      }
      return;
    }
  }
}

/** Follows a dot path through `properties`, numeric segments through `items`. */
function fieldAt(schema: SchemaNode, field: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const segment of field.split('.')) {
    if (!node) return undefined;
    node = /^[0-9]{1,3}$/.test(segment) ? node.items : Object.hasOwn(node.properties ?? {}, segment) ? node.properties![segment] : undefined;
  }
  return node;
}

const isComposite = (node: SchemaNode): boolean => {
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  return node.properties !== undefined || node.items !== undefined || types.includes('object') || types.includes('array');
};
