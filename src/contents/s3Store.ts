import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { guarded, SHA256_HEX, shardedName, type ContentStore, type StoredObject } from './contentStore';
import type { S3StoreSettings } from './contentStoreSettings';

const MARKER = 'motlan-store-id';

/**
 * Contents as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, …). Credentials come
 * from the SDK's standard chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance
 * role) unless given here. A PUT replaces an object whole, which is the atomicity contents need.
 */
export function s3Store(settings: S3StoreSettings, credentials?: { accessKeyId: string; secretAccessKey: string }): ContentStore {
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.pathStyle,
    ...(credentials ? { credentials } : {}),
    maxAttempts: 3,
    // Checksums only where the API requires them: older S3-compatible servers refuse the newer headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
  });
  const Bucket = settings.bucket;
  const location = `s3://${settings.bucket}/${settings.prefix}${settings.endpoint ? ` at ${settings.endpoint}` : ''}`;
  const keyOf = (sha256: string) => `${settings.prefix}${shardedName(sha256)}`;

  async function getOrUndefined(Key: string): Promise<Buffer | undefined> {
    try {
      const res = await client.send(new GetObjectCommand({ Bucket, Key }));
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  return {
    location,
    put: (sha256, object) =>
      guarded(location, 'put', async () => {
        await client.send(new PutObjectCommand({ Bucket, Key: keyOf(sha256), Body: object, ContentType: 'application/octet-stream' }));
      }),
    get: (sha256) => guarded(location, 'get', () => getOrUndefined(keyOf(sha256))),
    exists: (sha256) =>
      guarded(location, 'exists', async () => {
        try {
          await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(sha256) }));
          return true;
        } catch (error) {
          if (isNotFound(error)) return false;
          throw error;
        }
      }),
    delete: (sha256) =>
      guarded(location, 'delete', async () => {
        await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(sha256) }));
      }),
    async *list(): AsyncIterable<StoredObject> {
      let ContinuationToken: string | undefined;
      do {
        const page = await guarded(location, 'list', () => client.send(new ListObjectsV2Command({ Bucket, Prefix: settings.prefix, ContinuationToken })));
        for (const o of page.Contents ?? []) {
          const name = o.Key?.slice(o.Key.lastIndexOf('/') + 1) ?? '';
          if (SHA256_HEX.test(name) && o.Key === keyOf(name)) yield { sha256: name, modifiedAt: o.LastModified ?? new Date() };
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    readMarker: () => guarded(location, 'read the identity marker', async () => (await getOrUndefined(`${settings.prefix}${MARKER}`))?.toString('utf8').trim()),
    writeMarker: (value) =>
      guarded(location, 'write the identity marker', async () => {
        await client.send(new PutObjectCommand({ Bucket, Key: `${settings.prefix}${MARKER}`, Body: Buffer.from(`${value}\n`), ContentType: 'text/plain' }));
      }),
    close: async () => client.destroy(),
  };
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}
