import { base64url, compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { ephemeralSigningKey } from '../../../src/keys/keyFile';
import { signWebhookBody, WEBHOOK_SIGNATURE_TYPE } from '../../../src/webhooks/signing';

describe('Motlan-Signature', () => {
  it('is a detached JWS over the exact body bytes, verifiable with the published key and no other', async () => {
    const key = await ephemeralSigningKey('motlan-2026-1');
    const body = Buffer.from(JSON.stringify({ event: 'document.revoked', document: { reason: 'Cấp sai đối tượng' } }), 'utf8');
    const signature = await signWebhookBody(key, body);
    const [header, empty, sig] = signature.split('.');
    expect(empty).toBe('');
    expect(decodeProtectedHeader(signature)).toEqual({ alg: 'EdDSA', kid: 'motlan-2026-1', typ: WEBHOOK_SIGNATURE_TYPE });

    const jwks = createLocalJWKSet({ keys: [key.publicJwk] });
    const verified = await compactVerify(`${header}.${base64url.encode(body)}.${sig}`, jwks);
    expect(Buffer.from(verified.payload).equals(body)).toBe(true);

    // One changed byte, or the same JSON re-serialised with other spacing, does not verify.
    const tampered = Buffer.from(body.toString('utf8').replace('sai', 'đúng'), 'utf8');
    await expect(compactVerify(`${header}.${base64url.encode(tampered)}.${sig}`, jwks)).rejects.toThrow();
    const respaced = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 1), 'utf8');
    await expect(compactVerify(`${header}.${base64url.encode(respaced)}.${sig}`, jwks)).rejects.toThrow();
    // Another key (same kid, as an impostor would claim) does not verify either.
    const impostor = await ephemeralSigningKey('motlan-2026-1');
    await expect(compactVerify(`${header}.${base64url.encode(body)}.${sig}`, createLocalJWKSet({ keys: [impostor.publicJwk] }))).rejects.toThrow();
  });
});
