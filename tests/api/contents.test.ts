import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import S3rver from 's3rver';
import { bindContentStore, type ContentStore } from '../../src/contents';
import { collectContentGarbage } from '../../src/contents/contentGc';
import { migrateContents } from '../../src/contents/contentMigration';
import { directoryStore } from '../../src/contents/directoryStore';
import { s3Store } from '../../src/contents/s3Store';
import { encodeObject } from '../../src/contents/sealedObject';
import { contentCipher } from '../../src/documents/contentCipher';
import { rotateContents } from '../../src/documents/contentRotation';
import { formatContentKeys, newContentKey } from '../../src/keys/contentKeys';
import { runCli } from '../support/cli';
import { startTestApp, testContentKeys, tokens, type TestApp } from '../support/testApp';
import { openTestDatabase } from '../support/testDatabase';
import { auth, confirmation, people, rows, setUpVault, sign, type AgencySigner } from './documents.support';

// Document contents in a content store (docs/contents.md), through the API, against the directory
// store and an S3-compatible server (s3rver, in-process): sealed objects, reads, the store down,
// a missing object, moving contents out of the database, gc and the store's identity.

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A PDF whose text is personal: what a store's operator must never read. */
const pdfOf = (number: string, who: { name: string; id: string } = people.hang) =>
  Buffer.from(`%PDF-1.7\n% Giấy xác nhận tình trạng hôn nhân số ${number}\n% Họ tên: ${who.name}, số định danh ${who.id}\n%%EOF\n`, 'utf8');

interface Backend {
  store: ContentStore;
  /** CONTENT_STORE and credentials for a CLI run against the same store. */
  env: Record<string, string>;
  down(): Promise<void>;
  up(): Promise<void>;
  /** Another, empty store of the same kind. */
  another(): ContentStore;
  close(): Promise<void>;
}

async function directoryBackend(): Promise<Backend> {
  const root = path.join(tempDir('motlan-contents-'), 'contents');
  const away = `${root}.away`;
  return {
    store: directoryStore(root),
    env: { CONTENT_STORE: `file:${root}` },
    // A file where the folder was: every read and write fails, as on an unmounted volume.
    down: async () => {
      fs.mkdirSync(root, { recursive: true });
      fs.renameSync(root, away);
      fs.writeFileSync(root, 'not a folder');
    },
    up: async () => {
      fs.rmSync(root);
      fs.renameSync(away, root);
    },
    another: () => directoryStore(path.join(tempDir('motlan-contents-'), 'contents')),
    close: async () => fs.rmSync(path.dirname(root), { recursive: true, force: true }),
  };
}

