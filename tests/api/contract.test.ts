import { readSchemaFiles, SCHEMA_ID_BASE } from '../../src/http/schemaRegistry';
import { bundleOpenApi } from '../../src/ops/openapiDocument';
import { documentedRoutes, mountedRoutes } from '../support/contract';
import { startTestApp, type TestApp } from '../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('the contract', () => {
  it('documents every mounted route, and every documented route is mounted', () => {
    const documented = documentedRoutes();
    // /docs is the documentation UI itself, served by swagger-ui's static middleware.
    expect(mountedRoutes(app.app).filter((r) => !r.includes('/docs'))).toEqual(documented);
  });

  it('resolves every schema reference into one bundled document', () => {
    const bundled = JSON.stringify(bundleOpenApi());
    expect(bundled).not.toMatch(/"\$ref":"(?!#\/components\/)/);
    const document = JSON.parse(bundled);
    for (const [, pointer] of bundled.matchAll(/"\$ref":"#\/(components\/[^"]+)"/g)) {
      const target = pointer!.split('/').reduce((node: Record<string, unknown> | undefined, part) => node?.[part] as Record<string, unknown> | undefined, document);
      expect(target).toBeDefined();
    }
  });

  it('gives every schema file an $id that matches its path', () => {
    for (const [file, schema] of readSchemaFiles()) {
      expect(schema.$id).toBe(`${SCHEMA_ID_BASE}${file}`);
    }
  });
});
