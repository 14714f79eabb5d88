import { canonicalJson } from '../../../src/documents/canonical';
import { contentDigest, sniffMediaType } from '../../../src/documents/content';

describe('sniffMediaType', () => {
  it.each([
    ['%PDF-1.7\n…', 'application/pdf'],
    ['\uFEFF  <?xml version="1.0"?><giayKhaiSinh/>', 'application/xml'],
    ['\n {"soHieu":"12/2024"}', 'application/json'],
  ])('reads %j as %s', (text, type) => {
    expect(sniffMediaType(Buffer.from(text, 'utf8'))).toBe(type);
  });

  it('knows PNG and JPEG by their magic numbers', () => {
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  });

  it('refuses what it cannot name, including JSON that does not parse', () => {
    expect(sniffMediaType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from('{"half":'))).toBeUndefined();
    expect(sniffMediaType(new Uint8Array())).toBeUndefined();
  });
});

describe('canonical form and digests', () => {
  it('sorts keys at every depth, drops undefined and keeps array order', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 'Hằng' }], a: null, c: undefined })).toBe('{"a":null,"b":[{"a":"Hằng","z":1}]}');
  });

  it('writes Content-Digest as RFC 9530 sha-256 in base64', () => {
    // SHA-256 of the empty string.
    expect(contentDigest('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:');
  });
});
