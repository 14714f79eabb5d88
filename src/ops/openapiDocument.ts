import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../config';

export const openapiPath = path.join(projectRoot, 'openapi.yaml');

type Json = Record<string, unknown>;

/**
 * openapi.yaml refers to the files under schemas/ so that validation and docs share one source.
 * Viewers and client generators want a single document, so each referenced file becomes a
 * component named by its `title`, and every file reference becomes a local one.
 */
export function bundleOpenApi(file = openapiPath): Json {
  const document = parse(fs.readFileSync(file, 'utf8')) as Json;
  const handWritten = ((document.components as Json | undefined)?.schemas ?? {}) as Json;
  const schemas: Json = {};
  const nameByFile = new Map<string, string>();

  const inline = (schemaFile: string): string => {
    const known = nameByFile.get(schemaFile);
    if (known) return known;
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Json;
    const name = typeof schema.title === 'string' ? schema.title : path.basename(schemaFile, '.json');
    if (name in schemas || name in handWritten) throw new Error(`Two schemas are titled ${name}: ${schemaFile} and another`);
    nameByFile.set(schemaFile, name);
    // $id would change the base URI inside the bundled document; $schema is implied by OpenAPI 3.1.
    const { $id: _id, $schema: _dialect, ...body } = schema;
    schemas[name] = rewrite(body, path.dirname(schemaFile), name);
    return name;
  };

  // `component`: the schema being inlined, whose own `#/$defs/…` must now point inside it.
  const rewrite = (node: unknown, baseDir: string, component?: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, baseDir, component));
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node as Json)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
        if (value.includes('#')) throw new Error(`Refer to whole schema files, not into them: ${value}`);
        out.$ref = `#/components/schemas/${inline(path.resolve(baseDir, value))}`;
      } else if (key === '$ref' && typeof value === 'string' && component && value.startsWith('#/$defs/')) {
        out.$ref = `#/components/schemas/${component}${value.slice(1)}`;
      } else {
        out[key] = rewrite(value, baseDir, component);
      }
    }
    return out;
  };

  const bundled = rewrite(document, path.dirname(file)) as Json;
  const components = (bundled.components ?? {}) as Json;
  bundled.components = { ...components, schemas: { ...((components.schemas ?? {}) as Json), ...schemas } };
  return bundled;
}
