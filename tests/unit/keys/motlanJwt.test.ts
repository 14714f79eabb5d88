import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { ephemeralSigningKey } from '../../../src/keys/keyFile';
import { signMotlanJwt } from '../../../src/keys/motlanJwt';
import { ATTESTATION_TYPE, signAttestation } from '../../../src/prefill/releases';
import { RECEIPT_TYPE, signReceipt } from '../../../src/consents/receipt';

const at = new Date('2026-12-06T09:30:00+07:00');
const document = {
  id: '0193a1f2-7c4e-7d5a-9b1e-2f3c4d5e6f70',
  type: 'marital-status-confirmation',
  contentSha256: 'a3f1c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6',
  payloadHash: '5e8d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d',
};
const context = { requester: { agencyCode: '000.31.22.H56', clientId: 'mot-cua-xa-my-tho' }, dossierCode: '000.31.22.H56-261206-0042', purpose: '1.000894' };

describe('Motlan-signed JWTs', () => {
  it('when a release is attested, then the JWS is byte for byte what jose SignJWT makes, and jose verifies it', async () => {
    const key = await ephemeralSigningKey('motlan-2026-12');
    const releaseId = '0193a1f2-8a11-7b22-8c33-9d44ae55bf66';

    const ours = signAttestation(key, releaseId, document, context, at);

    const jose = await new SignJWT({
      document,
      requester: context.requester,
      dossierCode: context.dossierCode,
      purpose: context.purpose,
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ATTESTATION_TYPE })
      .setIssuer('motlan')
      .setSubject(document.id)
      .setAudience(context.requester.agencyCode)
      .setJti(releaseId)
      .setIssuedAt(Math.floor(at.getTime() / 1000))
      .sign(key.privateKey);
    expect(ours).toBe(jose);
    const { payload, protectedHeader } = await jwtVerify(ours, createLocalJWKSet({ keys: [key.publicJwk] }), { issuer: 'motlan', audience: context.requester.agencyCode, typ: ATTESTATION_TYPE });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: 'motlan-2026-12', typ: ATTESTATION_TYPE });
    expect(payload).toMatchObject({ document, jti: releaseId, sub: document.id, iat: Math.floor(at.getTime() / 1000) });
  });

  it('when a consent receipt is signed, then it is byte for byte what jose SignJWT makes, Vietnamese text included', async () => {
    const key = await ephemeralSigningKey('motlan-2026-12');
    const content = {
      action: 'granted' as const,
      consentId: '0193a1f2-9b00-7c11-8d22-9e33af44b055',
      subject: '082187000123',
      grantee: { agencyCode: '000.31.22.H56' },
      purposes: ['1.000894'],
      documentTypes: ['marital-status-confirmation'],
      fields: null,
      validFrom: at,
      validUntil: new Date('2027-06-06T09:30:00+07:00'),
      maxUses: null,
      dossierCode: null,
      channel: 'portal',
      actingAs: 'self' as const,
      counterOfficialId: 'Nguyễn Thị Hồng Nhung (UBND phường Mỹ Tho)',
      at,
    };

    const ours = signReceipt(key, content);

    const { at: _, validFrom, validUntil, consentId, ...rest } = content;
    const jose = await new SignJWT({ ...rest, validFrom: validFrom.toISOString(), validUntil: validUntil.toISOString() })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: RECEIPT_TYPE })
      .setIssuer('motlan')
      .setSubject(consentId)
      .setJti(`${consentId}:granted`)
      .setIssuedAt(Math.floor(at.getTime() / 1000))
      .sign(key.privateKey);
    expect(ours).toBe(jose);
  });

  it('when the key is not an Ed25519 key object, then nothing is signed', async () => {
    const key = await ephemeralSigningKey('motlan-2026-12');
    expect(() => signMotlanJwt({ ...key, privateKey: new Uint8Array(32) }, ATTESTATION_TYPE, { sub: 'x' })).toThrow(/Ed25519/);
  });
});
