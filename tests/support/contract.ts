import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { parse } from 'yaml';
import { toInvalidParams, validatorFor } from '../../src/http/schemaRegistry';

interface StackLayer {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: StackLayer[] };
}

/** Every method and path the app really serves, `:id` written as OpenAPI's `{id}`. */
export function mountedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: StackLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
          found.push(`${method.toUpperCase()} ${(prefix + layer.route.path).replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.handle.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: StackLayer[] } }).router.stack, '');
  return [...new Set(found)].sort();
}

/** Fails with the schema's own complaints, so a drifting response says where it drifted. */
export function expectToMatchSchema(body: unknown, name: string): void {
  const validate = validatorFor(name);
  const valid = validate(JSON.parse(JSON.stringify(body)));
  if (!valid) throw new Error(`Response does not match ${name}: ${JSON.stringify(toInvalidParams(validate.errors, 'body'))}`);
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Every `METHOD /path` openapi.yaml documents, sorted. */
export function documentedRoutes(): string[] {
  const document = parse(fs.readFileSync(path.join(__dirname, '../../openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths)
    .flatMap(([p, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
}
