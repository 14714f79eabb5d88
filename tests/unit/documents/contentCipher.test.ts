import { createHash, randomBytes } from 'node:crypto';
import { contentCipher } from '../../../src/documents/contentCipher';

const keyring = { activeId: '2026-12', keys: new Map([['2026-12', new Uint8Array(randomBytes(32))]]) };
const NONCE_BYTES = 12;

describe('contentCipher', () => {
  it('when thousands of contents are sealed, then every data key and every nonce is fresh, and each content opens to its bytes', () => {
    const cipher = contentCipher(keyring);
    // 3,000 seals draw 168 kB of randomness, far past one 4 KiB draw from the CSPRNG.
    const contents = Array.from({ length: 3000 }, (_, i) => Buffer.from(`%PDF-1.7\n% Giấy xác nhận cư trú số ${i}/2026/XNCT\n`));
    const sealed = contents.map((bytes) => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { sha256, bytes, stored: cipher.seal(sha256, bytes) };
    });

    const nonces = sealed.flatMap((s) => [s.stored.bytes, s.stored.dataKey].map((b) => b.subarray(0, NONCE_BYTES).toString('hex')));
    expect(new Set(nonces).size).toBe(2 * contents.length);
    expect(new Set(sealed.map((s) => s.stored.dataKey.toString('hex'))).size).toBe(contents.length);
    for (const s of sealed) expect(cipher.open(s.sha256, s.stored).equals(s.bytes)).toBe(true);
  });

  it('when the same content is sealed twice, then the two sealed forms share nothing but their length', () => {
    const cipher = contentCipher(keyring);
    const bytes = Buffer.from('<?xml version="1.0"?><giayKhaiSinh so="15/2026"/>');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [a, b] = [cipher.seal(sha256, bytes), cipher.seal(sha256, bytes)];
    expect(a.bytes.equals(b.bytes)).toBe(false);
    expect(a.dataKey.equals(b.dataKey)).toBe(false);
    expect(a.bytes.length).toBe(b.bytes.length);
  });
});
