import { sql } from 'drizzle-orm';
import { base64url, compactVerify, createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { ephemeralSigningKey, type SigningKey } from '../../src/keys/keyFile';
import { signWebhookBody } from '../../src/webhooks/signing';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';
import { auth, confirmation, people, rows, setUpVault, sign, UBND_XA } from './documents.support';
import { bearer, cookieFrom, startPortalApp } from './portal.support';

// Motlan's own key rotates: what the retired key signed (receipts, attestations, webhook
// deliveries) still verifies against /.well-known/jwks.json, and nobody signed in to the portal is
// signed out. A rotation is a restart with SIGNING_KEY_FILE naming the new key and
// SIGNING_KEY_RETIRED_FILES the old one; here, apps built over the same database.

let keyA: SigningKey;
let keyB: SigningKey;
beforeAll(async () => {
  keyA = await ephemeralSigningKey('motlan-2026-11');
  keyB = await ephemeralSigningKey('motlan-2027-01');
});

const kidsOf = async (app: TestApp) => {
  const res = await app.http.get('/.well-known/jwks.json').expect(200);
  expectToMatchSchema(res.body, 'ops/jwks');
  for (const key of res.body.keys) expect(key.d).toBeUndefined();
  return (res.body.keys as Array<{ kid: string }>).map((k) => k.kid);
};
const jwksOf = async (app: TestApp) => createLocalJWKSet((await app.http.get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet);

describe("rotating Motlan's signing key", () => {
  let before: TestApp;
  let receipt: string;
  let attestation: string;
  const webhookBody = Buffer.from(JSON.stringify({ event: 'document.revoked', document: { id: '5b7c0f0e-3f0a-4c55-9d43-6d1f8a1e2b10', type: 'marital-status-confirmation' } }));
  let webhookSignature: string;

  beforeAll(async () => {
    before = await startTestApp({ signingKey: keyA });
    const { soTuPhap } = await setUpVault(before);
    const citizen = { Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` };
    const granted = await before.http.post('/v1/me/consents').set(citizen).send({ grantee: { agencyCode: UBND_XA }, purposes: ['2.001178'], documentTypes: ['marital-status-confirmation'] }).expect(201);
    receipt = granted.body.receipt;
    const doc = await before.http.post('/v1/documents').set(await auth()).send(await sign(confirmation('801/2026/XNHN'), soTuPhap)).expect(201);
    // Marriage registration at the commune has a legal basis: the read is a release, with its attestation.
    await before.http.get(`/v1/documents/${doc.body.id}?purpose=1.000894`).set(await auth(UBND_XA, ['documents:read'])).expect(200);
    attestation = (await rows<{ attestation: string }>(before, sql`select attestation from releases where document_id = ${doc.body.id}`))[0]!.attestation;
    webhookSignature = await signWebhookBody(keyA, webhookBody);
  });
  afterAll(() => before?.close());

  it('when Motlan restarts with a new key and the old one retired, then both are published and everything the old key signed still verifies', async () => {
    expect(await kidsOf(before)).toEqual([keyA.kid]);
    const after = await startTestApp({ signingKey: keyB, retiredSigningKeys: [keyA] }, { database: before.database });
    expect(await kidsOf(after)).toEqual([keyB.kid, keyA.kid]);
    const jwks = await jwksOf(after);

    const fromReceipt = await jwtVerify(receipt, jwks, { issuer: 'motlan', typ: 'motlan-consent-receipt+jwt' });
    expect(fromReceipt.protectedHeader.kid).toBe(keyA.kid);
    expect(fromReceipt.payload).toMatchObject({ action: 'granted', subject: people.hang.id });
    const fromAttestation = await jwtVerify(attestation, jwks, { issuer: 'motlan', audience: UBND_XA, typ: 'motlan-release+jwt' });
    expect(fromAttestation.protectedHeader.kid).toBe(keyA.kid);
    const [header, , signature] = webhookSignature.split('.');
    const delivery = await compactVerify(`${header}.${base64url.encode(webhookBody)}.${signature}`, jwks);
    expect(delivery.protectedHeader).toMatchObject({ kid: keyA.kid, typ: 'motlan-webhook+jws' });

    // What is signed from now on is signed by the new key.
    const citizen = { Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` };
    const next = await after.http.post('/v1/me/consents').set(citizen).send({ grantee: { agencyCode: UBND_XA }, purposes: ['2.001178'], documentTypes: ['marital-status-confirmation'] }).expect(201);
    expect((await jwtVerify(next.body.receipt, jwks)).protectedHeader.kid).toBe(keyB.kid);
  });

  it('when the old key file is no longer configured, then the key stays published from the database', async () => {
    const later = await startTestApp({ signingKey: keyB }, { database: before.database });
    expect(await kidsOf(later)).toEqual([keyB.kid, keyA.kid]);
    await jwtVerify(receipt, await jwksOf(later), { issuer: 'motlan' });
  });

  it('when a new key reuses a retired key\'s kid, then the instance does not start, and the published key is unchanged', async () => {
    const impostor = await ephemeralSigningKey(keyA.kid);
    await expect(startTestApp({ signingKey: impostor }, { database: before.database })).rejects.toThrow(`the signing key id ${keyA.kid} already names another key`);
    const published = (await before.http.get('/.well-known/jwks.json').expect(200)).body.keys.find((k: { kid: string }) => k.kid === keyA.kid);
    expect(published.x).toBe(keyA.publicJwk.x);
  });

  it('when the retention period after its retirement has passed, then the retired key is no longer published', async () => {
    const [row] = await rows<{ retired_at: Date | null }>(before, sql`select retired_at from signing_keys where kid = ${keyA.kid}`);
    expect(row!.retired_at).not.toBeNull();
    const stillInside = await startTestApp({ signingKey: keyB, signingKeyRetentionDays: 30 }, { database: before.database });
    await before.database.db.execute(sql`update signing_keys set retired_at = now() - interval '29 days' where kid = ${keyA.kid}`);
    expect(await kidsOf(stillInside)).toEqual([keyB.kid, keyA.kid]);
    await before.database.db.execute(sql`update signing_keys set retired_at = now() - interval '31 days' where kid = ${keyA.kid}`);
    expect(await kidsOf(stillInside)).toEqual([keyB.kid]);
  });
});

describe('a citizen signed in to the portal across a rotation', () => {
  const SESSION = 'motlan-session';
  let now = new Date('2026-12-04T03:00:00Z');
  const clock = () => now;

  it('stays signed in: the old cookie opens after the restart, and once renewed it is sealed under the new key', async () => {
    const first = await startPortalApp({ devSignIn: true, clock, keys: { active: keyA, retired: [] } });
    try {
      await first.http.put(`/v1/subjects/${people.hang.id}`).set(await bearer.operator()).send({ name: people.hang.name }).expect(201);
      const signIn = await first.http.post('/portal/dev/sign-in').send({ citizenId: people.hang.id, identityLevel: 2 }).expect(201);
      const cookie = cookieFrom(signIn, SESSION)!.pair;

      const rotated = await startPortalApp({ devSignIn: true, clock, keys: { active: keyB, retired: [keyA] }, database: first.database });
      const session = await rotated.http.get('/portal/session').set('Cookie', cookie).expect(200);
      expect(session.body).toMatchObject({ citizen: { id: people.hang.id }, csrfToken: signIn.body.csrfToken });
      await rotated.http.get('/v1/me/consents').set('Cookie', cookie).expect(200);

      // Without the retired key the old cookie would be refused: that key is what keeps her signed in.
      const forgetful = await startPortalApp({ devSignIn: true, clock, keys: { active: keyB, retired: [] }, database: first.database });
      await forgetful.http.get('/v1/me/consents').set('Cookie', cookie).expect(401);

      // Past half its lifetime the session is renewed, under the new key: the retired one can then go.
      now = new Date('2026-12-04T03:20:00Z');
      const renewed = await rotated.http.get('/portal/session').set('Cookie', cookie).expect(200);
      const fresh = cookieFrom(renewed, SESSION)!.pair;
      expect(fresh).not.toBe(cookie);
      await forgetful.http.get('/v1/me/consents').set('Cookie', fresh).expect(200);
    } finally {
      await first.close();
    }
  });
});
