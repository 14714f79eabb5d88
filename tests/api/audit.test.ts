import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { auditStore } from '../../src/audit/audit.store';
import { GENESIS_HASH } from '../../src/audit/chain';
import { makeCitizenId } from '../../src/ids';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { auth, confirmation, dossierCode, people, rows, setUpVault, sign, SO_TU_PHAP, UBND_XA, type AgencySigner } from './documents.support';

let app: TestApp;
let soTuPhap: AgencySigner;
let subjectIds: Record<keyof typeof people, string>;
beforeAll(async () => {
  app = await startTestApp();
  ({ soTuPhap } = await setUpVault(app));
  const found = await rows<{ id: string; national_id: string }>(app, sql`select id, national_id from subjects`);
  subjectIds = Object.fromEntries(Object.entries(people).map(([k, p]) => [k, found.find((r) => r.national_id === p.id)!.id])) as typeof subjectIds;
});
afterAll(() => app?.close());

const citizen = async (id: string) => ({ Authorization: `Bearer ${await tokens.citizen(id)}` });
const operator = async () => ({ Authorization: `Bearer ${await tokens.operator()}` });
const chainOf = (subjectId: string) =>
  rows<{ seq: number; prev_hash: string; hash: string; purpose: string | null }>(app, sql`select seq::int as seq, prev_hash, hash, purpose from audit_entries where chain_key = ${subjectId} order by seq`);

