import { Problem, problem, validationFailed } from '../http/problem';
import { toInvalidParams, validatorFor } from '../http/schemaRegistry';
import { findUnstorable } from '../http/unstorable';
import { INGEST_BODY_LIMIT_BYTES } from './content';
import type { Actor, DocumentService, IngestInput, WriteTurn } from './documents.service';
import { ImportStopped } from './importBudget';
import { ndjsonLines } from './ndjson';
import type { PreparedDocument } from './documents.types';

/** Lines per transaction: large enough to amortise round trips, small enough to keep memory flat. */
export const IMPORT_BATCH_LINES = 100;
/**
 * And bytes per transaction: a line may carry a 10 MB content, and a hundred of them would hold over
 * a gigabyte of text in memory and overflow the one JSON parameter a table's rows are sent in
 * (PostgreSQL refuses a jsonb value over 256 MB): a batch ends at whichever bound comes first.
 */
export const IMPORT_BATCH_BYTES = 32 * 1_048_576;
const LOOKUP_RENEWAL_BATCHES = 20;
/** A summary lists at most this many rejected lines; the counts stay exact beyond it. */
export const MAX_REPORTED_REJECTIONS = 1000;
/** A body whose first lines are all refused is not an import file: stop reading it. */
export const GARBAGE_PREFIX_LINES = 20;
/** Nor is one that goes on refusing far more lines than it brings. */
export const MAX_REJECTED_SURPLUS = 1000;

export interface Rejection {
  line: number;
  status: number;
  type: string;
  title: string;
  detail?: string;
  errors?: unknown[];
}

export interface ImportSummary {
  lines: number;
  ingested: number;
  alreadyPresent: number;
  rejected: number;
  rejections: Rejection[];
  rejectionsTruncated: boolean;
}

/**
 * Ingests NDJSON, one document per line, exactly as POST /v1/documents would: the same rules, the
 * same idempotency, so a run that was cut off is resumed by sending the whole file again.
 * Blank lines are skipped; a bad line is reported with its number and does not stop the rest,
 * unless the body looks like no import at all (its first lines all bad, or bad lines far outnumbering
 * good ones): then, as when the source runs out of budget, what was read is written and ImportStopped
 * carries the summary.
 */
