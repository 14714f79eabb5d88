import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { contentCipher } from '../../src/documents/contentCipher';
import { rotateContents } from '../../src/documents/contentRotation';
import { newContentKey, type ContentKeyring } from '../../src/keys/contentKeys';
import { startTestApp, testContentKeys, tokens, type TestApp } from '../support/testApp';
import { auth, confirmation, people, rows, setUpVault, sign, type AgencySigner } from './documents.support';

// Contents as Motlan stores them: sealed under CONTENT_KEYS, addressed by the SHA-256 of the
// plaintext, read back intact through the API, re-encrypted by a rotation that can stop and resume.

let app: TestApp;
let soTuPhap: AgencySigner;
let hang: { Authorization: string };
beforeAll(async () => {
  app = await startTestApp();
  ({ soTuPhap } = await setUpVault(app));
  hang = { Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` };
});
afterAll(() => app?.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A PDF whose text is personal: what must never lie in the table in the clear. */
const pdfOf = (number: string) =>
  Buffer.from(`%PDF-1.7\n% Giấy xác nhận tình trạng hôn nhân số ${number}\n% Họ tên: ${people.hang.name}, sinh ngày 14/03/1987, số định danh ${people.hang.id}\n%%EOF\n`, 'utf8');

async function ingest(number: string, bytes = pdfOf(number)) {
  const body = await sign({ ...confirmation(number), content: { data: bytes.toString('base64'), sha256: sha256(bytes) } }, soTuPhap);
  const res = await app.http.post('/v1/documents').set(await auth()).send(body).expect(201);
  return { id: res.body.id as string, bytes, sha256: sha256(bytes) };
}

interface StoredRow {
  sha256: string;
  key_id: string | null;
  data_key: Uint8Array | null;
  bytes: Uint8Array;
}
const stored = async (hash: string) => (await rows<StoredRow>(app, sql`select sha256, key_id, data_key, bytes from document_contents where sha256 = ${hash}`))[0]!;

/** Hằng's own read of the content, with the digest Motlan vouches for. */
function readBack(server: TestApp, id: string) {
  return server.http.get(`/v1/me/documents/${id}/content`).set(hang).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

const keyring = (active: string, ...others: Array<[string, Uint8Array]>): ContentKeyring => ({ activeId: active, keys: new Map(others) });

describe('contents are encrypted at rest', () => {
  it('when a document is ingested, then its row holds neither the text nor the ID, names the active key, and the content reads back intact', async () => {
    const doc = await ingest('701/2026/XNHN');
    const row = await stored(doc.sha256);
    expect(row.key_id).toBe(testContentKeys().activeId);
    // nonce (12) + the 32-byte data key + tag (16)
    expect(Buffer.from(row.data_key!)).toHaveLength(60);
    const raw = Buffer.from(row.bytes);
    expect(raw.equals(doc.bytes)).toBe(false);
    for (const secret of [people.hang.name, people.hang.id, '701/2026/XNHN', '%PDF-1.7']) expect(raw.includes(Buffer.from(secret, 'utf8'))).toBe(false);

    const res = await readBack(app, doc.id).expect(200);
    expect(Buffer.compare(res.body as Buffer, doc.bytes)).toBe(0);
    expect(res.headers['content-digest']).toBe(`sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`);
  });

  it('when two documents carry the same bytes, then they share one sealed row, still addressed by the SHA-256 of the plaintext', async () => {
    const bytes = pdfOf('shared');
    const first = await ingest('702/2026/XNHN', bytes);
    const second = await ingest('703/2026/XNHN', bytes);
    expect((await rows<{ n: number }>(app, sql`select count(*)::int as n from document_contents where sha256 = ${first.sha256}`))[0]!.n).toBe(1);
    expect(Buffer.compare((await readBack(app, second.id).expect(200)).body as Buffer, bytes)).toBe(0);
  });

  it('when a content was stored before encryption at rest (plaintext, no key), then it still reads', async () => {
    const bytes = pdfOf('704/2026/XNHN');
    await app.database.db.execute(sql`insert into document_contents (sha256, media_type, size, bytes) values (${sha256(bytes)}, 'application/pdf', ${bytes.length}, ${bytes})`);
    const doc = await ingest('704/2026/XNHN', bytes);
    expect((await stored(doc.sha256)).key_id).toBeNull();
    expect(Buffer.compare((await readBack(app, doc.id).expect(200)).body as Buffer, bytes)).toBe(0);
  });

  it('when a sealed content is moved under another hash, then it does not open as that document', async () => {
    const a = await ingest('705/2026/XNHN');
    const b = await ingest('706/2026/XNHN');
    const rowA = await stored(a.sha256);
    const rowB = await stored(b.sha256);
    await app.database.db.execute(sql`update document_contents set bytes = ${Buffer.from(rowA.bytes)}, data_key = ${Buffer.from(rowA.data_key!)} where sha256 = ${b.sha256}`);
    try {
      const res = await readBack(app, b.id);
      expect(res.status).toBe(500);
      expect(Buffer.from(res.body as Buffer).includes(Buffer.from(people.hang.name))).toBe(false);
    } finally {
      await app.database.db.execute(sql`update document_contents set bytes = ${Buffer.from(rowB.bytes)}, data_key = ${Buffer.from(rowB.data_key!)} where sha256 = ${b.sha256}`);
    }
  });
});

describe('rotating the content key', () => {
  const old = testContentKeys();
  const oldKey: [string, Uint8Array] = [old.activeId, old.keys.get(old.activeId)!];
  const next: [string, Uint8Array] = ['2027-01', newContentKey()];

  it('re-encrypts every content under the new key, stops when told, resumes where it stopped, and every content reads intact throughout', async () => {
    const docs = [await ingest('710/2026/XNHN'), await ingest('711/2026/XNHN'), await ingest('712/2026/XNHN'), await ingest('713/2026/XNHN')];
    const plaintextBytes = pdfOf('714/2026/XNHN');
    await app.database.db.execute(sql`insert into document_contents (sha256, media_type, size, bytes) values (${sha256(plaintextBytes)}, 'application/pdf', ${plaintextBytes.length}, ${plaintextBytes})`);
    docs.push(await ingest('714/2026/XNHN', plaintextBytes));
    const before = (await rows<{ n: number }>(app, sql`select count(*)::int as n from document_contents`))[0]!.n;
    const dataKeysBefore = new Map(await Promise.all(docs.map(async (d) => [d.sha256, Buffer.from((await stored(d.sha256)).data_key ?? [])] as const)));

    // Instances restarted with the new key first, the old one kept to read what is not rotated yet.
    const rotated = await startTestApp({ contentKeys: keyring(next[0], next, oldKey) }, { database: app.database });
    const cipher = contentCipher(keyring(next[0], next, oldKey));
    const controller = new AbortController();
    const progress: number[] = [];
    const first = await rotateContents({
      db: app.database.db,
      cipher,
      batchBytes: 1,
      signal: controller.signal,
      onProgress: ({ done }) => {
        progress.push(done);
        if (done >= 2) controller.abort();
      },
    });
    expect(first).toMatchObject({ total: before, done: 2, stopped: true, remaining: before - 2, unreadable: [] });
    const keyIds = async () => (await rows<{ key_id: string | null }>(app, sql`select key_id from document_contents order by sha256`)).map((r) => r.key_id);
    expect((await keyIds()).filter((k) => k === next[0])).toHaveLength(2);
    for (const d of docs) expect(Buffer.compare((await readBack(rotated, d.id).expect(200)).body as Buffer, d.bytes)).toBe(0);

    const second = await rotateContents({ db: app.database.db, cipher, batchBytes: 1, onProgress: ({ done }) => progress.push(done) });
    expect(second).toMatchObject({ total: before - 2, done: before - 2, stopped: false, remaining: 0, unreadable: [] });
    expect(progress).toEqual([0, 1, 2, ...Array.from({ length: before - 1 }, (_, i) => i)]);
    expect(new Set(await keyIds())).toEqual(new Set([next[0]]));
    for (const d of docs) {
      const row = await stored(d.sha256);
      // A fresh data key each, not the old one re-wrapped.
      expect(Buffer.from(row.data_key!).equals(dataKeysBefore.get(d.sha256)!)).toBe(false);
      expect(Buffer.from(row.bytes).includes(Buffer.from(people.hang.name))).toBe(false);
    }
    expect((await rows<{ n: number }>(app, sql`select count(*)::int as n from document_contents`))[0]!.n).toBe(before);

    // Once rotated, the old key can leave the configuration; an instance without the new one cannot read.
    const onlyNew = await startTestApp({ contentKeys: keyring(next[0], next) }, { database: app.database });
    for (const d of docs) expect(Buffer.compare((await readBack(onlyNew, d.id).expect(200)).body as Buffer, d.bytes)).toBe(0);
    const onlyOld = await startTestApp({ contentKeys: keyring(oldKey[0], oldKey) }, { database: app.database });
    const refused = await readBack(onlyOld, docs[0]!.id).expect(503);
    expect(JSON.parse((refused.body as Buffer).toString())).toMatchObject({ type: 'https://motlan.vn/problems/content-key-unavailable' });

    // Nothing left: a further run does nothing.
    expect(await rotateContents({ db: app.database.db, cipher })).toMatchObject({ total: 0, done: 0, remaining: 0 });
  });

  it('when a stored content does not open to its hash, then the rotation leaves it, names it, and goes on', async () => {
    const good = await ingest('720/2026/XNHN');
    const corrupt = pdfOf('720-corrupt');
    const claimed = sha256(pdfOf('720-claimed'));
    await app.database.db.execute(sql`insert into document_contents (sha256, media_type, size, bytes) values (${claimed}, 'application/pdf', ${corrupt.length}, ${corrupt})`);
    const third: [string, Uint8Array] = ['2027-02', newContentKey()];
    const result = await rotateContents({ db: app.database.db, cipher: contentCipher(keyring(third[0], third, next, oldKey)) });
    expect(result.unreadable).toEqual([claimed]);
    expect(result.remaining).toBe(1);
    expect((await stored(good.sha256)).key_id).toBe(third[0]);
    expect((await stored(claimed)).key_id).toBeNull();
  });
});
