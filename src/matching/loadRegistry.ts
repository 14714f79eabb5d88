import fs from 'node:fs';
import readline from 'node:readline';
import type { Citizen } from '../connectors';
import type { Database } from '../db/database';
import { matchingStore } from './matching.store';
import { mirrorRowOf, type MirrorRow } from './mirrorRow';

// 14 parameters a row: 1,000 rows stay well under PostgreSQL's 65,535 bind parameters.
export const LOAD_BATCH = 1000;

/** Streams a population NDJSON file into the mirror, a multi-row upsert per batch; returns rows loaded. */
export async function loadRegistry(db: Database, file: string, onProgress: (bytes: number, rows: number) => void = () => undefined): Promise<number> {
  const store = matchingStore(db);
  const input = fs.createReadStream(file);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let batch: MirrorRow[] = [];
  let rows = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let citizen: Citizen;
    try {
      citizen = JSON.parse(line) as Citizen;
    } catch {
      throw new Error(`${file}:${lineNo}: not JSON`);
    }
    batch.push(mirrorRowOf(citizen));
    if (batch.length >= LOAD_BATCH) {
      await store.upsert(batch);
      rows += batch.length;
      batch = [];
      onProgress(input.bytesRead, rows);
    }
  }
  await store.upsert(batch);
  rows += batch.length;
  onProgress(input.bytesRead, rows);
  return rows;
}
