import { readSchemaFiles } from '../../src/http/schemaRegistry';
import { DOCUMENT_TYPES } from '../../src/documents/types/documentTypes';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, type TestApp } from '../support/testApp';
import { auth, dossierCode, enterprise, pdf, people, RECENT, setUpVault, SO_TU_PHAP, withContent } from './documents.support';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await setUpVault(app);
});
afterAll(() => app?.close());

const schemas = readSchemaFiles();
const citizens = [people.hang.id, people.phuc.id, people.khoi.id, people.anh.id];

/** Subjects that satisfy each role's minimum: citizens in turn, the enterprise where only a business fits. */
function subjectsFor(code: string) {
  let next = 0;
  return DOCUMENT_TYPES.find((t) => t.code === code)!.roles.flatMap((r) =>
    Array.from({ length: Math.max(r.min, 0) }, () => ({ role: r.role, id: r.kinds.includes('citizen') ? citizens[next++]! : enterprise.id })),
  );
}

describe.each(DOCUMENT_TYPES.map((t) => [t.code]))('document type %s', (code) => {
  const schema = schemas.get(`document-types/${code}.json`) as { examples: Array<Record<string, unknown>>; required: string[] };
  const ingest = (number: string, fields: Record<string, unknown>) => ({
    type: code, number, issuer: SO_TU_PHAP, issueDate: RECENT, dossierCode: dossierCode(SO_TU_PHAP, RECENT),
    subjects: subjectsFor(code), fields, content: withContent(pdf(`${code}/${number}`)),
  });

  it('accepts its documented example', async () => {
    const res = await app.http.post('/v1/documents').set(await auth()).send(ingest('1/2026', schema.examples[0]!)).expect(201);
    expectToMatchSchema(res.body, 'documents/document');
    expect(res.body.fields).toEqual(schema.examples[0]);
  });

  it('rejects the example without its first required field, naming it', async () => {
    const [missing] = schema.required;
    const { [missing!]: _dropped, ...fields } = schema.examples[0]!;
    const res = await app.http.post('/v1/documents').set(await auth()).send(ingest('2/2026', fields)).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: `/fields/${missing}`, rule: 'required' })]);
  });
});