async function s3Backend(): Promise<Backend> {
  const directory = tempDir('motlan-s3rver-');
  const start = async (port = 0) => {
    const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'motlan-contents', configs: [] }] });
    return { server, port: (await server.run()).port };
  };
  let running: Awaited<ReturnType<typeof start>> | undefined = await start();
  const port = running.port;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const endpoint = `http://127.0.0.1:${port}`;
  const at = (prefix: string) => s3Store({ kind: 's3', bucket: 'motlan-contents', prefix, endpoint, region: 'us-east-1', pathStyle: true }, credentials);
  const store = at('vault/');
  return {
    store,
    env: { CONTENT_STORE: `s3://motlan-contents/vault?endpoint=${endpoint}`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
    down: async () => {
      await running!.server.close();
      running = undefined;
    },
    up: async () => {
      running = await start(port);
    },
    another: () => at(`other-${randomBytes(4).toString('hex')}/`),
    close: async () => {
      await store.close();
      await running?.server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['the directory store', directoryBackend],
  ['an S3-compatible store (s3rver)', s3Backend],
])('contents in %s', (_name, makeBackend) => {
  let backend: Backend;
  let app: TestApp;
  let soTuPhap: AgencySigner;
  let hang: { Authorization: string };
  beforeAll(async () => {
    backend = await makeBackend();
    app = await startTestApp({ contentStore: backend.store });
    ({ soTuPhap } = await setUpVault(app));
    hang = { Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` };
  });
  afterAll(async () => {
    await app?.close();
    await backend?.close();
  });

  const ingestBody = (number: string, bytes = pdfOf(number)) => sign({ ...confirmation(number), content: { data: bytes.toString('base64'), sha256: sha256(bytes) } }, soTuPhap);
  async function ingest(number: string, bytes = pdfOf(number)) {
    const res = await app.http.post('/v1/documents').set(await auth()).send(await ingestBody(number, bytes)).expect(201);
    return { id: res.body.id as string, bytes, sha256: sha256(bytes) };
  }
  const readBack = (server: TestApp, id: string) =>
    server.http.get(`/v1/me/documents/${id}/content`).set(hang).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const problemOf = (body: unknown) => JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body)) as { type: string; status: number };
  const row = async (hash: string) =>
    (await rows<{ bytes: Uint8Array | null; key_id: string | null; data_key: Uint8Array | null }>(app, sql`select bytes, key_id, data_key from document_contents where sha256 = ${hash}`))[0];
  const count = async (query: ReturnType<typeof sql>) => (await rows<{ n: number }>(app, query))[0]!.n;

  it('when a document is ingested, then its row points at the store, the object is sealed (no name, no ID, no text), and the content reads back intact', async () => {
    const doc = await ingest('801/2026/XNHN');
    expect(await row(doc.sha256)).toMatchObject({ bytes: null, data_key: null, key_id: testContentKeys().activeId });
    const object = (await backend.store.get(doc.sha256))!;
    expect(object.subarray(0, 4).toString('ascii')).toBe('MTC1');
    for (const secret of [people.hang.name, people.hang.id, '801/2026/XNHN', '%PDF-1.7']) expect(object.includes(Buffer.from(secret, 'utf8'))).toBe(false);

    const res = await readBack(app, doc.id).expect(200);
    expect(Buffer.compare(res.body as Buffer, doc.bytes)).toBe(0);
    expect(res.headers['content-digest']).toBe(`sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`);
  });

  it('when two documents carry the same bytes, then they share one object and one row', async () => {
    const bytes = pdfOf('shared-802');
    const first = await ingest('802/2026/XNHN', bytes);
    const second = await ingest('803/2026/XNHN', bytes);
    expect(first.sha256).toBe(second.sha256);
    expect(await count(sql`select count(*)::int as n from document_contents where sha256 = ${first.sha256}`)).toBe(1);
    expect(Buffer.compare((await readBack(app, second.id).expect(200)).body as Buffer, bytes)).toBe(0);
  });

  it('when the store is down, then ingests and reads answer 503 content-store-unavailable, nothing is half written, and once it is back the same ingest succeeds', async () => {
    const stored = await ingest('804/2026/XNHN');
    const body = await ingestBody('805/2026/XNHN');
    const documentsBefore = await count(sql`select count(*)::int as n from documents`);
    await app.http.get('/health/ready').expect(200).expect((res) => expect(res.body).toMatchObject({ status: 'ready', contentStore: 'up' }));
    await backend.down();
    try {
      const notReady = await app.http.get('/health/ready').expect(503);
      expect(notReady.body).toMatchObject({ type: 'https://motlan.vn/problems/not-ready', detail: 'The content store (CONTENT_STORE) does not answer.' });
      expect(notReady.headers['retry-after']).toBe('5');
      const refused = await app.http.post('/v1/documents').set(await auth()).send(body).expect(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ type: 'https://motlan.vn/problems/content-store-unavailable', status: 503 });
      expect(refused.headers['retry-after']).toBe('10');
      expect(await count(sql`select count(*)::int as n from document_contents where sha256 = ${body.content.sha256}`)).toBe(0);
      expect(await count(sql`select count(*)::int as n from documents`)).toBe(documentsBefore);

      const unreadable = await readBack(app, stored.id).expect(503);
      expect(problemOf(unreadable.body)).toMatchObject({ type: 'https://motlan.vn/problems/content-store-unavailable' });
      // Metadata is in the database: it still reads.
      await app.http.get(`/v1/me/documents/${stored.id}`).set(hang).expect(200);
    } finally {
      await backend.up();
    }
    const res = await app.http.post('/v1/documents').set(await auth()).send(body).expect(201);
    expect(Buffer.compare((await readBack(app, res.body.id as string).expect(200)).body as Buffer, pdfOf('805/2026/XNHN'))).toBe(0);
    expect(Buffer.compare((await readBack(app, stored.id).expect(200)).body as Buffer, stored.bytes)).toBe(0);
  });

  it('when the store loses its identity marker (wiped or replaced), then /health/ready answers 503 until it is back', async () => {
    const marker = (await backend.store.readMarker())!;
    await backend.store.writeMarker('a-store-of-someone-else');
    try {
      const res = await app.http.get('/health/ready').expect(503);
      expect(res.body.detail).toMatch(/^The content store .* no longer carries this database's store id: it was replaced or wiped\.$/);
    } finally {
      await backend.store.writeMarker(marker);
    }
    await app.http.get('/health/ready').expect(200);
  });

  it('when a content object is missing from the store, then its read answers 503 content-unavailable', async () => {
    const doc = await ingest('806/2026/XNHN');
    const object = (await backend.store.get(doc.sha256))!;
    await backend.store.delete(doc.sha256);
    try {
      const res = await readBack(app, doc.id).expect(503);
      expect(problemOf(res.body)).toMatchObject({ type: 'https://motlan.vn/problems/content-unavailable', status: 503 });
    } finally {
      await backend.store.put(doc.sha256, object);
    }
    await readBack(app, doc.id).expect(200);
  });

  it('when contents are still in database rows, then moving them to the store keeps every one readable, reports progress, and a second run has nothing to do', async () => {
    // An instance from before the store (contents in rows) ingests, and a row from before encryption at rest.
    const legacy = await startTestApp({}, { database: app.database });
    const inRows: Array<{ id: string; bytes: Buffer; sha256: string }> = [];
    for (const n of ['810', '811', '812']) {
      const bytes = pdfOf(`${n}/2026/XNHN`, people.anh);
      const res = await legacy.http.post('/v1/documents').set(await auth()).send(await ingestBody(`${n}/2026/XNHN`, bytes)).expect(201);
      inRows.push({ id: res.body.id as string, bytes, sha256: sha256(bytes) });
    }
    const plaintext = pdfOf('813/2026/XNHN');
    await app.database.db.execute(sql`insert into document_contents (sha256, media_type, size, bytes) values (${sha256(plaintext)}, 'application/pdf', ${plaintext.length}, ${plaintext})`);
    inRows.push({ ...(await ingest('813/2026/XNHN', plaintext)) });
    for (const d of inRows) expect((await row(d.sha256))!.bytes).not.toBeNull();
    const total = await count(sql`select count(*)::int as n from document_contents where bytes is not null`);
    expect(total).toBe(4);

    if (app.database.url) {
      // As an operator runs it, against the database this Motlan serves from.
      const env = { ...backend.env, DATABASE_URL: app.database.url, DATA_DIR: tempDir('motlan-cli-'), CONTENT_KEYS: formatContentKeys(testContentKeys()) };
      const help = await runCli('src/contents/contentsMigrate.cli.ts', ['--help'], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: npm run contents:migrate/);
      const run = await runCli('src/contents/contentsMigrate.cli.ts', ['--batch-mb', '1', '--pause-ms', '0'], env);
      expect(run.stderr).toMatch(/4\/4 contents/);
      expect(run.stdout).toContain(`4 contents moved to ${backend.store.location}, 0 left in the database`);
      expect(run.code).toBe(0);
      const again = await runCli('src/contents/contentsMigrate.cli.ts', [], env);
      expect(again.stdout).toContain('0 contents moved');
      expect(again.code).toBe(0);
    } else {
      // PGlite serves one process: the same run, in this one.
      // Stopped after two batches, then started again: it resumes where it stopped.
      const progress: number[] = [];
      const controller = new AbortController();
      const cipher = contentCipher(testContentKeys());
      const first = await migrateContents({
        db: app.database.db,
        cipher,
        store: backend.store,
        batchBytes: 1,
        signal: controller.signal,
        onProgress: ({ done }) => {
          progress.push(done);
          if (done >= 2) controller.abort();
        },
      });
      expect(first).toMatchObject({ total: 4, done: 2, remaining: 2, unreadable: [], stopped: true });
      for (const d of inRows) await readBack(app, d.id).expect(200);
      const result = await migrateContents({ db: app.database.db, cipher, store: backend.store, batchBytes: 1, onProgress: ({ done }) => progress.push(done) });
      expect(result).toMatchObject({ total: 2, done: 2, remaining: 0, unreadable: [], stopped: false });
      expect(progress).toEqual([0, 1, 2, 0, 1, 2]);
      expect(await migrateContents({ db: app.database.db, cipher: contentCipher(testContentKeys()), store: backend.store })).toMatchObject({ total: 0, done: 0, remaining: 0 });
    }
    expect(await count(sql`select count(*)::int as n from document_contents where bytes is not null`)).toBe(0);
    for (const d of inRows) {
      expect(await row(d.sha256)).toMatchObject({ bytes: null, data_key: null, key_id: testContentKeys().activeId });
      expect((await backend.store.get(d.sha256))!.includes(Buffer.from(people.anh.name))).toBe(false);
      expect(Buffer.compare((await readBack(app, d.id).expect(200)).body as Buffer, d.bytes)).toBe(0);
    }
  }, 120_000);

  it('when the content key is rotated, then objects in the store are sealed anew under the new key and read back with it alone', async () => {
    const doc = await ingest('830/2026/XNHN');
    const old = testContentKeys();
    const next: [string, Uint8Array] = [`2027-${randomBytes(2).toString('hex')}`, newContentKey()];
    const both = { activeId: next[0], keys: new Map([next, [old.activeId, old.keys.get(old.activeId)!]]) };
    const result = await rotateContents({ db: app.database.db, cipher: contentCipher(both), contentStore: backend.store });
    expect(result).toMatchObject({ remaining: 0, unreadable: [] });
    expect(await row(doc.sha256)).toMatchObject({ bytes: null, data_key: null, key_id: next[0] });
    expect((await backend.store.get(doc.sha256))!.includes(Buffer.from(next[0]))).toBe(true);
    const onlyNew = await startTestApp({ contentKeys: { activeId: next[0], keys: new Map([next]) }, contentStore: backend.store }, { database: app.database });
    expect(Buffer.compare((await readBack(onlyNew, doc.id).expect(200)).body as Buffer, doc.bytes)).toBe(0);
    // Back under the test key, so the other tests read with it.
    expect(await rotateContents({ db: app.database.db, cipher: contentCipher({ ...both, activeId: old.activeId }), contentStore: backend.store })).toMatchObject({ remaining: 0, unreadable: [] });
  });

  it('when the store holds objects no row refers to, then gc deletes those (a dry run only lists them) and leaves every referenced or young one', async () => {
    const kept = await ingest('820/2026/XNHN');
    const orphanBytes = pdfOf('820-orphan');
    const orphan = sha256(orphanBytes);
    await backend.store.put(orphan, encodeObject(contentCipher(testContentKeys()).seal(orphan, orphanBytes)));

    const young = await collectContentGarbage({ db: app.database.db, store: backend.store });
    expect(young.deleted).toBe(0);
    expect(await backend.store.exists(orphan)).toBe(true);

    if (app.database.url) {
      const env = { ...backend.env, DATABASE_URL: app.database.url, DATA_DIR: tempDir('motlan-cli-') };
      const dry = await runCli('src/contents/contentsGc.cli.ts', ['--dry-run', '--min-age', '0'], env);
      expect(dry.code).toBe(0);
      expect(dry.stdout.trim().split('\n')).toEqual([orphan]);
      expect(await backend.store.exists(orphan)).toBe(true);
      const run = await runCli('src/contents/contentsGc.cli.ts', ['--min-age', '0'], env);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('1 unreferenced objects deleted');
    } else {
      const dry = await collectContentGarbage({ db: app.database.db, store: backend.store, minAgeMs: 0, dryRun: true });
      expect(dry).toMatchObject({ garbage: 1, deleted: 0, sample: [orphan] });
      expect(await backend.store.exists(orphan)).toBe(true);
      expect(await collectContentGarbage({ db: app.database.db, store: backend.store, minAgeMs: 0 })).toMatchObject({ garbage: 1, deleted: 1 });
    }
    expect(await backend.store.exists(orphan)).toBe(false);
    expect(await backend.store.exists(kept.sha256)).toBe(true);
    await readBack(app, kept.id).expect(200);
  }, 60_000);

  it("when another database, or this one, is pointed at a store that is not its own, then binding refuses and says why", async () => {
    const other = await openTestDatabase();
    try {
      await expect(bindContentStore(other.db, backend.store)).rejects.toThrow(/belongs to another database/);
      if (other.url) {
        // As Motlan's start does: one line, exit 1, nothing touched.
        const refused = await runCli('src/contents/contentsGc.cli.ts', [], { ...backend.env, DATABASE_URL: other.url, DATA_DIR: tempDir('motlan-cli-') });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/^Cannot use the content store: the content store .* belongs to another database/m);
        expect(refused.stderr).not.toMatch(/^\s+at /m);
        const help = await runCli('src/contents/contentsGc.cli.ts', ['--help'], {});
        expect(help.stdout).toMatch(/^Usage: npm run contents:gc/);
      }
    } finally {
      await other.close();
    }
    const empty = backend.another();
    try {
      await expect(bindContentStore(app.database.db, empty)).rejects.toThrow(/is not this database's: \d+ contents live in the store/);
    } finally {
      await empty.close();
    }
  });
});
