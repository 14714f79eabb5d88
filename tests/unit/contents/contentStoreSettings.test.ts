import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config';
import { parseContentStore } from '../../../src/contents/contentStoreSettings';
import { directoryStore } from '../../../src/contents/directoryStore';
import { decodeObject, encodeObject } from '../../../src/contents/sealedObject';
import { contentCipher } from '../../../src/documents/contentCipher';
import { newContentKey } from '../../../src/keys/contentKeys';

describe('CONTENT_STORE', () => {
  it('when unset or file:, then a directory under DATA_DIR', () => {
    expect(parseContentStore(undefined, '/srv/motlan')).toEqual({ kind: 'file', dir: '/srv/motlan/contents' });
    expect(parseContentStore('file:', '/srv/motlan')).toEqual({ kind: 'file', dir: '/srv/motlan/contents' });
    expect(loadConfig({ DATA_DIR: '/srv/motlan' }).contentStore).toEqual({ kind: 'file', dir: '/srv/motlan/contents' });
  });

  it('when file: names an absolute folder (file:/… or file:///…), then that folder; a relative one is refused', () => {
    expect(parseContentStore('file:/mnt/ho-so/contents', '/d')).toEqual({ kind: 'file', dir: '/mnt/ho-so/contents' });
    expect(parseContentStore('file:///mnt/ho-so/contents/', '/d')).toEqual({ kind: 'file', dir: '/mnt/ho-so/contents/' });
    expect(parseContentStore('file:contents', '/d')).toMatch(/needs an absolute path/);
  });

  it('when s3://, then bucket, prefix, endpoint, region and path-style addressing (on by default with an endpoint)', () => {
    expect(parseContentStore('s3://motlan-hcm/vault/2026?endpoint=https://minio.hcm.gov.vn:9000&region=vn-south-1', '/d')).toEqual({
      kind: 's3',
      bucket: 'motlan-hcm',
      prefix: 'vault/2026/',
      endpoint: 'https://minio.hcm.gov.vn:9000',
      region: 'vn-south-1',
      pathStyle: true,
    });
    expect(parseContentStore('s3://motlan-hcm', '/d')).toEqual({ kind: 's3', bucket: 'motlan-hcm', prefix: '', endpoint: undefined, region: 'us-east-1', pathStyle: false });
    expect(parseContentStore('s3://motlan-hcm?endpoint=http://ceph.local:7480&pathStyle=false', '/d')).toMatchObject({ endpoint: 'http://ceph.local:7480', pathStyle: false });
  });

  it('when s3:// is malformed, carries credentials or an unknown parameter, then a message says what to fix', () => {
    expect(parseContentStore('s3://AK:SECRET@motlan-hcm', '/d')).toMatch(/must not carry credentials: set AWS_ACCESS_KEY_ID/);
    expect(parseContentStore('s3://Motlan_HCM', '/d')).toMatch(/names no valid bucket/);
    expect(parseContentStore('s3://motlan-hcm?endpont=http://x', '/d')).toMatch(/unknown parameter "endpont"/);
    expect(parseContentStore('s3://motlan-hcm?endpoint=minio:9000', '/d')).toMatch(/endpoint must be an http\(s\) origin/);
    expect(parseContentStore('s3://motlan-hcm?pathStyle=yes', '/d')).toMatch(/pathStyle must be true or false/);
    expect(parseContentStore('ftp://kho', '/d')).toMatch(/must be file:, file:\/absolute\/dir, s3:\/\/bucket/);
    expect(() => loadConfig({ CONTENT_STORE: 'gs://motlan' })).toThrow(ConfigError);
  });

  it('when database, then contents stay in their rows', () => {
    expect(loadConfig({ CONTENT_STORE: 'database' }).contentStore).toEqual({ kind: 'database' });
  });

  it('when NODE_ENV=production with DATABASE_URL, then it must be set explicitly', () => {
    const production = { NODE_ENV: 'production', DEV_ISSUER: 'off', DATABASE_URL: 'postgres://motlan@db/motlan' };
    expect(() => loadConfig(production)).toThrow(/CONTENT_STORE must be set when NODE_ENV=production with DATABASE_URL/);
    expect(loadConfig({ ...production, CONTENT_STORE: 's3://motlan-hcm?endpoint=https://minio.hcm.gov.vn' }).contentStore).toMatchObject({ kind: 's3' });
    // The embedded database lives under DATA_DIR on one machine: so may the contents.
    expect(loadConfig({ NODE_ENV: 'production', DEV_ISSUER: 'off', DATA_DIR: '/srv/motlan' }).contentStore).toEqual({ kind: 'file', dir: '/srv/motlan/contents' });
  });
});

describe('sealed objects', () => {
  const cipher = contentCipher({ activeId: '2026-12', keys: new Map([['2026-12', newContentKey()]]) });
  const plaintext = Buffer.from('%PDF-1.7\n% Trích lục khai sinh: Trần Minh Khôi\n%%EOF\n');
  const hash = 'c'.repeat(64);

  it('when sealed and encoded, then the object starts MTC1, names its key, hides the text, and opens back to it', () => {
    const object = encodeObject(cipher.seal(hash, plaintext));
    expect(object.subarray(0, 4).toString('ascii')).toBe('MTC1');
    expect(object.includes(Buffer.from('2026-12'))).toBe(true);
    expect(object.includes(Buffer.from('Trần Minh Khôi'))).toBe(false);
    expect(cipher.open(hash, decodeObject(object)).equals(plaintext)).toBe(true);
  });

  it('when an object is not in the format, or opened under another hash, then it does not open', () => {
    expect(() => decodeObject(Buffer.from('%PDF-1.7 plaintext'))).toThrow(/not a sealed Motlan content object/);
    const object = encodeObject(cipher.seal(hash, plaintext));
    expect(() => cipher.open('d'.repeat(64), decodeObject(object))).toThrow();
  });
});

describe('the directory store', () => {
  it('when objects are written, then they sit sharded by hash prefix, whole, with no temporary file left, and list back', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-dir-store-'));
    try {
      const store = directoryStore(root);
      const hash = 'ab'.repeat(32);
      await store.put(hash, Buffer.from('one'));
      await store.put(hash, Buffer.from('two'));
      expect(fs.readdirSync(path.join(root, 'ab', 'ab'))).toEqual([hash]);
      expect((await store.get(hash))!.toString()).toBe('two');
      expect(await store.get('cd'.repeat(32))).toBeUndefined();
      await store.writeMarker('9c1f0e4a');
      const listed = [];
      for await (const o of store.list()) listed.push(o.sha256);
      expect(listed).toEqual([hash]);
      expect(await store.readMarker()).toBe('9c1f0e4a');
      await store.delete(hash);
      expect(await store.exists(hash)).toBe(false);
      await expect(store.put('../../etc/passwd', Buffer.from('x'))).rejects.toThrow();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
