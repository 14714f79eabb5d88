import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { makeCitizenId } from '../../src/ids';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { auth, dossierCode, pdf, RECENT, rows, setUpVault, SO_TU_PHAP, withContent } from './documents.support';

let app: TestApp;
const residents = Array.from({ length: 40 }, (_, i) => makeCitizenId({ provinceCode: '082', sex: i % 2 ? 'female' : 'male', birthYear: 1950 + i, serial: 1000 + i }));
beforeAll(async () => {
  app = await startTestApp();
  await setUpVault(app);
  const operator = { Authorization: `Bearer ${await tokens.operator()}` };
  for (const [i, id] of residents.entries()) {
    await app.http.put(`/v1/subjects/${id}`).set(operator).send({ name: `Huỳnh Văn Sáu ${i}` }).expect(201);
  }
});
afterAll(() => app?.close());

const LINES = 10_000;

/** A residence confirmation per line; lines ≡ 11…15 (mod 1000) are broken in a different way each. */
function line(i: number): string {
  const resident = residents[i % residents.length]!;
  const doc = (n: number, over: Record<string, unknown> = {}) => ({
    type: 'residence-confirmation',
    number: `${n}/2026/XNCT`,
    issuer: SO_TU_PHAP,
    procedureCode: '1.004194',
    dossierCode: dossierCode(SO_TU_PHAP, RECENT, (n % 9999) + 1),
    issueDate: RECENT,
    subjects: [{ role: 'resident', id: resident }],
    fields: { fullName: 'Huỳnh Văn Sáu', birthDate: '1978-04-30', permanentAddress: `Số ${n}, đường 30/4, phường Mỹ Tho, tỉnh Đồng Tháp` },
    content: withContent(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><xacNhanCuTru so="${n}"/>`)),
    ...over,
  });
  switch (i % 1000) {
    case 11: return '{"type": "residence-confirmation", "number":';
    case 12: return JSON.stringify(doc(i, { fields: { fullName: 'Huỳnh Văn Sáu' } }));
    case 13: return JSON.stringify(doc(i, { content: { ...doc(i).content, sha256: 'f'.repeat(64) } }));
    case 14: return JSON.stringify(doc(i - 10, { issueDate: '2020-01-01', dossierCode: dossierCode(SO_TU_PHAP, '2020-01-01') }));
    case 15: return '';
    default: return JSON.stringify(doc(i));
  }
}

const file = Array.from({ length: LINES }, (_, k) => line(k + 1)).join('\n') + '\n';
const importing = async (body: string) =>
  app.http.post('/v1/documents/import').set(await auth(SO_TU_PHAP, ['documents:write'])).set('Content-Type', 'application/x-ndjson').send(body).expect(200);

describe('bulk import', () => {
  it('when an import of 10,000 lines is cut off and then run again, then every good line is stored once and every bad one reported', async () => {
    // Cut in the middle of line 6,501, as a dropped connection would.
    const cut = file.indexOf('\n', file.split('\n', 6500).join('\n').length + 1) - 40;
    const first = await importing(file.slice(0, cut));
    expectToMatchSchema(first.body, 'documents/import-summary');
    expect(first.body).toMatchObject({ lines: 6501, ingested: 6465, alreadyPresent: 0, rejected: 29 });
    expect(first.body.rejections.at(-1)).toMatchObject({ line: 6501, status: 400, type: 'https://motlan.vn/problems/malformed-json' });

    const resumed = await importing(file);
    expect(resumed.body).toMatchObject({ lines: LINES, ingested: 9950 - 6465, alreadyPresent: 6465, rejected: 40, rejectionsTruncated: false });
    const byLine = new Map(resumed.body.rejections.map((r: { line: number }) => [r.line, r]));
    expect(byLine.get(1011)).toMatchObject({ status: 400, type: 'https://motlan.vn/problems/malformed-json' });
    expect(byLine.get(1012)).toMatchObject({ status: 400, errors: expect.arrayContaining([expect.objectContaining({ pointer: '/fields/birthDate', rule: 'required' })]) });
    expect(byLine.get(1013)).toMatchObject({ status: 422, errors: [expect.objectContaining({ rule: 'content.sha256_mismatch' })] });
    expect(byLine.get(1014)).toMatchObject({ status: 409, type: 'https://motlan.vn/problems/document-conflict' });

    const [stored] = await rows<{ docs: number; contents: number; events: number }>(app, sql`
      select (select count(*)::int from documents where type = 'residence-confirmation') as docs,
             (select count(*)::int from document_contents) as contents,
             (select count(*)::int from document_events e join documents d on d.id = e.document_id where d.type = 'residence-confirmation') as events`);
    expect(stored).toEqual({ docs: 9950, contents: 9950, events: 9950 });
  }, 120_000);

  it('when the connection really drops mid-file, then the committed batches stay and a rerun completes the set', async () => {
    const subset = Array.from({ length: 3000 }, (_, k) => line(k + 1).replace('/2026/XNCT', '/2026/XNCT-B')).join('\n') + '\n';
    const server = app.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const headers = { ...(await auth(SO_TU_PHAP, ['documents:write'])), 'Content-Type': 'application/x-ndjson' };
    const count = async () => (await rows<{ n: number }>(app, sql`select count(*)::int as n from documents where number like '%-B'`))[0]!.n;
    const req = http.request({ port: (server.address() as AddressInfo).port, method: 'POST', path: '/v1/documents/import', headers });
    req.on('error', () => undefined);
    req.write(subset.slice(0, subset.length / 2));
    while ((await count()) === 0) await new Promise((r) => setTimeout(r, 20));
    req.destroy();
    // The batch being written when the client left still commits; wait for the server to finish.
    await new Promise((r) => server.close(r));

    const resumed = await importing(subset);
    // Lines 11…15 of each thousand are bad: 4 rejected and 1 blank per thousand.
    expect(resumed.body).toMatchObject({ lines: 3000, rejected: 12 });
    expect(resumed.body.alreadyPresent).toBeGreaterThan(0);
    expect(resumed.body.ingested + resumed.body.alreadyPresent).toBe(2985);
    expect(await count()).toBe(2985);
  }, 60_000);

  it('when the body is not NDJSON, then 415 and nothing is read', async () => {
    await app.http.post('/v1/documents/import').set(await auth()).set('Content-Type', 'application/json').send('{}').expect(415);
  });

  it('when the caller may only read, then 403', async () => {
    await app.http.post('/v1/documents/import').set(await auth(SO_TU_PHAP, ['documents:read'])).set('Content-Type', 'application/x-ndjson').send(line(1)).expect(403);
  });
});

/** A residence confirmation numbered `number`, of `resident`, carrying `bytes`. */
const residence = (number: string, resident: string, bytes: Buffer) =>
  JSON.stringify({
    type: 'residence-confirmation',
    number,
    issuer: SO_TU_PHAP,
    procedureCode: '1.004194',
    dossierCode: dossierCode(SO_TU_PHAP, RECENT),
    issueDate: RECENT,
    subjects: [{ role: 'resident', id: resident }],
    fields: { fullName: 'Huỳnh Văn Sáu', birthDate: '1978-04-30', permanentAddress: 'Số 12, đường Lê Lợi, phường Mỹ Tho, tỉnh Đồng Tháp' },
    content: withContent(bytes),
  });

describe("bulk import: a batch's rows in several parameters", () => {
  /** A resident's own read of a document's bytes. */
  const readBack = async (id: string, resident: string) =>
    app.http
      .get(`/v1/me/documents/${id}/content`)
      .set({ Authorization: `Bearer ${await tokens.citizen(resident)}` })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);

  // A batch's contents (and documents) are sent in up to 16 parameters of about 60,000 characters:
  // 3 kB contents fill several of them, 90 kB ones take one each and overflow into the last.
  it.each([
    ['3 kB contents: several rows to a parameter', 'XNCT-P', 3_000],
    ['90 kB contents: more rows than parameters', 'XNCT-Q', 90_000],
  ])('when a batch carries %s, then every line is stored with its own content and reads back byte for byte', async (_, series, size) => {
    const contents = Array.from({ length: 100 }, (_, k) => Buffer.concat([pdf(`${series} ${k + 1}`), randomBytes(size)]));
    const body = contents.map((bytes, k) => residence(`${k + 1}/2026/${series}`, residents[k % residents.length]!, bytes)).join('\n');

    const res = await importing(body);

    expect(res.body).toMatchObject({ lines: 100, ingested: 100, alreadyPresent: 0, rejected: 0 });
    const stored = await rows<{ id: string; number: string; sha256: string }>(app, sql`
      select id, number, content_sha256 as sha256 from documents where number like ${`%/2026/${series}`}`);
    const byNumber = new Map(stored.map((d) => [d.number, d]));
    expect(byNumber.size).toBe(100);
    contents.forEach((bytes, k) => expect(byNumber.get(`${k + 1}/2026/${series}`)?.sha256).toBe(withContent(bytes).sha256));
    for (const k of [0, 37, 99]) {
      const read = await readBack(byNumber.get(`${k + 1}/2026/${series}`)!.id, residents[k % residents.length]!);
      expect(Buffer.compare(read.body as Buffer, contents[k]!)).toBe(0);
    }
  }, 60_000);
});

describe('bulk import: batches written at once', () => {
  it('when the next batch repeats a number and a content of the batch still being written, then the later line is the conflict and the content is stored once', async () => {
    // A first batch slow to write (100 contents of 100 kB) and a second of two lines, quick to check:
    // the second batch's inserts would otherwise run first, keep line 101's document, and hold line
    // 102's content while the first batch waits for it.
    const first = Array.from({ length: 100 }, (_, k) => Buffer.concat([pdf(`XNCT-C ${k + 1}`), randomBytes(100_000)]));
    const body = [
      ...first.map((bytes, k) => residence(`${k + 1}/2026/XNCT-C`, residents[k % residents.length]!, bytes)),
      residence('7/2026/XNCT-C', residents[6]!, pdf('XNCT-C 7, another')),
      residence('101/2026/XNCT-C', residents[9]!, first[49]!),
    ].join('\n');

    const res = await importing(body);

    expect(res.body).toMatchObject({ lines: 102, ingested: 101, alreadyPresent: 0, rejected: 1 });
    expect(res.body.rejections).toEqual([expect.objectContaining({ line: 101, status: 409, type: 'https://motlan.vn/problems/document-conflict' })]);
    const [kept] = await rows<{ sha256: string }>(app, sql`select content_sha256 as sha256 from documents where number = '7/2026/XNCT-C'`);
    expect(kept!.sha256).toBe(withContent(first[6]!).sha256);
    const [shared] = await rows<{ docs: number }>(app, sql`select count(*)::int as docs from documents where content_sha256 = ${withContent(first[49]!).sha256}`);
    expect(shared!.docs).toBe(2);
  }, 60_000);

  it('when a client sends the same file again while the first import still runs, lines in the opposite order, then both finish and each line is stored once', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => residence(`${i + 1}/2026/XNCT-E`, residents[i % residents.length]!, pdf(`XNCT-E ${i + 1}`)));

    const [forward, backward] = await Promise.all([importing(lines.join('\n')), importing([...lines].reverse().join('\n'))]);

    expect(forward.body.rejected + backward.body.rejected).toBe(0);
    expect(forward.body.ingested + backward.body.ingested).toBe(300);
    expect(forward.body.alreadyPresent + backward.body.alreadyPresent).toBe(300);
    const [stored] = await rows<{ docs: number; contents: number }>(app, sql`
      select count(*)::int as docs, count(distinct content_sha256)::int as contents from documents where number like '%/2026/XNCT-E'`);
    expect(stored).toEqual({ docs: 300, contents: 300 });
  }, 60_000);

  it('when consecutive batches share contents and subjects in opposite orders, then every line is stored once and every access log stays whole', async () => {
    const shared = Array.from({ length: 100 }, (_, k) => pdf(`XNCT-D shared ${k}`));
    // Batches of 100 lines: even batches take contents and residents in one order, odd ones in the other.
    const body = Array.from({ length: 400 }, (_, i) => {
      const [batch, k] = [Math.floor(i / 100), i % 100];
      const at = batch % 2 ? 99 - k : k;
      return residence(`${i + 1}/2026/XNCT-D`, residents[at % residents.length]!, shared[at]!);
    }).join('\n');

    const res = await importing(body);

    expect(res.body).toMatchObject({ lines: 400, ingested: 400, alreadyPresent: 0, rejected: 0 });
    const [stored] = await rows<{ docs: number; contents: number }>(app, sql`
      select count(*)::int as docs, count(distinct content_sha256)::int as contents from documents where number like '%/2026/XNCT-D'`);
    expect(stored).toEqual({ docs: 400, contents: 100 });
    const operator = { Authorization: `Bearer ${await tokens.operator()}` };
    for (const resident of [residents[0]!, residents[39]!]) {
      const verdict = await app.http.get(`/v1/subjects/${resident}/access-log/verification`).set(operator).expect(200);
      expect(verdict.body).toMatchObject({ valid: true });
    }
  }, 60_000);
});
