import fs from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createLogger, type Logger } from '../../src/logger';
import { runId } from './templates';
import { testEngine } from './testDatabase';

/**
 * Every API test file logs at trace level into a file of its own, and records the personal data its
 * requests and responses carried: IDs, names, birth dates, notes and document contents. The run's
 * global teardown (tests/support/logCheck.ts) then looks for each of those values in every log.
 */

export type PersonalKind = 'id' | 'name' | 'birthDate' | 'note' | 'content';
export interface PersonalValue {
  kind: PersonalKind;
  value: string;
}

export function captureDir(engine: 'pglite' | 'postgres' = testEngine()): string {
  return path.join(os.tmpdir(), `motlan-test-logs-${runId()}`, engine);
}

function fileStem(): string {
  const testPath = expect.getState().testPath;
  return testPath ? path.relative(path.join(__dirname, '..'), testPath).replace(/[\\/]/g, '__') : `file-${process.pid}`;
}

function logFile(): string {
  return path.join(captureDir(), `${fileStem()}.log`);
}

/** This test file's log so far, one parsed object per line. */
export function capturedLog(): Array<Record<string, unknown>> {
  if (!fs.existsSync(logFile())) return [];
  return fs.readFileSync(logFile(), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The app's logger in a test: everything, down to trace, into this file's log (and to stdout at LOG_LEVEL). */
export function testLogger(): Logger {
  const dir = captureDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = pino.destination({ dest: logFile(), sync: true, append: true });
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: file }];
  if (process.env.LOG_LEVEL && process.env.LOG_LEVEL !== 'silent') streams.push({ level: process.env.LOG_LEVEL as pino.Level, stream: process.stdout });
  return createLogger('trace', pino.multistream(streams));
}

const recorded = new Set<string>();

/** Remembers values this test file used; written at once, so a crash later loses none. */
export function recordPersonal(values: Iterable<PersonalValue>): void {
  const fresh: string[] = [];
  for (const v of values) {
    const line = JSON.stringify(v);
    if (recorded.has(line)) continue;
    recorded.add(line);
    fresh.push(line);
  }
  if (!fresh.length) return;
  const dir = captureDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, `${fileStem()}.used.jsonl`), `${fresh.join('\n')}\n`);
}

const IDENTIFIER = /^\d{9,13}(?:-\d{3})?$/;
const NAME_KEY = /^(?:name|fullName|familyName|middleName|givenName|hoTen|holderName|representativeName|fatherName|motherName|spouseName|q)$/i;
const BIRTH_KEY = /birth|ngaySinh/i;
const NOTE_KEY = /^(?:note|notes|reason|comment)$/i;
const CONTENT_KEY = /^content(?:Base64)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The personal values in a JSON value, judged by key: any string that is a whole ID number, and the
 * strings under keys that hold names, birth dates, notes and contents. Names too short to be told
 * from ordinary words (a two-letter given name) are left out, or every log would "contain" them.
 */
export function personalValues(value: unknown, key = ''): PersonalValue[] {
  const found: PersonalValue[] = [];
  const walk = (v: unknown, k: string, depth: number) => {
    if (depth > 40) return;
    if (typeof v === 'string') {
      const s = v.trim();
      if (IDENTIFIER.test(s)) found.push({ kind: 'id', value: s });
      else if (NAME_KEY.test(k) && isDistinctiveName(s)) found.push({ kind: 'name', value: s });
      else if (BIRTH_KEY.test(k) && DATE.test(s)) found.push({ kind: 'birthDate', value: s });
      else if (NOTE_KEY.test(k) && s.length >= 12) found.push({ kind: 'note', value: s });
      else if (CONTENT_KEY.test(k) && s.length >= 24) found.push({ kind: 'content', value: s.slice(0, 48) });
    } else if (Array.isArray(v)) v.forEach((item) => walk(item, k, depth + 1));
    else if (v && typeof v === 'object') for (const [ck, cv] of Object.entries(v)) walk(cv, ck, depth + 1);
  };
  walk(value, key, 0);
  return found;
}

function isDistinctiveName(s: string): boolean {
  if (s.length < 5 || !/\p{L}/u.test(s)) return false;
  // Several words, or one word with a Vietnamese letter: "Nguyễn Văn An", "Hằng"; not "Minh" alone.
  return /\s/.test(s) || /[^ -~]/.test(s);
}

/** The values in a request's path and query: ID numbers in path segments, and names, dates and IDs in parameters. */
export function urlValues(url: string): PersonalValue[] {
  const parsed = new URL(url, 'http://test');
  const segments = parsed.pathname.split('/').map((s) => safeDecode(s));
  const params = Object.fromEntries(parsed.searchParams.entries());
  return [...personalValues(segments), ...personalValues(params)];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Wraps the app for supertest: after each exchange, records the personal values of the request (URL,
 * parsed body, the signed-in principal) and of a JSON response. The app itself is untouched.
 */
export function recordingPersonalData(app: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > 8 * 1024 * 1024) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      chunks.push(buffer);
    };
    res.write = ((...args: unknown[]) => {
      keep(args[0]);
      return write(...args);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      keep(args[0]);
      return end(...args);
    }) as typeof res.end;
    res.once('close', () => {
      const r = req as IncomingMessage & { body?: unknown; principal?: unknown; originalUrl?: string };
      const found = [...urlValues(r.originalUrl ?? req.url ?? '/'), ...personalValues(r.body), ...personalValues(r.principal)];
      if (/json/.test(String(res.getHeader('content-type') ?? ''))) {
        try {
          found.push(...personalValues(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        } catch {
          // Not a complete JSON body (a stream cut short): its request side is still recorded.
        }
      }
      recordPersonal(found);
    });
    app(req, res);
  };
}