export async function importDocuments(service: Pick<DocumentService, 'prepare' | 'write' | 'lookups'>, db: Parameters<DocumentService['write']>[0], source: AsyncIterable<Buffer | string>, actor: Actor): Promise<ImportSummary> {
  const validate = validatorFor('documents/document-ingest');
  const summary: ImportSummary = { lines: 0, ingested: 0, alreadyPresent: 0, rejected: 0, rejections: [], rejectionsTruncated: false };
  const reject = (line: number, p: Problem) => {
    summary.rejected++;
    if (summary.rejections.length >= MAX_REPORTED_REJECTIONS) summary.rejectionsTruncated = true;
    else summary.rejections.push({ line, status: p.status, type: p.type, title: p.title, ...(p.fields.detail ? { detail: p.fields.detail } : {}), ...(p.fields.errors ? { errors: p.fields.errors } : {}) });
  };

  let batch: Array<{ line: number; input: IngestInput }> = [];
  let batchBytes = 0;
  // Lookups (agencies, keys, subjects) are remembered across batches, renewed now and then so a
  // long import neither holds every subject it met nor misses a registration for long.
  let look = service.lookups();
  let batches = 0;
  // Two batches are written at once, on two connections, while the next one is parsed, checked and
  // hashed: Node's work and the database's overlap, and each waits less on the other's round trips
  // (one batch written at a time, the import was a fifth slower). Their contents and documents are
  // inserted in turn, in file order (WriteTurn), and in key order, so a key met by both makes the
  // later batch wait for the earlier one's commit instead of deadlocking. At most three batches are
  // held at once. `writing` settles when every write started so far has; its handler only keeps an
  // early failure from going unhandled: it is awaited, and throws, where used.
  let writing: Promise<void> = Promise.resolve();
  // Settles once the batch last handed to a write has inserted its contents and documents.
  let lastInserted: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (++batches % LOOKUP_RENEWAL_BATCHES === 0) look = service.lookups();
    // Concurrently: the subject and key lookups of a batch then share the pool's connections
    // instead of waiting for each other one round trip at a time.
    await look.prime(batch.flatMap(({ input }) => input.subjects.map((s) => s.id)));
    const settled = await Promise.allSettled(batch.map(({ input }) => service.prepare(input, actor, look)));
    const prepared: Array<{ line: number; doc: PreparedDocument }> = [];
    settled.forEach((s, i) => {
      const { line } = batch[i]!;
      if (s.status === 'fulfilled') prepared.push({ line, doc: s.value });
      else if (s.reason instanceof Problem) reject(line, s.reason);
      else throw s.reason;
    });
    batch = [];
    batchBytes = 0;
    if (!prepared.length) return;
    let pass!: () => void;
    const turn: WriteTurn = { after: lastInserted, pass: () => pass() };
    lastInserted = new Promise<void>((resolve) => (pass = resolve));
    const previous = writing;
    const mine = write(prepared, turn).finally(turn.pass);
    writing = Promise.allSettled([previous, mine]).then(([a, b]) => {
      if (a.status === 'rejected') throw a.reason;
      if (b.status === 'rejected') throw b.reason;
    });
    writing.catch(() => undefined);
    await previous;
  };
  const write = async (prepared: Array<{ line: number; doc: PreparedDocument }>, turn: WriteTurn) => {
    const outcomes = await db.transaction((tx) => service.write(tx, prepared.map((p) => p.doc), actor, { turn }));
    outcomes.forEach((o, i) => {
      if (o.outcome === 'created') summary.ingested++;
      else if (o.outcome === 'existing') summary.alreadyPresent++;
      else reject(prepared[i]!.line, problem(409, 'document-conflict', 'Another document has this number', { detail: 'This issuer already stored a different document of this type under this number.' }));
    });
  };

  let accepted = 0;
  try {
    await readLines();
  } catch (error) {
    if (!(error instanceof ImportStopped)) {
      await writing.catch(() => undefined);
      throw error;
    }
    await flush();
    await writing;
    summary.rejections.sort((a, b) => a.line - b.line);
    error.summary = summary;
    throw error;
  }
  await flush();
  await writing;
  // Conflicts are known only when their batch is written, after later lines' parse errors.
  summary.rejections.sort((a, b) => a.line - b.line);
  return summary;

  async function readLines() {
    for await (const item of ndjsonLines(source, INGEST_BODY_LIMIT_BYTES)) {
      if (accepted === 0 && summary.rejected >= GARBAGE_PREFIX_LINES) {
        throw new ImportStopped('not-ndjson', `The first ${GARBAGE_PREFIX_LINES} lines were all refused: this body is not an import of documents.`);
      }
      if (summary.rejected - accepted > MAX_REJECTED_SURPLUS) {
        throw new ImportStopped('not-ndjson', `Over ${MAX_REJECTED_SURPLUS} more lines were refused than accepted: fix the file and send it again.`);
      }
      summary.lines = item.line;
      if ('tooLong' in item) {
        reject(item.line, problem(413, 'payload-too-large', 'Line too long', { detail: `A line may be at most ${INGEST_BODY_LIMIT_BYTES} bytes.` }));
        continue;
      }
      if (!item.text.trim()) continue;
      let input: unknown;
      try {
        input = JSON.parse(item.text);
      } catch {
        reject(item.line, problem(400, 'malformed-json', 'Malformed JSON', { detail: 'This line is not valid JSON.' }));
        continue;
      }
      const unstorable = findUnstorable(input, 'body');
      if (unstorable) {
        reject(item.line, validationFailed([unstorable], 'This line holds a value that cannot be stored as sent.'));
        continue;
      }
      if (!validate(input)) {
        reject(item.line, validationFailed(toInvalidParams(validate.errors, 'body')));
        continue;
      }
      accepted++;
      batch.push({ line: item.line, input: input as IngestInput });
      batchBytes += item.text.length;
      if (batch.length >= IMPORT_BATCH_LINES || batchBytes >= IMPORT_BATCH_BYTES) await flush();
    }
  }
}
