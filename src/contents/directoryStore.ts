import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { guarded, SHA256_HEX, shardedName, type ContentStore, type StoredObject } from './contentStore';

const MARKER = 'motlan-store-id';

/**
 * Contents as files under `root`, sharded by hash prefix. A write goes to a temporary file in the
 * target folder, is fsynced, then renamed over the name (atomic on one file system) and the folder
 * fsynced, so a crash leaves the old object, the new one or a stray temporary file, never half a file.
 */
export function directoryStore(root: string): ContentStore {
  const location = `file:${root}`;
  const fileOf = (sha256: string) => path.join(root, shardedName(sha256));

  async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
    const dir = path.dirname(file);
    await fs.mkdir(dir, { recursive: true });
    const temp = path.join(dir, `.tmp-${path.basename(file)}-${randomBytes(6).toString('hex')}`);
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    const folder = await fs.open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async function readOrUndefined(file: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  const shards = (dir: string) =>
    guarded(location, 'list', async () => {
      try {
        return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name)).map((e) => e.name);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    });

  return {
    location,
    put: (sha256, object) => guarded(location, 'put', () => writeAtomically(fileOf(sha256), object)),
    get: (sha256) => guarded(location, 'get', () => readOrUndefined(fileOf(sha256))),
    exists: (sha256) =>
      guarded(location, 'exists', async () => {
        try {
          await fs.stat(fileOf(sha256));
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw error;
        }
      }),
    delete: (sha256) => guarded(location, 'delete', () => fs.rm(fileOf(sha256), { force: true })),
    // Folder by folder, so memory stays flat however many objects the store holds.
    async *list(): AsyncIterable<StoredObject> {
      for (const first of await shards(root)) {
        for (const second of await shards(path.join(root, first))) {
          const dir = path.join(root, first, second);
          for (const name of await guarded(location, 'list', () => fs.readdir(dir))) {
            if (!SHA256_HEX.test(name)) continue;
            const stat = await guarded(location, 'list', () => fs.stat(path.join(dir, name)).catch(() => undefined));
            if (stat?.isFile()) yield { sha256: name, modifiedAt: stat.mtime };
          }
        }
      }
    },
    readMarker: () => guarded(location, 'read the identity marker', async () => (await readOrUndefined(path.join(root, MARKER)))?.toString('utf8').trim()),
    writeMarker: (value) => guarded(location, 'write the identity marker', () => writeAtomically(path.join(root, MARKER), Buffer.from(`${value}\n`))),
    close: async () => undefined,
  };
}