/** As an attacker with database access would: switch the trigger off, change a row, switch it back. */
async function tamper(change: ReturnType<typeof sql>) {
  await app.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_entries disable trigger audit_entries_append_only`);
    await tx.execute(change);
    await tx.execute(sql`alter table audit_entries enable trigger audit_entries_append_only`);
  });
}

describe('the chain', () => {
  it('when documents are ingested and read, then the subject chain runs 1..n, each entry linked to the one before', async () => {
    const doc = await app.http.post('/v1/documents').set(await auth()).send(await sign(confirmation('100/2026/XNHN'), soTuPhap)).expect(201);
    await app.http.get(`/v1/documents/${doc.body.id}`).set(await auth()).expect(200);

    const chain = await chainOf(subjectIds.hang);
    expect(chain.length).toBeGreaterThanOrEqual(3); // registration, ingest, read
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(chain[0]!.prev_hash).toBe(GENESIS_HASH);
    chain.slice(1).forEach((e, i) => expect(e.prev_hash).toBe(chain[i]!.hash));

    const res = await app.http.get('/v1/me/access-log/verification').set(await citizen(people.hang.id)).expect(200);
    expectToMatchSchema(res.body, 'audit/chain-verification');
    expect(res.body).toEqual({ valid: true, entries: chain.length });
  });

  it('when 20 requests read one subject at once, then the chain has 20 more entries, no duplicate seq and no fork', async () => {
    const before = (await chainOf(subjectIds.phuc)).length;
    const headers = await auth(SO_TU_PHAP, ['subjects:read']);
    const results = await Promise.all(Array.from({ length: 20 }, () => app.http.get(`/v1/subjects/${people.phuc.id}`).set(headers)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));

    const chain = await chainOf(subjectIds.phuc);
    expect(chain).toHaveLength(before + 20);
    expect(new Set(chain.map((e) => e.seq)).size).toBe(chain.length);
    const verdict = await app.http.get(`/v1/subjects/${people.phuc.id}/access-log/verification`).set(await operator()).expect(200);
    expect(verdict.body).toEqual({ valid: true, entries: before + 20 });
  });

  it('when batches touching the same chains in opposite orders run at once, then none deadlocks and every chain stays whole', async () => {
    const store = auditStore(app.database.db);
    const entry = (subjectId: string) => ({ actor: `agency:${SO_TU_PHAP}/batch`, action: 'document.read', subjectId, decision: 'allow' as const, rule: 'issuer' });
    const { hang, phuc, khoi } = subjectIds;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const order = i % 2 ? [hang, phuc, khoi] : [khoi, phuc, hang];
        return store.append([...order.map(entry), ...order.map(entry), { actor: 'operator:x', action: 'system.check', decision: 'allow', rule: 'role:operator' }]);
      }),
    );
    for (const id of [hang, phuc, khoi]) {
      const chain = await chainOf(id);
      expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
      chain.slice(1).forEach((e, i) => expect(e.prev_hash).toBe(chain[i]!.hash));
    }
    expect((await chainOf('system')).length).toBeGreaterThanOrEqual(10);
  });

  it('when many appends to one chain arrive at once, then they are grouped, each caller resumes after its entry is written, and the chain stays whole', async () => {
    const store = auditStore(app.database.db);
    const before = (await chainOf(subjectIds.khoi)).length;
    const requests = Array.from({ length: 25 }, (_, i) => `grouped-${i}`);
    await Promise.all(
      requests.map(async (requestId) => {
        await store.append({ actor: `agency:${UBND_XA}/one-stop`, action: 'identity.verify', subjectId: subjectIds.khoi, decision: 'allow', rule: 'role:identity', requestId });
        // Resumed: the entry is committed and visible to another connection's read.
        const [row] = await rows<{ n: number }>(app, sql`select count(*)::int as n from audit_entries where request_id = ${requestId}`);
        expect(row!.n).toBe(1);
      }),
    );
    const chain = await chainOf(subjectIds.khoi);
    expect(chain).toHaveLength(before + 25);
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
    chain.slice(1).forEach((e, i) => expect(e.prev_hash).toBe(chain[i]!.hash));
  });

  it('when the head this process knows was moved by another writer, or a caller passes a wrong head, then the entry still continues the chain', async () => {
    const store = auditStore(app.database.db);
    const before = (await chainOf(subjectIds.hang)).length;
    const entry = (requestId: string) => ({ actor: `agency:${UBND_XA}/one-stop`, action: 'identity.verify', subjectId: subjectIds.hang, decision: 'allow' as const, rule: 'role:identity', requestId });
    // A transaction's append moves the head without the group commit's writer knowing.
    const elsewhere = (requestId: string) => app.database.db.transaction((tx) => auditStore(tx).append(entry(requestId)));
    const head = async () => {
      const [last] = (await chainOf(subjectIds.hang)).slice(-1);
      return { seq: last!.seq, lastHash: last!.hash };
    };
    await store.append(entry('known-1'));
    await store.append(entry('known-2'));
    await elsewhere('moved-1');
    await store.append(entry('after-move'));
    await elsewhere('moved-2');
    await store.append(entry('wrong-hash'), [{ subjectId: subjectIds.hang, head: { ...(await head()), lastHash: 'f'.repeat(64) } }]);
    await elsewhere('moved-3');
    const current = await head();
    await store.append(entry('wrong-seq'), [{ subjectId: subjectIds.hang, head: { ...current, seq: current.seq + 50 } }]);
    await store.append(entry('stale'), [{ subjectId: subjectIds.hang, head: { seq: 1, lastHash: GENESIS_HASH } }]);
    await store.append(entry('known-3'));

    const chain = await chainOf(subjectIds.hang);
    const order = ['known-1', 'known-2', 'moved-1', 'after-move', 'moved-2', 'wrong-hash', 'moved-3', 'wrong-seq', 'stale', 'known-3'];
    expect(chain).toHaveLength(before + order.length);
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
    chain.slice(1).forEach((e, i) => expect(e.prev_hash).toBe(chain[i]!.hash));
    const logged = await rows<{ request_id: string }>(app, sql`select request_id from audit_entries where chain_key = ${subjectIds.hang} and seq > ${before} order by seq`);
    expect(logged.map((r) => r.request_id)).toEqual(order);
    const verdict = await app.http.get(`/v1/subjects/${people.hang.id}/access-log/verification`).set(await operator()).expect(200);
    expect(verdict.body).toEqual({ valid: true, entries: before + order.length });
  });

  it('when a transaction holds one chain, then an append to another chain does not wait for it', async () => {
    // PGlite has one connection: everything waits for an open transaction there, grouped or not.
    if (app.database.engine === 'pglite') return;
    const store = auditStore(app.database.db);
    const entry = (subjectId: string) => ({ actor: `agency:${SO_TU_PHAP}/hold`, action: 'document.read', subjectId, decision: 'allow' as const, rule: 'issuer' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const transaction = app.database.db.transaction(async (tx) => {
      await auditStore(tx).append(entry(subjectIds.hang));
      holding();
      await held;
    });
    await isHolding;
    // Another request for the held chain queues behind the transaction; one for another chain does not.
    const blocked = store.append(entry(subjectIds.hang));
    const started = Date.now();
    await store.append(entry(subjectIds.phuc));
    expect(Date.now() - started).toBeLessThan(1000);
    release();
    await Promise.all([transaction, blocked]);
  });
});

/** The database's own message: drizzle wraps it as the cause of a "Failed query" error. */
async function refusal(statement: ReturnType<typeof sql>): Promise<string> {
  try {
    await app.database.db.execute(statement);
  } catch (error) {
    return String((error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message);
  }
  return 'no error';
}

describe('append-only', () => {
  it('when anyone updates, deletes or truncates an audit row through the database, then the database refuses', async () => {
    const [first] = await chainOf(subjectIds.hang);
    expect(first).toBeDefined();
    expect(await refusal(sql`update audit_entries set purpose = 'x' where chain_key = ${subjectIds.hang} and seq = 1`)).toMatch(/audit_entries is append-only/);
    expect(await refusal(sql`delete from audit_entries where chain_key = ${subjectIds.hang} and seq = 1`)).toMatch(/audit_entries is append-only/);
    expect(await refusal(sql`truncate audit_entries`)).toMatch(/audit_entries is append-only/);
    expect((await chainOf(subjectIds.hang))[0]).toEqual(first);
  });

  it('when an attacker alters one entry with the trigger switched off, then verification names exactly that seq', async () => {
    const store = auditStore(app.database.db);
    const anh = subjectIds.anh;
    const before = (await chainOf(anh)).length;
    for (let i = 0; i < 5; i += 1) await store.append({ actor: `agency:${SO_TU_PHAP}/x`, action: 'document.read', subjectId: anh, purpose: '1.000894', decision: 'allow', rule: 'issuer' });
    const target = before + 3;
    await tamper(sql`update audit_entries set purpose = '2.000000' where chain_key = ${anh} and seq = ${target}`);

    const own = await app.http.get('/v1/me/access-log/verification').set(await citizen(people.anh.id)).expect(200);
    expect(own.body).toEqual({ valid: false, entries: before + 5, firstBrokenSeq: target, reason: 'hash-mismatch' });
    const audited = await app.http.get(`/v1/subjects/${people.anh.id}/access-log/verification`).set(await operator()).expect(200);
    expect(audited.body).toMatchObject({ valid: false, firstBrokenSeq: target });
  });

  it('when an attacker deletes the last entries, then the chain head gives it away', async () => {
    const store = auditStore(app.database.db);
    const khoi = subjectIds.khoi;
    await store.append({ actor: 'operator:x', action: 'subject.read', subjectId: khoi, decision: 'allow', rule: 'role:operator' });
    const n = (await chainOf(khoi)).length;
    await tamper(sql`delete from audit_entries where chain_key = ${khoi} and seq = ${n}`);
    const res = await app.http.get(`/v1/subjects/${people.khoi.id}/access-log/verification`).set(await operator()).expect(200);
    expect(res.body).toEqual({ valid: false, entries: n - 1, firstBrokenSeq: n, reason: 'head-mismatch' });
  });
});

describe('the citizen access log', () => {
  const AT = new Date('2026-11-27T03:00:00Z');
  const consentId = randomUUID();
  const basisId = randomUUID();
  const dossier = dossierCode(SO_TU_PHAP, '2026-11-27');
  let hangRequest: string;

  beforeAll(async () => {
    const store = auditStore(app.database.db);
    hangRequest = `req-${randomUUID()}`;
    const read = { actor: `agency:${SO_TU_PHAP}/one-stop`, action: 'document.read', subjectId: subjectIds.hang, documentId: randomUUID(), documentType: 'birth-certificate', purpose: '1.000894', dossierCode: dossier, requestId: hangRequest };
    await store.append([
      { ...read, at: new Date('2026-11-20T03:00:00Z'), decision: 'deny', rule: 'deny:no_consent' },
      { ...read, at: AT, decision: 'allow', rule: `consent:${consentId}` },
      { ...read, at: AT, actor: `agency:${UBND_XA}/one-stop`, officialId: 'CB-0042', decision: 'allow', rule: `legal_basis:${basisId}`, documentType: 'marriage-certificate' },
    ]);
    await store.append({ ...read, subjectId: subjectIds.phuc, requestId: 'req-phuc-only', at: AT, decision: 'allow', rule: `consent:${consentId}` });
  });

  it('when the citizen reads it, then each entry has its fields and says in Vietnamese who read what, for which dossier, on what basis', async () => {
    const res = await app.http.get('/v1/me/access-log').set(await citizen(people.hang.id)).query({ from: '2026-11-20', to: '2026-11-27' }).expect(200);
    expectToMatchSchema(res.body, 'audit/access-log');
    const [xa, consent, denied] = res.body.items;
    expect(consent).toMatchObject({
      agency: { code: SO_TU_PHAP, name: 'Sở Tư pháp tỉnh Đồng Tháp' },
      documentType: { code: 'birth-certificate', nameVi: 'Giấy khai sinh', nameEn: 'Birth certificate' },
      purpose: '1.000894', dossierCode: dossier, decision: 'allow', rule: `consent:${consentId}`, requestId: hangRequest,
    });
    expect(consent.description.vi).toBe(`Sở Tư pháp tỉnh Đồng Tháp (${SO_TU_PHAP}) đã xem Giấy khai sinh của bạn cho hồ sơ ${dossier} (thủ tục 1.000894) ngày 27/11/2026, theo sự đồng ý của bạn.`);
    expect(consent.description.en).toBe(`Sở Tư pháp tỉnh Đồng Tháp (${SO_TU_PHAP}) viewed your Birth certificate for dossier ${dossier} (procedure 1.000894) on 27/11/2026, with your consent.`);
    expect(xa.description.vi).toBe(`Ủy ban nhân dân xã Mỹ Phong (${UBND_XA}), cán bộ có số định danh ••••0042, đã xem Giấy chứng nhận kết hôn của bạn cho hồ sơ ${dossier} (thủ tục 1.000894) ngày 27/11/2026, theo quy định pháp luật.`);
    expect(xa.officialId).toBe('CB-0042');
    expect(denied.description.vi).toBe(`Sở Tư pháp tỉnh Đồng Tháp (${SO_TU_PHAP}) đã yêu cầu xem Giấy khai sinh của bạn cho hồ sơ ${dossier} (thủ tục 1.000894) ngày 20/11/2026, nhưng đã bị từ chối vì chưa có sự đồng ý của chủ thể dữ liệu.`);
  });

  it('when the issuer reads its own document, then the sentence says it is the issuing agency', async () => {
    const res = await app.http.get('/v1/me/access-log').set(await citizen(people.hang.id)).query({ agency: SO_TU_PHAP, limit: 100 }).expect(200);
    const read = res.body.items.find((e: { action: string; rule: string }) => e.action === 'document.read' && e.rule === 'issuer-only');
    expect(read.description.vi).toMatch(/^Sở Tư pháp tỉnh Đồng Tháp \(000\.17\.22\.H56\) đã xem Giấy xác nhận tình trạng hôn nhân của bạn cho hồ sơ 000\.17\.22\.H56-\d{6}-0001 ngày \d\d\/\d\d\/\d{4}, là cơ quan cấp giấy tờ\.$/);
  });

  it('when another citizen reads theirs, then they see only their own entries', async () => {
    const phuc = await app.http.get('/v1/me/access-log').set(await citizen(people.phuc.id)).query({ limit: 100 }).expect(200);
    const hang = await app.http.get('/v1/me/access-log').set(await citizen(people.hang.id)).query({ limit: 100 }).expect(200);
    const ids = (body: { items: Array<{ requestId: string | null }> }) => body.items.map((e) => e.requestId);
    expect(ids(phuc.body)).toContain('req-phuc-only');
    expect(ids(phuc.body)).not.toContain(hangRequest);
    expect(ids(hang.body)).toContain(hangRequest);
    expect(ids(hang.body)).not.toContain('req-phuc-only');
  });

  it('when filtered by agency, document type or dates, then only matching entries come back', async () => {
    const get = async (query: Record<string, string>) => (await app.http.get('/v1/me/access-log').set(await citizen(people.hang.id)).query({ limit: 100, ...query }).expect(200)).body.items as Array<{ agency: { code: string }; rule: string }>;
    const xa = await get({ agency: UBND_XA });
    expect(xa.length).toBeGreaterThan(0);
    expect(xa.every((e) => e.agency.code === UBND_XA)).toBe(true);
    expect((await get({ documentType: 'marriage-certificate' })).map((e) => e.rule)).toEqual([`legal_basis:${basisId}`]);
    const day = await get({ from: '2026-11-20', to: '2026-11-20' });
    expect(day.map((e) => e.rule)).toEqual(['deny:no_consent']);
    // 03:00 UTC on the 27th is 10:00 in Vietnam: on the 27th, not the 26th.
    expect(await get({ from: '2026-11-21', to: '2026-11-26' })).toEqual([]);
  });

  it('when paged two at a time, then every entry comes once, newest first, and the last page has no cursor', async () => {
    const headers = await citizen(people.hang.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const res = await app.http.get('/v1/me/access-log').set(headers).query({ limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((e: { seq: number }) => e.seq));
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    const total = (await chainOf(subjectIds.hang)).length;
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));
  });

  it('when the query is wrong, then 400 names it', async () => {
    const headers = await citizen(people.hang.id);
    await app.http.get('/v1/me/access-log').set(headers).query({ limit: 101 }).expect(400);
    await app.http.get('/v1/me/access-log').set(headers).query({ cursor: 'bm9wZQ' }).expect(400);
    const res = await app.http.get('/v1/me/access-log').set(headers).query({ from: '2026-11-27', to: '2026-11-01' }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/to', rule: 'date_range.order' })]);
  });

  it('when the citizen has no record, or the caller is not a citizen, then 404 or 403', async () => {
    const stranger = await citizen(makeCitizenId({ provinceCode: '001', sex: 'male', birthYear: 1970, serial: 9 }));
    const missing = await app.http.get('/v1/me/access-log').set(stranger).expect(404);
    expect(missing.body.detail).toMatch(/no record/);
    await app.http.get('/v1/me/access-log/verification').set(stranger).expect(404);
    await app.http.get('/v1/me/access-log').set(await auth()).expect(403);
    await app.http.get(`/v1/subjects/${people.hang.id}/access-log/verification`).set(await citizen(people.hang.id)).expect(403);
    await app.http.get(`/v1/subjects/${people.hang.id}/access-log/verification`).set(await auth()).expect(403);
    await app.http.get('/v1/me/access-log').expect(401);
  });
});
