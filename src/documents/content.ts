export const CONTENT_MEDIA_TYPES = ['application/pdf', 'application/xml', 'application/json', 'image/png', 'image/jpeg'] as const;
export type ContentMediaType = (typeof CONTENT_MEDIA_TYPES)[number];

/** Decoded content may be at most this large; the ingest body limit is derived from it. */
export const MAX_CONTENT_BYTES = 10 * 1024 * 1024;
/** Base64 grows content by 4/3; the rest is metadata and fields. */
export const INGEST_BODY_LIMIT_BYTES = Math.ceil((MAX_CONTENT_BYTES * 4) / 3) + 512 * 1024;

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

/**
 * The media type the bytes themselves announce, never the name or the caller's label: a PDF
 * labelled image/png is still a PDF. XML and JSON have no magic number, so the first
 * non-whitespace character decides, and JSON must also parse.
 */
export function sniffMediaType(bytes: Uint8Array): ContentMediaType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++;
  if (bytes[i] === 0x3c) return 'application/xml';
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) {
    try {
      JSON.parse(Buffer.from(bytes.subarray(i)).toString('utf8'));
      return 'application/json';
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** RFC 9530 Content-Digest for a SHA-256 given in hex. */
export function contentDigest(sha256Hex: string): string {
  return `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`;
}
