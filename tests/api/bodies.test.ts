import { makeCitizenId } from '../../src/ids';
import { startTestApp, tokens, type TestApp } from '../support/testApp';

let app: TestApp;
let auth: { Authorization: string };
const id = makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1969, serial: 31 });

beforeAll(async () => {
  app = await startTestApp();
  auth = { Authorization: `Bearer ${await tokens.operator()}` };
});
afterAll(() => app?.close());

function expectProblem(res: { headers: Record<string, string>; body: Record<string, unknown> }, status: number, slug: string) {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: `https://motlan.vn/problems/${slug}` });
  expect(typeof res.body.title).toBe('string');
}

describe('request bodies', () => {
  it('when the JSON is malformed, then 400 malformed-json', async () => {
    const res = await app.http.put(`/v1/subjects/${id}`).set(auth).set('Content-Type', 'application/json').send('{"name": "Phạm Văn Đồng",').expect(400);
    expectProblem(res, 400, 'malformed-json');
  });

  it('when the body is over the limit, then 413 and nothing is stored', async () => {
    const res = await app.http.put(`/v1/subjects/${id}`).set(auth).send({ name: 'Phạm Văn Đồng', registry: { source: 'population', at: '2026-01-01T00:00:00Z', snapshot: { padding: 'x'.repeat(70_000) } } }).expect(413);
    expectProblem(res, 413, 'payload-too-large');
    await app.http.get(`/v1/subjects/${id}`).set(auth).expect(404);
  });

  it('when the body is not JSON, then 415', async () => {
    const res = await app.http.put(`/v1/subjects/${id}`).set(auth).set('Content-Type', 'text/plain').send('name=Phạm Văn Đồng').expect(415);
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('when there is no body, then 400 says a body is required', async () => {
    const res = await app.http.put(`/v1/subjects/${id}`).set(auth).expect(400);
    expectProblem(res, 400, 'validation-failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/', rule: 'required' })]);
  });

  it('when fields break the schema, then 400 lists every field with its rule', async () => {
    const res = await app.http
      .put(`/v1/subjects/${id}`)
      .set(auth)
      .send({ birthDate: '14/03/1969', sex: 'nam', nickname: 'Đồng', aliases: [{ kind: 'passport', value: 'B1234567' }] })
      .expect(400);
    expectProblem(res, 400, 'validation-failed');
    const found = (res.body.errors as Array<{ pointer: string; rule: string }>).map((e) => `${e.pointer} ${e.rule}`);
    expect(found).toEqual(
      expect.arrayContaining(['/name required', '/nickname additionalProperties', '/birthDate format', '/sex enum', '/aliases/0/kind enum', '/aliases/0/value pattern']),
    );
    await app.http.get(`/v1/subjects/${id}`).set(auth).expect(404);
  });
});
