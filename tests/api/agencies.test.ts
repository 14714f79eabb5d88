import { sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair } from 'jose';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { rows } from './documents.support';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const operator = async () => ({ Authorization: `Bearer ${await tokens.operator()}` });
const edKey = async (kid: string) => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { public: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }, private: { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' } };
};

describe('registering agencies', () => {
  it('when an operator registers an agency with a JWKS, then 201; again, 200; and anyone authenticated can read its public keys', async () => {
    const key = await edKey('h56-2026-1');
    const body = { name: 'Ủy ban nhân dân tỉnh Đồng Tháp', level: 'province', jwks: { keys: [{ ...key.public, validFrom: '2026-01-01T00:00:00Z' }] } };
    const res = await app.http.put('/v1/agencies/000.00.00.H56').set(await operator()).send(body).expect(201);
    expectToMatchSchema(res.body, 'agencies/agency');
    expect(res.body.jwks.keys).toEqual([expect.objectContaining({ kid: 'h56-2026-1', alg: 'EdDSA', x: key.public.x, validFrom: '2026-01-01T00:00:00.000Z', validUntil: null })]);
    expect(res.body.jwks.keys[0]).not.toHaveProperty('d');

    // Retiring the key re-dates it; the key itself stays.
    const retired = await app.http.put('/v1/agencies/000.00.00.H56').set(await operator()).send({ ...body, jwks: { keys: [{ ...key.public, validUntil: '2027-01-01T00:00:00Z' }] } }).expect(200);
    expect(retired.body.jwks.keys).toEqual([expect.objectContaining({ kid: 'h56-2026-1', validUntil: '2027-01-01T00:00:00.000Z' })]);

    const read = await app.http.get('/v1/agencies/000.00.00.H56').set('Authorization', `Bearer ${await tokens.agency('000.17.22.H56', [])}`).expect(200);
    expect(read.body.name).toBe('Ủy ban nhân dân tỉnh Đồng Tháp');
  });

  it('when a commune names its province as parent, then it is stored; an unregistered parent is 422', async () => {
    await app.http.put('/v1/agencies/000.31.22.H56').set(await operator()).send({ name: 'Ủy ban nhân dân xã Mỹ Phong', level: 'commune', parentCode: '000.00.00.H56', jwks: { keys: [] } }).expect(201);
    const res = await app.http.put('/v1/agencies/000.32.22.H56').set(await operator()).send({ name: 'Ủy ban nhân dân xã Tân Phước', level: 'commune', parentCode: '000.00.00.H99', jwks: { keys: [] } }).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/parentCode', rule: 'agency.unknown' })]);
  });

  it('when the JWKS holds a private key, then 400 and nothing is stored', async () => {
    const key = await edKey('leak');
    const res = await app.http.put('/v1/agencies/000.40.22.H56').set(await operator()).send({ name: 'Sở Xây dựng', level: 'province', jwks: { keys: [key.private] } }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/jwks/keys/0', rule: 'jwk.private_key' })]);
    await app.http.get('/v1/agencies/000.40.22.H56').set(await operator()).expect(404);
  });

  it('when a kid is reused for a different key, then 409', async () => {
    const other = await edKey('h56-2026-1');
    const res = await app.http.put('/v1/agencies/000.00.00.H56').set(await operator()).send({ name: 'Ủy ban nhân dân tỉnh Đồng Tháp', level: 'province', jwks: { keys: [other.public] } }).expect(409);
    expect(res.body.type).toBe('https://motlan.vn/problems/key-id-taken');
  });

  it('when alg and curve disagree, the code is malformed, or the caller is an agency, then 400, 400, 403', async () => {
    const key = await edKey('mismatch');
    await app.http.put('/v1/agencies/000.41.22.H56').set(await operator()).send({ name: 'Sở Y tế', level: 'province', jwks: { keys: [{ ...key.public, alg: 'ES256' }] } }).expect(400);
    await app.http.put('/v1/agencies/H56').set(await operator()).send({ name: 'Sở Y tế', level: 'province', jwks: { keys: [] } }).expect(400);
    await app.http.put('/v1/agencies/000.41.22.H56').set('Authorization', `Bearer ${await tokens.agency('000.41.22.H56', ['documents:write'])}`).send({ name: 'Sở Y tế', level: 'province', jwks: { keys: [] } }).expect(403);
  });
});

describe('every change to an agency is in the access log', () => {
  const code = '000.52.22.H56';
  const body = (keys: unknown[]) => ({ name: 'Sở Tài nguyên và Môi trường tỉnh Đồng Tháp', level: 'province', jwks: { keys } });
  const entryOf = async (requestId: string | undefined) => {
    expect(requestId).toMatch(/\S/);
    return rows<{ actor: string; agency_code: string; action: string; decision: string; rule: string; chain_key: string }>(app, sql`select actor, agency_code, action, decision, rule, chain_key from audit_entries where request_id = ${requestId!}`);
  };

  it('when an operator registers an agency, then adds a signing key, then retires it, then each change is logged with who made it', async () => {
    const first = await edKey('stnmt-2026-1');
    const created = await app.http.put(`/v1/agencies/${code}`).set(await operator()).send(body([first.public])).expect(201);
    expect(await entryOf(created.headers['x-request-id'])).toEqual([
      { actor: expect.stringMatching(/^operator:/), agency_code: code, action: 'agency.register', decision: 'allow', rule: 'role:operator', chain_key: 'system' },
    ]);

    const second = await edKey('stnmt-2026-2');
    const rotated = await app.http.put(`/v1/agencies/${code}`).set(await operator()).send(body([first.public, second.public])).expect(200);
    expect(await entryOf(rotated.headers['x-request-id'])).toEqual([expect.objectContaining({ agency_code: code, action: 'agency.update' })]);

    const retired = await app.http.put(`/v1/agencies/${code}`).set(await operator()).send(body([{ ...first.public, validUntil: '2026-12-31T00:00:00Z' }])).expect(200);
    expect(await entryOf(retired.headers['x-request-id'])).toEqual([expect.objectContaining({ action: 'agency.update' })]);
  });

  it('a registration that changes nothing, and one refused, write nothing', async () => {
    const current = (await app.http.get(`/v1/agencies/${code}`).set(await operator()).expect(200)).body;
    const same = await app.http.put(`/v1/agencies/${code}`).set(await operator()).send({ name: current.name, level: current.level, jwks: current.jwks }).expect(200);
    expect(await entryOf(same.headers['x-request-id'])).toEqual([]);
    const clash = await edKey('stnmt-2026-1');
    const refused = await app.http.put(`/v1/agencies/${code}`).set(await operator()).send(body([clash.public])).expect(409);
    expect(await entryOf(refused.headers['x-request-id'])).toEqual([]);
  });
});
