import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { claimsFor } from '../../src/auth/devIssuer';
import { expectToMatchSchema } from '../support/contract';
import { signToken, startTestApp, TEST_ISSUER, tokens, type TestApp } from '../support/testApp';
import { rows, UBND_XA } from './documents.support';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
/** An agency token with a jti, as a real issuer would sign it. */
const agencyToken = (jti: string, clientId = 'one-stop-my-phong') =>
  signToken({ ...claimsFor({ kind: 'agency', agencyCode: UBND_XA, roles: ['subjects:read'], clientId }), jti });

describe('revoking one token by its jti', () => {
  let app: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    // A second instance on the same database, reloading the list on every request.
    other = await startTestApp({ revocationRefreshMs: 0 }, { database: app.database });
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  it('when an operator revokes a token, then it gets 401 at once on every instance, and the client’s other tokens still work', async () => {
    const jti = randomUUID();
    const leaked = await agencyToken(jti);
    const fresh = await agencyToken(randomUUID());
    // Verified and cached by both instances before the revocation.
    await app.http.get('/v1/whoami').set(bearer(leaked)).expect(200);
    await other.http.get('/v1/whoami').set(bearer(leaked)).expect(200);

    const operator = bearer(await tokens.operator('operator-nguyen-van-an'));
    const res = await app.http
      .post('/v1/token-revocations')
      .set(operator)
      .send({ issuer: TEST_ISSUER, jti, reason: 'Mã truy cập bị lộ trong nhật ký của hệ thống một cửa (token leaked in a log)', expiresAt: new Date(Date.now() + 600_000).toISOString() })
      .expect(201);
    expectToMatchSchema(res.body, 'auth/token-revocation');
    expect(res.body).toMatchObject({ issuer: TEST_ISSUER, jti, revokedBy: 'operator:operator-nguyen-van-an' });

    for (const instance of [app, other]) {
      const refused = await instance.http.get('/v1/whoami').set(bearer(leaked)).expect(401);
      expect(refused.body).toMatchObject({ type: 'https://motlan.vn/problems/unauthorized', detail: 'The token has been revoked.' });
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
      await instance.http.get('/v1/whoami').set(bearer(fresh)).expect(200);
    }

    const listed = await app.http.get('/v1/token-revocations').set(operator).expect(200);
    expectToMatchSchema(listed.body, 'auth/token-revocation-list');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: res.body.id, jti })]);

    const [audit] = await rows<{ actor: string; action: string; purpose: string; request_id: string }>(app, sql`select actor, action, purpose, request_id from audit_entries where action = 'token.revoke'`);
    expect(audit).toEqual({ actor: 'operator:operator-nguyen-van-an', action: 'token.revoke', purpose: `revocation:${res.body.id}`, request_id: res.headers['x-request-id'] });
  });

  it('when the same token is revoked twice, then 409 and one row', async () => {
    const jti = randomUUID();
    const operator = bearer(await tokens.operator());
    const body = { issuer: TEST_ISSUER, jti, reason: 'Hệ thống một cửa đã ngừng dùng (client retired)' };
    await app.http.post('/v1/token-revocations').set(operator).send(body).expect(201);
    const again = await app.http.post('/v1/token-revocations').set(operator).send(body).expect(409);
    expect(again.body.type).toBe('https://motlan.vn/problems/already-revoked');
    expect(await rows(app, sql`select 1 from token_revocations where jti = ${jti}`)).toHaveLength(1);
  });

  it('when the request is malformed or the caller is not an operator, then 400 naming the rule, or 403, and nothing is stored', async () => {
    const operator = bearer(await tokens.operator());
    const both = await app.http.post('/v1/token-revocations').set(operator).send({ issuer: TEST_ISSUER, jti: 'a', kid: 'b', reason: 'both at once' }).expect(400);
    expect(both.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'oneOf' })]));
    const noReason = await app.http.post('/v1/token-revocations').set(operator).send({ issuer: TEST_ISSUER, jti: 'a' }).expect(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ pointer: '/reason', rule: 'required' })]);
    const control = await app.http.post('/v1/token-revocations').set(operator).send({ issuer: TEST_ISSUER, jti: 'a\u0000b', reason: 'a NUL in the jti' }).expect(400);
    // Refused at the edge, before the schema, like every NUL in a request (src/http/unstorable.ts).
    expect(control.body.errors).toEqual([expect.objectContaining({ pointer: '/jti', rule: 'text.nul' })]);

    const agencyCaller = bearer(await agencyToken(randomUUID()));
    await app.http.post('/v1/token-revocations').set(agencyCaller).send({ issuer: TEST_ISSUER, jti: 'x', reason: 'not mine to revoke' }).expect(403);
    await app.http.get('/v1/token-revocations').set(agencyCaller).expect(403);
    await app.http.get('/v1/token-revocations').expect(401);
    expect(await rows(app, sql`select 1 from token_revocations where jti in ('a', 'x')`)).toHaveLength(0);
  });
});

describe("revoking an issuer's key", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('when an operator revokes the key a token was signed with, then every token under that key gets 401, jti or not', async () => {
    const withoutJti = bearer(await tokens.agency(UBND_XA, ['subjects:read']));
    const withJti = bearer(await agencyToken(randomUUID()));
    const operator = bearer(await tokens.operator());
    await app.http.get('/v1/whoami').set(withoutJti).expect(200);

    // Another issuer's key of the same name changes nothing for this issuer.
    await app.http.post('/v1/token-revocations').set(operator).send({ issuer: 'urn:motlan:other-issuer', kid: 'test-key', reason: 'Khóa của bên khác (another issuer)' }).expect(201);
    await app.http.get('/v1/whoami').set(withoutJti).expect(200);

    const res = await app.http.post('/v1/token-revocations').set(operator).send({ issuer: TEST_ISSUER, kid: 'test-key', reason: 'Khóa ký bị lộ (signing key compromised)' }).expect(201);
    expect(res.body).toMatchObject({ kid: 'test-key', expiresAt: null });
    expect(res.body).not.toHaveProperty('jti');
    for (const token of [withoutJti, withJti, operator]) await app.http.get('/v1/whoami').set(token).expect(401);
    const [audit] = await rows<{ action: string }>(app, sql`select action from audit_entries where purpose = ${`revocation:${res.body.id}`}`);
    expect(audit).toEqual({ action: 'token_key.revoke' });
  });
});
