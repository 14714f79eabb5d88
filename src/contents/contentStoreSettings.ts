import path from 'node:path';

export interface S3StoreSettings {
  kind: 's3';
  bucket: string;
  /** Ends with "/" unless empty. */
  prefix: string;
  /** Unset: AWS S3 itself. */
  endpoint: string | undefined;
  region: string;
  pathStyle: boolean;
}

/** Where document contents are stored (CONTENT_STORE; docs/contents.md). */
export type ContentStoreSettings =
  | { kind: 'file'; dir: string }
  | S3StoreSettings
  /** In the database's document_contents rows, as before there was a store. */
  | { kind: 'database' };

/**
 * CONTENT_STORE → settings, or the message saying what is wrong with it:
 * `file:` (DATA_DIR/contents), `file:/an/absolute/dir`, `database`, or
 * `s3://bucket[/prefix]?endpoint=https://minio.example:9000&region=…&pathStyle=true|false`.
 */
export function parseContentStore(value: string | undefined, dataDir: string): ContentStoreSettings | string {
  const v = value?.trim() || 'file:';
  if (v === 'database') return { kind: 'database' };
  if (v.startsWith('file:')) {
    const dir = v.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!dir) return { kind: 'file', dir: path.join(dataDir, 'contents') };
    if (!path.isAbsolute(dir)) return `CONTENT_STORE=file: needs an absolute path (file:/var/lib/motlan/contents), not "${dir}"`;
    return { kind: 'file', dir: path.normalize(dir) };
  }
  if (v.startsWith('s3://')) {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      return `CONTENT_STORE is not a valid URL: "${v}"`;
    }
    if (url.username || url.password) return 'CONTENT_STORE must not carry credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or use an instance role)';
    const bucket = url.hostname;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return `CONTENT_STORE names no valid bucket: "${bucket}" (s3://bucket/prefix?endpoint=…)`;
    const known = new Set(['endpoint', 'region', 'pathStyle']);
    for (const key of url.searchParams.keys()) if (!known.has(key)) return `CONTENT_STORE has an unknown parameter "${key}" (endpoint, region, pathStyle)`;
    const endpoint = url.searchParams.get('endpoint') || undefined;
    if (endpoint !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(endpoint)) return `CONTENT_STORE endpoint must be an http(s) origin such as https://minio.example:9000, not "${endpoint}"`;
    const pathStyle = url.searchParams.get('pathStyle');
    if (pathStyle !== null && pathStyle !== 'true' && pathStyle !== 'false') return `CONTENT_STORE pathStyle must be true or false, not "${pathStyle}"`;
    const prefix = decodeURIComponent(url.pathname).replace(/^\/+/, '').replace(/\/*$/, '');
    return {
      kind: 's3',
      bucket,
      prefix: prefix ? `${prefix}/` : '',
      endpoint: endpoint?.replace(/\/$/, ''),
      region: url.searchParams.get('region') || 'us-east-1',
      // MinIO and Ceph RGW are usually addressed by path; AWS by virtual host.
      pathStyle: pathStyle === null ? endpoint !== undefined : pathStyle === 'true',
    };
  }
  return `CONTENT_STORE must be file:, file:/absolute/dir, s3://bucket/prefix?endpoint=… or database, not "${v}"`;
}
