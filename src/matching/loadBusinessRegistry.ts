import fs from 'node:fs';
import readline from 'node:readline';
import type { Enterprise } from '../connectors';
import type { Database } from '../db/database';
import { businessMirrorStore } from './businessMirror.store';

// ≈ 1.3 units an enterprise, 20 parameters a unit: 500 enterprises stay well under PostgreSQL's 65,535.
export const BUSINESS_LOAD_BATCH = 500;

export type RegistryFileKind = 'population' | 'business';

/** Which register a line of NDJSON comes from: an enterprise has `names` and `legalForm`, a citizen `fullName` and `birthDate`. */
export function registryKindOfLine(line: string): RegistryFileKind | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if ('names' in value && 'legalForm' in value) return 'business';
  if ('fullName' in value && 'birthDate' in value) return 'population';
  return undefined;
}

/** The kind of the file's first non-empty line (undefined for an empty or unrecognised file). */
export async function registryKindOfFile(file: string): Promise<RegistryFileKind | undefined> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.trim()) return registryKindOfLine(line);
    return undefined;
  } finally {
    lines.close();
  }
}

/**
 * Streams a business-register NDJSON file (one enterprise a line, with its branches, as
 * `npm run gen:businesses` writes it) into the business mirror; returns enterprises and mirror rows loaded.
 */
export async function loadBusinessRegistry(
  db: Database,
  file: string,
  onProgress: (bytes: number, enterprises: number, rows: number) => void = () => undefined,
): Promise<{ enterprises: number; rows: number }> {
  const store = businessMirrorStore(db);
  const input = fs.createReadStream(file);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let batch: Enterprise[] = [];
  let enterprises = 0;
  let rows = 0;
  let lineNo = 0;
  const flush = async () => {
    rows += await store.upsert(batch);
    enterprises += batch.length;
    batch = [];
    onProgress(input.bytesRead, enterprises, rows);
  };
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let enterprise: Enterprise;
    try {
      enterprise = JSON.parse(line) as Enterprise;
    } catch {
      throw new Error(`${file}:${lineNo}: not JSON`);
    }
    if (typeof enterprise?.code !== 'string' || typeof enterprise.names?.vi !== 'string' || !Array.isArray(enterprise.branches)) {
      throw new Error(`${file}:${lineNo}: not an enterprise (schemas/registry/enterprise.json)`);
    }
    batch.push(enterprise);
    if (batch.length >= BUSINESS_LOAD_BATCH) await flush();
  }
  await flush();
  return { enterprises, rows };
}
