import { sql } from 'drizzle-orm';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, type TestApp } from '../support/testApp';
import { addMonths } from '../../src/documents/payload';
import { auth, confirmation, daysAgo, dossierCode, RECENT, enterprise, pdf, people, rows, setUpVault, sign, SO_TU_PHAP, UBND_XA, withContent, type AgencySigner } from './documents.support';

let app: TestApp;
let soTuPhap: AgencySigner;
let xa: AgencySigner;
beforeAll(async () => {
  app = await startTestApp();
  ({ soTuPhap, xa } = await setUpVault(app));
});
afterAll(() => app?.close());

const countDocuments = async (number: string) => (await rows<{ n: number }>(app, sql`select count(*)::int as n from documents where number = ${number}`))[0]!.n;

describe('ingesting a document', () => {
  it('when the issuer signs it with its EdDSA key, then 201, verified with the kid, and the 6-month default validity', async () => {
    const body = await sign(confirmation('001/2026/XNHN'), soTuPhap);
    const res = await app.http.post('/v1/documents').set(await auth()).send(body).expect(201);
    expectToMatchSchema(res.body, 'documents/document');
    expect(res.headers.location).toBe(`/v1/documents/${res.body.id}`);
    expect(res.body).toMatchObject({
      type: 'marital-status-confirmation', number: '001/2026/XNHN', version: 1, status: 'active', issuer: SO_TU_PHAP,
      validFrom: RECENT, validUntil: addMonths(RECENT, 6), signature: { status: 'verified', kid: soTuPhap.kid },
      content: { mediaType: 'application/pdf', sha256: body.content.sha256 },
    });
    expect(res.body.subjects).toEqual([expect.objectContaining({ role: 'holder', kind: 'citizen', nationalId: people.hang.id })]);
  });

  it('when a commune signs with ES256, then it verifies too', async () => {
    const body = await sign(confirmation('01/2026/XN', { issuer: UBND_XA, dossierCode: dossierCode(UBND_XA, RECENT, 7) }), xa, 'ES256');
    const res = await app.http.post('/v1/documents').set(await auth(UBND_XA)).send(body).expect(201);
    expect(res.body.signature).toEqual({ status: 'verified', kid: xa.kid });
  });

  it('when there is no signature, then it is stored as unsigned', async () => {
    const res = await app.http.post('/v1/documents').set(await auth()).send(confirmation('002/2026/XNHN')).expect(201);
    expect(res.body.signature).toEqual({ status: 'unsigned', kid: null });
  });

  it.each([
    ['signed by another agency\'s key under this kid', async () => sign(confirmation('003/2026/XNHN'), { ...xa, kid: soTuPhap.kid }, 'ES256'), 'signature.algorithm'],
    ['signed with the right key over other fields', async () => ({ ...(await sign(confirmation('003/2026/XNHN'), soTuPhap)), fields: { ...confirmation('x').fields, maritalStatus: 'married' } }), 'signature.payload_mismatch'],
    ['signed under a kid nobody registered', async () => sign(confirmation('003/2026/XNHN'), { ...soTuPhap, kid: 'unknown-kid' }), 'signature.unknown_key'],
    ['a JWS whose bytes were altered', async () => {
      const body = await sign(confirmation('003/2026/XNHN'), soTuPhap);
      const [h, p, s] = body.signature!.split('.');
      return { ...body, signature: `${h}.${p}.${s!.slice(0, -4)}AAAA` };
    }, 'signature.invalid'],
  ])('when the signature is %s, then 422 names the rule and nothing is stored', async (_what, build, rule) => {
    const res = await app.http.post('/v1/documents').set(await auth()).send(await build()).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('https://motlan.vn/problems/signature-rejected');
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/signature', rule })]);
    expect(await countDocuments('003/2026/XNHN')).toBe(0);
  });

  it('when the subject is named by the old 9-digit ID card, then the alias resolves to the person', async () => {
    const res = await app.http.post('/v1/documents').set(await auth()).send(confirmation('004/2026/XNHN', { subjects: [{ role: 'holder', id: people.hang.oldId }] })).expect(201);
    expect(res.body.subjects[0].nationalId).toBe(people.hang.id);
  });

  it.each([
    ['a field breaks the type schema', { fields: { fullName: 'Lê Thị Ngọc Ánh', birthDate: '1995-07-20', maritalStatus: 'độc thân', purpose: 'Kết hôn' } }, 400, '/fields/maritalStatus', 'enum'],
    ['the type is unknown', { type: 'giay-to-khac' }, 400, '/type', 'document_type.unknown'],
    ['the procedure code is malformed', { procedureCode: '1.00089' }, 400, '/procedureCode', 'pattern'],
    ['the dossier code names no calendar date', { dossierCode: '000.17.22.H56-260230-0001' }, 400, '/dossierCode', 'dossier_code.date'],
    ['the issue date lies ahead', { issueDate: '2999-01-01' }, 400, '/issueDate', 'issue_date.future'],
    ['validity ends before it starts', { validUntil: '2025-01-01' }, 400, '/validUntil', 'validity.order'],
    ['the subject ID has an unknown province', { subjects: [{ role: 'holder', id: '003190001234' }] }, 400, '/subjects/0/id', 'national_id.unknown_province'],
    ['a role is missing', { subjects: [{ role: 'spouse', id: people.hang.id }] }, 400, '/subjects', 'subject_roles.count'],
    ['the subject is not registered', { subjects: [{ role: 'holder', id: people.hang.id.slice(0, 6) + '999999' }] }, 422, '/subjects/0/id', 'subject.unknown'],
    ['a business holds a personal document', { subjects: [{ role: 'holder', id: enterprise.id }] }, 422, '/subjects/0/id', 'subject_roles.kind'],
    ['the SHA-256 does not match', { content: { ...withContent(pdf('a')), sha256: '0'.repeat(64) } }, 422, '/content/sha256', 'content.sha256_mismatch'],
    ['the bytes are no accepted type', { content: withContent(Buffer.from('GIF89a…')) }, 415, '/content/data', 'content.unsupported_type'],
    ['the label contradicts the bytes', { content: { ...withContent(pdf('b')), mediaType: 'image/png' as const } }, 415, '/content/mediaType', 'content.media_type_mismatch'],
    ['the issuer is not registered', { issuer: '000.99.22.H56' }, 403, undefined, undefined],
  ])('when %s, then %i names the field and rule, and nothing is stored', async (_what, overrides, status, pointer, rule) => {
    const res = await app.http.post('/v1/documents').set(await auth()).send(confirmation('005/2026/XNHN', overrides as never)).expect(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    if (pointer) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer, rule })]));
    expect(await countDocuments('005/2026/XNHN')).toBe(0);
  });

  it('when the content is larger than the general body limit, then the ingest route still takes it; past 10 MiB it is 413', async () => {
    const big = Buffer.concat([pdf('lớn'), Buffer.alloc(200 * 1024, 0x20)]);
    await app.http.post('/v1/documents').set(await auth()).send(confirmation('007/2026/XNHN', { content: withContent(big) })).expect(201);
    const huge = Buffer.concat([pdf('quá lớn'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const res = await app.http.post('/v1/documents').set(await auth()).send(confirmation('008/2026/XNHN', { content: withContent(huge) })).expect(413);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/content/data', rule: 'content.size' })]);
    expect(await countDocuments('008/2026/XNHN')).toBe(0);
  });

  it('when the caller lacks documents:write, then 403', async () => {
    await app.http.post('/v1/documents').set(await auth(SO_TU_PHAP, ['documents:read'])).send(confirmation('006/2026/XNHN')).expect(403);
  });

  it('when the body is not JSON, then 415', async () => {
    await app.http.post('/v1/documents').set(await auth()).set('Content-Type', 'text/plain').send('hello').expect(415);
  });
});

describe('idempotency', () => {
  it('when the same document comes again, even re-signed, then 200 with the one stored; another payload under its number is 409', async () => {
    const first = await app.http.post('/v1/documents').set(await auth()).send(await sign(confirmation('010/2026/XNHN'), soTuPhap)).expect(201);
    // ES256 and fresh EdDSA signatures differ byte-wise; the signed payload is what makes it the same.
    const again = await app.http.post('/v1/documents').set(await auth()).send(confirmation('010/2026/XNHN')).expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.signature.status).toBe('verified');
    const other = await app.http.post('/v1/documents').set(await auth()).send(confirmation('010/2026/XNHN', { issueDate: daysAgo(11) })).expect(409);
    expect(other.body).toMatchObject({ type: 'https://motlan.vn/problems/document-conflict', documentId: first.body.id });
    expect(await countDocuments('010/2026/XNHN')).toBe(1);
  });

  it('when an Idempotency-Key repeats with the same body, then the first response; with another body, 422', async () => {
    const body = confirmation('011/2026/XNHN');
    const first = await app.http.post('/v1/documents').set(await auth()).set('Idempotency-Key', 'ho-so-011').send(body).expect(201);
    const replay = await app.http.post('/v1/documents').set(await auth()).set('Idempotency-Key', 'ho-so-011').send(body).expect(201);
    expect(replay.body).toEqual(first.body);
    const misuse = await app.http.post('/v1/documents').set(await auth()).set('Idempotency-Key', 'ho-so-011').send(confirmation('012/2026/XNHN')).expect(422);
    expect(misuse.body.type).toBe('https://motlan.vn/problems/idempotency-key-reused');
    expect(await countDocuments('012/2026/XNHN')).toBe(0);
    await app.http.post('/v1/documents').set(await auth()).set('Idempotency-Key', 'bad key!').send(body).expect(400);
  });

  it('when 20 identical ingests race, then exactly one document exists: one 201 and nineteen 200', async () => {
    const body = await sign(confirmation('020/2026/XNHN'), soTuPhap);
    const headers = await auth();
    const responses = await Promise.all(Array.from({ length: 20 }, () => app.http.post('/v1/documents').set(headers).send(body)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await countDocuments('020/2026/XNHN')).toBe(1);
    const contents = await rows<{ n: number }>(app, sql`select count(*)::int as n from document_contents where sha256 = ${body.content.sha256}`);
    expect(contents[0]!.n).toBe(1);
  });
});

describe('reading', () => {
  let id: string;
  const bytes = pdf('đọc nội dung — 100%');
  beforeAll(async () => {
    id = (await app.http.post('/v1/documents').set(await auth()).send(confirmation('030/2026/XNHN', { content: withContent(bytes) })).expect(201)).body.id;
  });

  it('when the issuer reads it, then 200 and the read is in the access log', async () => {
    const res = await app.http.get(`/v1/documents/${id}`).set(await auth(SO_TU_PHAP, ['documents:read'])).expect(200);
    expectToMatchSchema(res.body, 'documents/document');
    const audit = await rows(app, sql`select actor, decision, rule, request_id from audit_entries where action = 'document.read' and request_id = ${res.headers['x-request-id']}`);
    expect(audit).toEqual([expect.objectContaining({ actor: `agency:${SO_TU_PHAP}/one-stop-${SO_TU_PHAP}`, decision: 'allow', rule: 'issuer-only' })]);
  });

  it('when another agency asks without saying why, then 400 names the missing purpose', async () => {
    const res = await app.http.get(`/v1/documents/${id}`).set(await auth(UBND_XA)).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'query', pointer: '/purpose', rule: 'required' })]);
  });

  it('when another agency asks for a purpose nothing covers, then 403 consent-required, and the refusal is logged', async () => {
    const res = await app.http.get(`/v1/documents/${id}?purpose=2.001178`).set(await auth(UBND_XA)).expect(403);
    expect(res.body).toMatchObject({ denyCode: 'no_consent', reasonVi: 'Chưa có sự đồng ý của chủ thể dữ liệu' });
    const audit = await rows(app, sql`select decision, rule from audit_entries where request_id = ${res.headers['x-request-id']}`);
    expect(audit).toEqual([{ decision: 'deny', rule: 'deny:no_consent' }]);
    await app.http.get(`/v1/documents/${id}/content?purpose=2.001178`).set(await auth(UBND_XA)).expect(403);
  });

  it('when the content is fetched, then the bytes come back exactly, with ETag and an RFC 9530 digest; If-None-Match gives 304', async () => {
    const res = await app.http.get(`/v1/documents/${id}/content`).set(await auth()).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    const sha = withContent(bytes).sha256;
    expect(res.headers['content-digest']).toBe(`sha-256=:${Buffer.from(sha, 'hex').toString('base64')}:`);
    expect(res.headers.etag).toBe(`"${sha}"`);
    const cached = await app.http.get(`/v1/documents/${id}/content`).set(await auth()).set('If-None-Match', `"other", ${res.headers.etag}`).expect(304);
    expect(cached.headers['content-digest']).toBe(res.headers['content-digest']);
  });

  it('when the id is not a UUID, then 400; when unknown, 404', async () => {
    await app.http.get('/v1/documents/42').set(await auth()).expect(400);
    await app.http.get('/v1/documents/4b1f6a52-0000-4000-8000-000000000000').set(await auth()).expect(404);
  });

  it('when many reads arrive at once, one document asked twice and an unknown one among them, then each gets its own document and the unknown one 404', async () => {
    const numbers = new Map<string, string>();
    for (let i = 0; i < 12; i++) {
      const number = `${40 + i}/2026/XNHN`;
      numbers.set((await app.http.post('/v1/documents').set(await auth()).send(confirmation(number)).expect(201)).body.id, number);
    }
    const unknown = '4b1f6a52-0000-4000-8000-000000000001';
    const ids = [...numbers.keys()];
    const asked = [...ids, ids[3]!, unknown, ids[7]!];
    const reader = await auth(SO_TU_PHAP, ['documents:read']);

    const answers = await Promise.all(asked.map((docId) => app.http.get(`/v1/documents/${docId}`).set(reader)));

    answers.forEach((res, i) => {
      if (asked[i] === unknown) expect(res.status).toBe(404);
      else expect({ status: res.status, id: res.body.id, number: res.body.number }).toEqual({ status: 200, id: asked[i], number: numbers.get(asked[i]!) });
    });
  });

  it('lists a subject\'s documents newest first, by type, status and validity date, a page at a time', async () => {
    const { id: expiredId } = (await app.http.post('/v1/documents').set(await auth()).send(confirmation('031/2025/XNHN', { issueDate: daysAgo(400), dossierCode: dossierCode(SO_TU_PHAP, daysAgo(400)) })).expect(201)).body;
    const headers = await auth(SO_TU_PHAP, ['documents:read']);
    const expired = await app.http.get(`/v1/subjects/${people.hang.id}/documents?status=expired`).set(headers).expect(200);
    expectToMatchSchema(expired.body, 'documents/document-list');
    expect(expired.body.items.map((d: { id: string }) => d.id)).toEqual([expiredId]);
    expect(expired.body.items[0].status).toBe('expired');

    const onDate = await app.http.get(`/v1/subjects/${people.hang.oldId}/documents?validOn=${daysAgo(370)}&type=marital-status-confirmation`).set(headers).expect(200);
    expect(onDate.body.items.map((d: { id: string }) => d.id)).toEqual([expiredId]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await app.http.get(`/v1/subjects/${people.hang.id}/documents?limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(headers).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await rows<{ id: string }>(app, sql`select d.id from documents d join document_subjects s on s.document_id = d.id join subjects p on p.id = s.subject_id where p.national_id = ${people.hang.id} and d.issuer_code = ${SO_TU_PHAP} order by d.seq desc`);
    expect(seen).toEqual(all.map((r) => r.id));

    const other = await app.http.get(`/v1/subjects/${people.hang.id}/documents`).set(await auth(UBND_XA, ['documents:read'])).expect(200);
    expect(other.body.items.every((d: { issuer: string }) => d.issuer === UBND_XA)).toBe(true);
    await app.http.get(`/v1/subjects/${people.hang.id}/documents?limit=500`).set(headers).expect(400);
    await app.http.get(`/v1/subjects/${people.hang.id}/documents?cursor=bm9wZQ`).set(headers).expect(400);
  });
});

describe('lifecycle', () => {
  const ingest = async (number: string, overrides = {}) => (await app.http.post('/v1/documents').set(await auth()).send(confirmation(number, overrides)).expect(201)).body;

  it('when the issuer revokes a document, then it reads as revoked with the reason, a second revocation is 409, and history shows both events', async () => {
    const doc = await ingest('040/2026/XNHN');
    const res = await app.http.post(`/v1/documents/${doc.id}/revoke`).set(await auth()).send({ reason: 'Cấp sai đối tượng' }).expect(200);
    expectToMatchSchema(res.body, 'documents/document');
    expect(res.body).toMatchObject({ status: 'revoked', revocation: { reason: 'Cấp sai đối tượng' } });
    await app.http.post(`/v1/documents/${doc.id}/revoke`).set(await auth()).send({ reason: 'lần hai' }).expect(409);
    await app.http.post(`/v1/documents/${doc.id}/revoke`).set(await auth(UBND_XA)).send({ reason: 'không phải của tôi' }).expect(404);
    await app.http.post(`/v1/documents/${doc.id}/revoke`).set(await auth()).send({}).expect(400);
    const history = await app.http.get(`/v1/documents/${doc.id}/history`).set(await auth()).expect(200);
    expectToMatchSchema(history.body, 'documents/document-history');
    expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(['ingested', 'revoked']);
  });

  it('when a document is superseded, then the new one links the old, the old reads as superseded, and both share one history', async () => {
    const old = await ingest('041/2026/XNHN');
    const res = await app.http.post(`/v1/documents/${old.id}/supersede`).set(await auth()).send({ reason: 'Cấp lại do thay đổi nơi cư trú', document: confirmation('042/2026/XNHN', { issueDate: daysAgo(2), dossierCode: dossierCode(SO_TU_PHAP, daysAgo(2), 3) }) }).expect(201);
    expect(res.body).toMatchObject({ previousId: old.id, lineageId: old.lineageId, status: 'active' });
    const before = await app.http.get(`/v1/documents/${old.id}`).set(await auth()).expect(200);
    expect(before.body).toMatchObject({ status: 'superseded', replacedById: res.body.id });
    const history = await app.http.get(`/v1/documents/${res.body.id}/history`).set(await auth()).expect(200);
    expect(history.body.events.map((e: { kind: string; documentId: string }) => [e.kind, e.documentId])).toEqual([
      ['ingested', old.id], ['ingested', res.body.id], ['superseded', old.id],
    ]);
    await app.http.post(`/v1/documents/${old.id}/supersede`).set(await auth()).send({ reason: 'lại', document: confirmation('043/2026/XNHN') }).expect(409);
    await app.http.post(`/v1/documents/${res.body.id}/supersede`).set(await auth()).send({ reason: 'khác loại', document: { ...confirmation('044/2026/XNHN'), type: 'residence-confirmation' } }).expect(400);
  });

  it('when fields are corrected, then version 2 is active under the same number and version 1 is kept as corrected', async () => {
    const old = await ingest('045/2026/XNHN');
    const fields = { ...old.fields, birthDate: '1987-03-15' };
    const signedPayload = { ...JSON.parse((await rows<{ p: string }>(app, sql`select signed_payload as p from documents where id = ${old.id}`))[0]!.p), version: 2, fields };
    const signature = (await sign(confirmation('045/2026/XNHN'), soTuPhap, 'EdDSA', signedPayload)).signature;
    const res = await app.http.post(`/v1/documents/${old.id}/corrections`).set(await auth()).send({ fields, reason: 'Sai ngày sinh', signature }).expect(201);
    expectToMatchSchema(res.body, 'documents/document');
    expect(res.body).toMatchObject({ number: '045/2026/XNHN', version: 2, previousId: old.id, fields, signature: { status: 'verified' } });
    const kept = await app.http.get(`/v1/documents/${old.id}`).set(await auth()).expect(200);
    expect(kept.body).toMatchObject({ status: 'corrected', version: 1, fields: old.fields, replacedById: res.body.id });
    await app.http.post(`/v1/documents/${old.id}/corrections`).set(await auth()).send({ fields, reason: 'lại' }).expect(409);
    const bad = await app.http.post(`/v1/documents/${res.body.id}/corrections`).set(await auth()).send({ fields: { fullName: 'X' }, reason: 'thiếu' }).expect(400);
    expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/fields/birthDate', rule: 'required' })]));
    // The same number again is still the original document (version 1), not a new one.
    const again = await app.http.post('/v1/documents').set(await auth()).send(confirmation('045/2026/XNHN')).expect(200);
    expect(again.body).toMatchObject({ id: old.id, status: 'corrected' });
  });

  it('refuses, at the database, any change to a recorded event', async () => {
    const failure = (query: ReturnType<typeof sql>) => app.database.db.execute(query).then(() => 'changed', (e: Error & { cause?: Error }) => (e.cause ?? e).message);
    expect(await failure(sql`update document_events set reason = 'sửa' where true`)).toMatch(/append-only/);
    expect(await failure(sql`delete from document_events where true`)).toMatch(/append-only/);
  });
});

describe('document types', () => {
  it('lists the types with names in Vietnamese and English and their schemas', async () => {
    const res = await app.http.get('/v1/document-types').set(await auth()).expect(200);
    expectToMatchSchema(res.body, 'documents/document-type-list');
    expect(res.body.items.length).toBeGreaterThanOrEqual(12);
    expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'marital-status-confirmation', nameVi: 'Giấy xác nhận tình trạng hôn nhân', defaultValidityMonths: 6 })]));
  });
});
