import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { projectRoot } from '../config';
import type { InvalidParam } from './problem';

export const SCHEMA_ID_BASE = 'https://motlan.vn/schemas/';
export const schemasDir = path.join(projectRoot, 'schemas');

/** Every JSON Schema under schemas/, keyed by path relative to it (e.g. `common/problem.json`). */
export function readSchemaFiles(dir = schemasDir): Map<string, Record<string, unknown>> {
  const files = new Map<string, Record<string, unknown>>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) files.set(path.relative(dir, full).split(path.sep).join('/'), JSON.parse(fs.readFileSync(full, 'utf8')));
    }
  };
  walk(dir);
  return files;
}

function createAjv(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, coerceTypes, useDefaults: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const schema of readSchemaFiles().values()) ajv.addSchema(schema);
  return ajv;
}

// Schemas are part of the code, not configuration: one registry per process, compiled on first use.
let bodies: Ajv2020 | undefined;
let queries: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** `name` is the path under schemas/ without `.json`, e.g. `subjects/subject-create`. */
export function validatorFor(name: string, target: 'body' | 'query' = 'body'): ValidateFunction {
  const key = `${target}:${name}`;
  let validate = compiled.get(key);
  if (!validate) {
    // Query strings arrive as text: that registry coerces "20" to 20; bodies are JSON and stay strict.
    const ajv = target === 'query' ? (queries ??= createAjv(true)) : (bodies ??= createAjv(false));
    const id = `${SCHEMA_ID_BASE}${name}.json`;
    validate = ajv.getSchema(id);
    if (!validate) throw new Error(`No schema with $id ${id}`);
    compiled.set(key, validate);
  }
  return validate;
}

/** ajv's errors as problem+json `errors`: where (a JSON Pointer), which rule, and why. */
export function toInvalidParams(errors: ErrorObject[] | null | undefined, where: InvalidParam['in']): InvalidParam[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      let pointer = e.instancePath;
      if (e.keyword === 'required') pointer += `/${escapePointer(String(e.params.missingProperty))}`;
      if (e.keyword === 'additionalProperties') pointer += `/${escapePointer(String(e.params.additionalProperty))}`;
      return { in: where, pointer: pointer || '/', rule: e.keyword, message: messageOf(e) };
    });
}

function messageOf(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `is required`;
    case 'additionalProperties':
      return `is not an accepted field`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return e.message ?? 'is invalid';
  }
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
