import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { base64url, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { webhookDispatcher, type WebhookSettings } from '../../src/webhooks';
import type { ResolveHost, ResolvedAddress } from '../../src/webhooks/receiverConnection';
import { expectToMatchSchema } from '../support/contract';
import { testLogger } from '../support/logCapture';
import { startTestApp, testMotlanKey, tokens, type TestApp } from '../support/testApp';
import { auth, confirmation, daysAgo, dossierCode, people, RECENT, rows, setUpVault, sign, SO_TU_PHAP, UBND_XA, type AgencySigner } from './documents.support';

// Hằng's marital-status confirmations, issued by the Sở Tư pháp. Two communes may read them for a
// marriage registration (1.000894) under the seeded legal basis; Xã Mỹ Phong does, Xã Tân Thuận
// only in the supersession journey. Each commune's one-stop system runs a receiver.
const XA_TAN_THUAN = '000.32.22.H56';
const MARRIAGE = '1.000894';
const SETTINGS: WebhookSettings = { pollMs: 50, timeoutMs: 2_000, maxAttempts: 3, backoffInitialMs: 1_000, backoffMaxMs: 60_000, allowHttp: true };

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A one-stop system's endpoint: records every POST and answers with the next queued status (204 when none). */
async function startReceiver() {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const status = answers.get(req.url ?? '')?.shift() ?? 204;
      // A failing receiver's body must never reach the delivery log.
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status >= 300 ? `lỗi nội bộ của ${people.hang.id}` : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    answer: (path: string, ...statuses: number[]) => answers.set(path, statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let app: TestApp;
let soTuPhap: AgencySigner;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let xa: { Authorization: string };
let tanThuan: { Authorization: string };
let issuer: { Authorization: string };
let operator: { Authorization: string };
// The dispatcher's clock runs ahead of real time by `skew`, so a test can jump past a backoff.
let skew = 0;
const dispatcher = async (settings: Partial<WebhookSettings> = {}, resolveHost?: ResolveHost) =>
  webhookDispatcher({ db: app.database.db, signingKey: await testMotlanKey(), logger: testLogger(), settings: { ...SETTINGS, ...settings }, clock: () => new Date(Date.now() + skew), random: () => 0.5, resolveHost });

beforeAll(async () => {
  app = await startTestApp({ webhooks: { allowHttp: true } });
  ({ soTuPhap } = await setUpVault(app));
  receiver = await startReceiver();
  operator = { Authorization: `Bearer ${await tokens.operator()}` };
  await app.http.put(`/v1/agencies/${XA_TAN_THUAN}`).set(operator).send({ name: 'Ủy ban nhân dân xã Tân Thuận', level: 'commune', parentCode: null, jwks: { keys: [] } }).expect(201);
  xa = await auth(UBND_XA, ['documents:read']);
  tanThuan = await auth(XA_TAN_THUAN, ['documents:read']);
  issuer = await auth();
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
});

let serial = 0;
/** A fresh confirmation for Hằng, read by `reader` for one of its marriage-registration dossiers: a release. */
async function releasedTo(reader: { Authorization: string }, readerCode: string): Promise<{ id: string; dossier: string }> {
  serial += 1;
  const doc = await app.http.post('/v1/documents').set(issuer).send(await sign(confirmation(`${600 + serial}/2026/XNHN`), soTuPhap)).expect(201);
  const dossier = dossierCode(readerCode, RECENT, serial);
  await app.http.get(`/v1/documents/${doc.body.id}?purpose=${MARRIAGE}&dossierCode=${dossier}`).set(reader).expect(200);
  return { id: doc.body.id, dossier };
}

const deliveriesOf = (documentId: string) =>
  rows<{ id: string; agency_code: string; event: string; status: string }>(app, sql`select id, agency_code, event, status from webhook_deliveries where payload->'document'->>'id' = ${documentId} order by agency_code`);

async function publishedKeys() {
  const jwks = await app.http.get('/.well-known/jwks.json').expect(200);
  return createLocalJWKSet(jwks.body as JSONWebKeySet);
}

/** What a receiver does: base64url(body) between the two dots of Motlan-Signature, verified against the JWKS. */
async function verify(headers: IncomingHttpHeaders, body: Buffer) {
  const [header, , signature] = String(headers['motlan-signature']).split('.');
  return compactVerify(`${header}.${base64url.encode(body)}.${signature}`, await publishedKeys());
}

describe('subscribing', () => {
  it('an agency subscribes once per URL and events; asking again returns the same subscription', async () => {
    const created = await app.http.post('/v1/webhooks').set(xa).send({ url: receiver.url('/xa'), events: ['document.superseded', 'document.revoked', 'document.corrected'] }).expect(201);
    expectToMatchSchema(created.body, 'webhooks/subscription');
    expect(created.body).toMatchObject({ agencyCode: UBND_XA, url: receiver.url('/xa'), active: true, events: ['document.revoked', 'document.superseded', 'document.corrected'] });
    const again = await app.http.post('/v1/webhooks').set(xa).send({ url: receiver.url('/xa'), events: ['document.revoked', 'document.corrected', 'document.superseded'] }).expect(200);
    expect(again.body.id).toBe(created.body.id);
    const listed = await app.http.get('/v1/webhooks').set(xa).expect(200);
    expectToMatchSchema(listed.body, 'webhooks/subscription-list');
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    // Another agency sees none of Xã Mỹ Phong's subscriptions.
    expect((await app.http.get('/v1/webhooks').set(tanThuan).expect(200)).body.items).toEqual([]);
  });

  it('refuses bad URLs and events, and callers that are not agencies', async () => {
    const bad = async (body: object, pointer: string) => {
      const res = await app.http.post('/v1/webhooks').set(xa).send(body).expect(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    };
    await bad({ url: 'ftp://motcua.xamyphong.gov.vn/hooks', events: ['document.revoked'] }, '/url');
    await bad({ url: 'https://motcua:matkhau@xamyphong.gov.vn/hooks', events: ['document.revoked'] }, '/url');
    await bad({ url: 'not a url at all', events: ['document.revoked'] }, '/url');
    await bad({ url: receiver.url('/xa'), events: [] }, '/events');
    await bad({ url: receiver.url('/xa'), events: ['document.ingested'] }, '/events/0');
    await app.http.post('/v1/webhooks').set({ Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` }).send({ url: receiver.url('/xa'), events: ['document.revoked'] }).expect(403);
    await app.http.post('/v1/webhooks').set(operator).send({ url: receiver.url('/xa'), events: ['document.revoked'] }).expect(403);
    await app.http.get('/v1/webhooks').expect(401);
  });

  it('an agency deletes only its own subscriptions; a deleted one stays listed as inactive', async () => {
    const sub = await app.http.post('/v1/webhooks').set(xa).send({ url: receiver.url('/xa-old'), events: ['document.revoked'] }).expect(201);
    await app.http.delete(`/v1/webhooks/${sub.body.id}`).set(tanThuan).expect(404);
    await app.http.delete(`/v1/webhooks/${sub.body.id}`).set(xa).expect(204);
    await app.http.delete(`/v1/webhooks/${sub.body.id}`).set(xa).expect(204);
    await app.http.delete('/v1/webhooks/not-a-uuid').set(xa).expect(400);
    const listed = await app.http.get('/v1/webhooks').set(xa).expect(200);
    expect(listed.body.items.find((s: { id: string }) => s.id === sub.body.id).active).toBe(false);
  });
});

describe('a revocation reaches the agencies that received the document', () => {
  it('is delivered after the receiver first fails, signed with the published key, and logged attempt by attempt', async () => {
    await app.http.post('/v1/webhooks').set(tanThuan).send({ url: receiver.url('/tan-thuan'), events: ['document.revoked'] }).expect(201);
    const { id: documentId, dossier } = await releasedTo(xa, UBND_XA);
    const [release] = await rows<{ id: string; created_at: Date }>(app, sql`select id, created_at from releases where document_id = ${documentId} and agency_code = ${UBND_XA}`);
    expect(release).toBeDefined();

    const revokedAt = Date.now();
    await app.http.post(`/v1/documents/${documentId}/revoke`).set(issuer).send({ reason: 'Cấp sai đối tượng' }).expect(200);
    // Only Xã Mỹ Phong received it: Xã Tân Thuận subscribed to revocations but is told nothing; the deleted subscription neither.
    const queued = await deliveriesOf(documentId);
    expect(queued.map((d) => [d.agency_code, d.event, d.status])).toEqual([[UBND_XA, 'document.revoked', 'pending']]);
    const deliveryId = queued[0]!.id;

    receiver.answer('/xa', 500);
    const worker = await dispatcher();
    expect(await worker.dispatchDue()).toBe(1);
    expect(receiver.at('/xa')).toHaveLength(1);
    const afterFailure = await app.http.get(`/v1/webhooks/deliveries/${deliveryId}`).set(xa).expect(200);
    expectToMatchSchema(afterFailure.body, 'webhooks/delivery');
    expect(afterFailure.body).toMatchObject({ status: 'pending', attempts: 1, deliveredAt: null, log: [{ attempt: 1, httpStatus: 500, error: null }] });
    // Backoff with full jitter: half of the first ceiling (1 s) at the test's draw of 0.5.
    expect(Date.parse(afterFailure.body.nextAttemptAt) - Date.parse(afterFailure.body.log[0].at)).toBeGreaterThanOrEqual(400);
    // Not due yet: nothing is sent.
    expect(await worker.dispatchDue()).toBe(0);
    expect(receiver.at('/xa')).toHaveLength(1);

    skew += SETTINGS.backoffMaxMs;
    expect(await worker.dispatchDue()).toBe(1);
    const [first, second] = receiver.at('/xa');
    expect(second).toBeDefined();
    // The retry carries the same bytes, delivery id and signature input as the first attempt.
    expect(second!.body.equals(first!.body)).toBe(true);
    expect(second!.headers).toMatchObject({ 'content-type': 'application/json', 'motlan-event': 'document.revoked', 'motlan-delivery-id': deliveryId });

    const verified = await verify(second!.headers, second!.body);
    expect(verified.protectedHeader).toMatchObject({ alg: 'EdDSA', kid: 'motlan-test', typ: 'motlan-webhook+jws' });
    const payload = JSON.parse(second!.body.toString('utf8'));
    expectToMatchSchema(payload, 'webhooks/webhook-payload');
    expect(payload).toEqual({
      id: deliveryId,
      event: 'document.revoked',
      occurredAt: expect.any(String),
      document: { id: documentId, type: 'marital-status-confirmation', status: 'revoked', replacedById: null, reason: 'Cấp sai đối tượng' },
      releases: [{ id: release!.id, dossierCode: dossier, purpose: MARRIAGE, releasedAt: new Date(release!.created_at).toISOString() }],
      releaseCount: 1,
    });
    expect(Date.parse(payload.occurredAt)).toBeGreaterThanOrEqual(revokedAt - 1000);
    // No citizen's ID or name travels in a delivery.
    const text = second!.body.toString('utf8');
    expect(text).not.toContain(people.hang.id);
    expect(text).not.toContain(people.hang.name);

    // A body changed on the way does not verify; neither does the signature of another delivery.
    const tampered = Buffer.from(text.replace('Cấp sai đối tượng', 'Đã cấp đúng'), 'utf8');
    await expect(verify(second!.headers, tampered)).rejects.toThrow();

    const log = await app.http.get(`/v1/webhooks/deliveries/${deliveryId}`).set(xa).expect(200);
    expectToMatchSchema(log.body, 'webhooks/delivery');
    expect(log.body).toMatchObject({ status: 'delivered', attempts: 2, nextAttemptAt: null });
    expect(log.body.log.map((a: { attempt: number; httpStatus: number }) => [a.attempt, a.httpStatus])).toEqual([[1, 500], [2, 204]]);
    // The failing receiver's body (which quoted an ID) was never stored.
    expect(JSON.stringify(log.body)).not.toContain(people.hang.id);
    const stored = await rows(app, sql`select * from webhook_attempts where delivery_id = ${deliveryId}`);
    expect(JSON.stringify(stored)).not.toContain(people.hang.id);

    // Nothing is sent twice, and the agency that never received the document got nothing.
    expect(await worker.dispatchDue()).toBe(0);
    expect(receiver.at('/xa')).toHaveLength(2);
    expect(receiver.at('/tan-thuan')).toHaveLength(0);
    expect(receiver.at('/xa-old')).toHaveLength(0);
    expect((await app.http.get('/v1/webhooks/deliveries').set(tanThuan).expect(200)).body.items).toEqual([]);
    // Xã Tân Thuận cannot read Xã Mỹ Phong's delivery; an operator can.
    await app.http.get(`/v1/webhooks/deliveries/${deliveryId}`).set(tanThuan).expect(404);
    await app.http.get(`/v1/webhooks/deliveries/${deliveryId}`).set(operator).expect(200);
  });

  it('a change is queued in the transaction that makes it: a refused revocation queues nothing', async () => {
    const { id } = await releasedTo(xa, UBND_XA);
    await app.http.post(`/v1/documents/${id}/revoke`).set(issuer).send({ reason: 'Cấp sai đối tượng' }).expect(200);
    await app.http.post(`/v1/documents/${id}/revoke`).set(issuer).send({ reason: 'lần hai' }).expect(409);
    expect(await deliveriesOf(id)).toHaveLength(1);
    await (await dispatcher()).dispatchDue();
  });
});

describe('supersessions and corrections have their own events', () => {
  it('each receiving agency hears the events it subscribed to, with the replacing document', async () => {
    const superseded = await releasedTo(xa, UBND_XA);
    // Xã Tân Thuận receives it too, but subscribed to revocations only.
    await app.http.get(`/v1/documents/${superseded.id}?purpose=${MARRIAGE}&dossierCode=${dossierCode(XA_TAN_THUAN, RECENT, 9)}`).set(tanThuan).expect(200);
    const replacement = await app.http
      .post(`/v1/documents/${superseded.id}/supersede`)
      .set(issuer)
      .send({ reason: 'Cấp lại do thay đổi nơi cư trú', document: await sign(confirmation('790/2026/XNHN', { issueDate: daysAgo(2), dossierCode: dossierCode(SO_TU_PHAP, daysAgo(2), 3) }), soTuPhap) })
      .expect(201);

    const corrected = await releasedTo(xa, UBND_XA);
    const fields = { fullName: people.hang.name, birthDate: '1987-03-14', maritalStatus: 'single', purpose: 'Đăng ký kết hôn tại xã Mỹ Phong' };
    const version2 = await app.http.post(`/v1/documents/${corrected.id}/corrections`).set(issuer).send({ fields, reason: 'Sai mục đích sử dụng' }).expect(201);

    expect((await deliveriesOf(superseded.id)).map((d) => [d.agency_code, d.event])).toEqual([[UBND_XA, 'document.superseded']]);
    expect((await deliveriesOf(corrected.id)).map((d) => [d.agency_code, d.event])).toEqual([[UBND_XA, 'document.corrected']]);

    const before = receiver.at('/xa').length;
    expect(await (await dispatcher()).dispatchDue()).toBe(2);
    const bodies = receiver.at('/xa').slice(before);
    const byEvent = new Map(bodies.map((r) => [r.headers['motlan-event'], r]));
    for (const r of bodies) await verify(r.headers, r.body);
    expect(JSON.parse(byEvent.get('document.superseded')!.body.toString('utf8')).document).toEqual({ id: superseded.id, type: 'marital-status-confirmation', status: 'superseded', replacedById: replacement.body.id, reason: 'Cấp lại do thay đổi nơi cư trú' });
    expect(JSON.parse(byEvent.get('document.corrected')!.body.toString('utf8')).document).toEqual({ id: corrected.id, type: 'marital-status-confirmation', status: 'corrected', replacedById: version2.body.id, reason: 'Sai mục đích sử dụng' });
    expect(receiver.at('/tan-thuan')).toHaveLength(0);
  });
});

describe('the delivery log', () => {
  it('a delivery that keeps failing is failed after the last attempt; the agency redelivers it once its receiver works', async () => {
    const sub = await app.http.post('/v1/webhooks').set(xa).send({ url: receiver.url('/xa-flaky'), events: ['document.revoked'] }).expect(201);
    const { id } = await releasedTo(xa, UBND_XA);
    await app.http.post(`/v1/documents/${id}/revoke`).set(issuer).send({ reason: 'Giấy tờ giả mạo' }).expect(200);
    expect(await deliveriesOf(id)).toHaveLength(2);
    const flaky = (await rows<{ id: string }>(app, sql`select id from webhook_deliveries where subscription_id = ${sub.body.id}`))[0]!.id;

    receiver.answer('/xa-flaky', 503, 503, 404);
    const worker = await dispatcher({ maxAttempts: 2 });
    expect(await worker.dispatchDue()).toBe(2);
    skew += SETTINGS.backoffMaxMs;
    expect(await worker.dispatchDue()).toBe(1);
    const failed = await app.http.get(`/v1/webhooks/deliveries/${flaky}`).set(xa).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null });
    expect(failed.body.log.map((a: { httpStatus: number }) => a.httpStatus)).toEqual([503, 503]);
    skew += SETTINGS.backoffMaxMs;
    expect(await worker.dispatchDue()).toBe(0);

    const failedList = await app.http.get('/v1/webhooks/deliveries?status=failed').set(xa).expect(200);
    expectToMatchSchema(failedList.body, 'webhooks/delivery-list');
    expect(failedList.body.items.map((d: { id: string }) => d.id)).toEqual([flaky]);

    // Only its own agency (or an operator) may redeliver, and only a failed delivery.
    await app.http.post(`/v1/webhooks/deliveries/${flaky}/redeliver`).set(tanThuan).expect(404);
    const requeued = await app.http.post(`/v1/webhooks/deliveries/${flaky}/redeliver`).set(xa).expect(202);
    expect(requeued.body).toMatchObject({ status: 'pending', attempts: 2 });
    const again = await app.http.post(`/v1/webhooks/deliveries/${flaky}/redeliver`).set(xa).expect(409);
    expect(again.body.type).toMatch(/delivery-not-failed$/);

    // One more attempt: the receiver answers 404 this time, so it is failed again at once.
    expect(await worker.dispatchDue()).toBe(1);
    expect((await app.http.get(`/v1/webhooks/deliveries/${flaky}`).set(xa).expect(200)).body).toMatchObject({ status: 'failed', attempts: 3 });
    await app.http.post(`/v1/webhooks/deliveries/${flaky}/redeliver`).set(operator).expect(202);
    expect(await worker.dispatchDue()).toBe(1);
    const delivered = await app.http.get(`/v1/webhooks/deliveries/${flaky}`).set(xa).expect(200);
    expect(delivered.body).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(delivered.body.log.map((a: { attempt: number; httpStatus: number }) => [a.attempt, a.httpStatus])).toEqual([[1, 503], [2, 503], [3, 404], [4, 204]]);
    const bodies = receiver.at('/xa-flaky').map((r) => r.body.toString('utf8'));
    expect(new Set(bodies).size).toBe(1);
    await app.http.post(`/v1/webhooks/deliveries/${flaky}/redeliver`).set(xa).expect(409);
    await app.http.delete(`/v1/webhooks/${sub.body.id}`).set(xa).expect(204);
  });

  it('a receiver that cannot be reached or is too slow is logged with the reason and retried', async () => {
    const slowPath = '/xa-slow';
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/gone`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const slow = createServer((_req, res) => setTimeout(() => res.writeHead(204).end(), 1_000));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}${slowPath}`;
    try {
      const dead = await app.http.post('/v1/webhooks').set(tanThuan).send({ url: deadUrl, events: ['document.revoked'] }).expect(201);
      const late = await app.http.post('/v1/webhooks').set(tanThuan).send({ url: slowUrl, events: ['document.revoked'] }).expect(201);
      const { id } = await releasedTo(tanThuan, XA_TAN_THUAN);
      await app.http.post(`/v1/documents/${id}/revoke`).set(issuer).send({ reason: 'Cấp sai đối tượng' }).expect(200);
      expect(await (await dispatcher({ timeoutMs: 200 })).dispatchDue()).toBe(3);
      const list = await app.http.get('/v1/webhooks/deliveries?status=pending').set(tanThuan).expect(200);
      const logOf = async (subscriptionId: string) => {
        const d = list.body.items.find((i: { subscriptionId: string }) => i.subscriptionId === subscriptionId);
        return (await app.http.get(`/v1/webhooks/deliveries/${d.id}`).set(tanThuan).expect(200)).body.log;
      };
      const [refused] = await logOf(dead.body.id);
      expect(refused).toMatchObject({ attempt: 1, httpStatus: null });
      expect(refused.error).toMatch(/ECONNREFUSED/);
      const [timedOut] = await logOf(late.body.id);
      expect(timedOut).toMatchObject({ attempt: 1, httpStatus: null, error: 'no answer within 200 ms' });
      // Deleted subscriptions get nothing more, not even what was queued: the attempt says why.
      await app.http.delete(`/v1/webhooks/${dead.body.id}`).set(tanThuan).expect(204);
      await app.http.delete(`/v1/webhooks/${late.body.id}`).set(tanThuan).expect(204);
      skew += SETTINGS.backoffMaxMs;
      await (await dispatcher()).dispatchDue();
      const after = await app.http.get('/v1/webhooks/deliveries?status=failed').set(tanThuan).expect(200);
      expect(after.body.items.filter((d: { subscriptionId: string }) => [dead.body.id, late.body.id].includes(d.subscriptionId))).toHaveLength(2);
      const [, notSent] = await logOf(dead.body.id);
      expect(notSent).toMatchObject({ attempt: 2, httpStatus: null, error: 'subscription deactivated: not sent' });
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });

  it('two dispatchers polling the same outbox send each delivery once', async () => {
    const { id } = await releasedTo(xa, UBND_XA);
    await app.http.post(`/v1/documents/${id}/revoke`).set(issuer).send({ reason: 'Cấp sai đối tượng' }).expect(200);
    const before = receiver.at('/xa').length;
    const [a, b] = await Promise.all([(await dispatcher()).dispatchDue(), (await dispatcher()).dispatchDue()]);
    expect(a + b).toBe(1);
    expect(receiver.at('/xa').length - before).toBe(1);
  });

  it('lists deliveries newest first, page by page; operators see every agency and may filter by one', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string; createdAt: string }>; nextCursor: string | null } } = await app.http.get(`/v1/webhooks/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(xa).expect(200);
      expectToMatchSchema(page.body, 'webhooks/delivery-list');
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      all.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const stored = await rows<{ id: string }>(app, sql`select id from webhook_deliveries where agency_code = ${UBND_XA} order by created_at desc, id desc`);
    expect(stored.length).toBeGreaterThan(4);
    expect(all).toEqual(stored.map((r) => r.id));

    const everyone = await app.http.get('/v1/webhooks/deliveries?limit=100').set(operator).expect(200);
    expect(new Set(everyone.body.items.map((d: { agencyCode: string }) => d.agencyCode))).toEqual(new Set([UBND_XA, XA_TAN_THUAN]));
    const one = await app.http.get(`/v1/webhooks/deliveries?agency=${XA_TAN_THUAN}&limit=100`).set(operator).expect(200);
    expect(one.body.items.length).toBeGreaterThan(0);
    expect(one.body.items.every((d: { agencyCode: string }) => d.agencyCode === XA_TAN_THUAN)).toBe(true);
    await app.http.get(`/v1/webhooks/deliveries?agency=${XA_TAN_THUAN}`).set(xa).expect(403);
    await app.http.get('/v1/webhooks/deliveries?cursor=AAAA').set(xa).expect(400);
    // 24 bytes whose first 8 are no date (0x7f…): a forged cursor, refused as such.
    const forged = Buffer.concat([Buffer.from('7fffffffffffffff', 'hex'), Buffer.alloc(16)]).toString('base64url');
    const refused = await app.http.get(`/v1/webhooks/deliveries?cursor=${forged}`).set(xa).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/cursor', rule: 'cursor' })]);
    await app.http.get('/v1/webhooks/deliveries?status=lost').set(xa).expect(400);
    await app.http.get('/v1/webhooks/deliveries').set({ Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` }).expect(403);
  });
});

describe('a receiver named by its host is judged by what the name resolves to at each delivery (DNS rebinding)', () => {
  // The machine's DNS cannot be changed from a test, so the dispatcher resolves through this table:
  // the name answers whatever `answer` says at the moment of the delivery.
  const XA_BINH_THANH = '000.33.22.H56';
  const host = 'motcua.xabinhthanh.dongthap.gov.vn';
  let answer: ResolvedAddress[] = [];
  const asked: string[] = [];
  const resolveHost: ResolveHost = async (name) => {
    asked.push(name);
    return name === host ? answer : [];
  };
  let binhThanh: { Authorization: string };
  let port: string;

  beforeAll(async () => {
    await app.http.put(`/v1/agencies/${XA_BINH_THANH}`).set(operator).send({ name: 'Ủy ban nhân dân xã Bình Thạnh', level: 'commune', parentCode: null, jwks: { keys: [] } }).expect(201);
    binhThanh = await auth(XA_BINH_THANH, ['documents:read']);
    port = new URL(receiver.url('/')).port;
  });

  /** A revocation of a document Xã Bình Thạnh received, delivered once; returns the attempt for `subscriptionId`. */
  async function revokeAndDeliver(subscriptionId: string, settings: Partial<WebhookSettings> = {}) {
    const { id } = await releasedTo(binhThanh, XA_BINH_THANH);
    await app.http.post(`/v1/documents/${id}/revoke`).set(issuer).send({ reason: 'Cấp sai đối tượng' }).expect(200);
    await (await dispatcher(settings, resolveHost)).dispatchDue();
    const [delivery] = await rows<{ id: string }>(app, sql`select id from webhook_deliveries where payload->'document'->>'id' = ${id} and subscription_id = ${subscriptionId}`);
    const read = await app.http.get(`/v1/webhooks/deliveries/${delivery!.id}`).set(binhThanh).expect(200);
    return read.body as { status: string; log: Array<{ httpStatus: number | null; error: string | null }> };
  }

  it('when the name resolves to this machine in development, then the delivery is made to the address the check saw, under the name', async () => {
    const sub = await app.http.post('/v1/webhooks').set(binhThanh).send({ url: `http://${host}:${port}/binh-thanh`, events: ['document.revoked'] }).expect(201);
    answer = [{ address: '127.0.0.1', family: 4 }];
    const delivered = await revokeAndDeliver(sub.body.id);
    expect(delivered).toMatchObject({ status: 'delivered', log: [{ httpStatus: 204, error: null }] });
    expect(asked).toContain(host);
    expect(receiver.at('/binh-thanh')).toHaveLength(1);
    expect(receiver.at('/binh-thanh')[0]!.headers.host).toBe(`${host}:${port}`);

    // The same name, rebound to the cloud metadata endpoint after the subscription was accepted.
    answer = [{ address: '169.254.169.254', family: 4 }];
    const refused = await revokeAndDeliver(sub.body.id);
    expect(refused).toMatchObject({ status: 'pending', log: [{ httpStatus: null, error: "the receiver's host name resolves to a cloud metadata address: refused" }] });
    expect(receiver.at('/binh-thanh')).toHaveLength(1);
    await app.http.delete(`/v1/webhooks/${sub.body.id}`).set(binhThanh).expect(204);
  });

  it.each([
    [[{ address: '127.0.0.1', family: 4 }], 'a loopback address'],
    [[{ address: '203.113.131.5', family: 4 }, { address: '10.0.0.5', family: 4 }, { address: '::1', family: 6 }], 'a loopback address'],
    [[{ address: 'fd00:ec2::254', family: 6 }], 'a cloud metadata address'],
    [[{ address: '100.100.100.200', family: 4 }], 'a cloud metadata address'],
    [[{ address: 'fd7a:115c:a1e0::1', family: 6 }], 'a unique-local address'],
    [[{ address: '64:ff9b::a9fe:a9fe', family: 6 }], 'a NAT64 address (64:ff9b::/96)'],
    [[{ address: '::ffff:7f00:1', family: 6 }], 'an IPv4-mapped IPv6 address'],
    [[{ address: 'ff02::1', family: 6 }], 'a multicast address'],
  ])('in production, when an https receiver\'s name resolves to %j, then nothing is sent and the attempt says %s', async (addresses, what) => {
    const path = `/binh-thanh-${what.replace(/\W+/g, '-')}`;
    const sub = await app.http.post('/v1/webhooks').set(binhThanh).send({ url: `https://${host}${path}`, events: ['document.revoked'] }).expect(201);
    answer = addresses;
    const refused = await revokeAndDeliver(sub.body.id, { allowHttp: false });
    expect(refused).toMatchObject({ status: 'pending', log: [{ httpStatus: null, error: `the receiver's host name resolves to ${what}: refused` }] });
    expect(receiver.at(path)).toHaveLength(0);
    await app.http.delete(`/v1/webhooks/${sub.body.id}`).set(binhThanh).expect(204);
  });
});
