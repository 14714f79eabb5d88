import fs from 'node:fs';
import path from 'node:path';
import type { PersonalValue } from './logCapture';

export interface LogLeak {
  log: string;
  line: number;
  kind: PersonalValue['kind'];
  value: string;
}

/**
 * The forms a value may take in a log line: as sent, in either Unicode normal form (a name typed on
 * another keyboard), JSON-escaped, percent-encoded as in a URL or a form, and a date also as
 * dd/mm/yyyy, the way Vietnamese forms write it.
 */
export function formsOf({ kind, value }: PersonalValue): string[] {
  const forms = new Set([value, value.normalize('NFC'), value.normalize('NFD')]);
  for (const f of [...forms]) {
    forms.add(JSON.stringify(f).slice(1, -1));
    forms.add(encodeURIComponent(f));
    forms.add(encodeURIComponent(f).replace(/%20/g, '+'));
  }
  if (kind === 'birthDate') {
    const [y, m, d] = value.split('-');
    forms.add(`${d}/${m}/${y}`);
  }
  return [...forms];
}

/**
 * Every place a recorded value occurs in a log of `dir`. Each test file's values are checked
 * against every log of the run, not only its own: a value one file sent must not surface anywhere.
 */
export function findLeaks(dir: string): { leaks: LogLeak[]; logs: number; lines: number; values: number } {
  if (!fs.existsSync(dir)) return { leaks: [], logs: 0, lines: 0, values: 0 };
  const files = fs.readdirSync(dir);
  const values = new Map<string, PersonalValue>();
  for (const file of files.filter((f) => f.endsWith('.used.jsonl'))) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      const v = JSON.parse(line) as PersonalValue;
      values.set(`${v.kind}\u0000${v.value}`, v);
    }
  }
  const needles = [...values.values()].flatMap((v) => formsOf(v).map((form) => ({ form, v })));
  const leaks: LogLeak[] = [];
  let lines = 0;
  const logs = files.filter((f) => f.endsWith('.log'));
  for (const log of logs) {
    const text = fs.readFileSync(path.join(dir, log), 'utf8');
    const logLines = text.split('\n');
    lines += logLines.filter(Boolean).length;
    for (const { form, v } of needles) {
      const at = text.indexOf(form);
      if (at < 0) continue;
      leaks.push({ log, line: text.slice(0, at).split('\n').length, kind: v.kind, value: v.value });
    }
  }
  return { leaks, logs: logs.length, lines, values: values.size };
}

/** The teardown's verdict: throws, naming each leak's log file, line and kind, when any is found. */
export function assertNoLeaks(dir: string, engine: string): void {
  const { leaks, logs, lines, values } = findLeaks(dir);
  if (!leaks.length) {
    process.stdout.write(`Log check (${engine}): ${values} personal values the tests used, looked for in ${lines} log lines of ${logs} test files: none found.\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  const shown = leaks.slice(0, 20).map((l) => `  ${l.log}:${l.line}  ${l.kind} ${JSON.stringify(l.value)}`);
  throw new Error(
    `Personal data in the ${engine} API tests' logs: ${leaks.length} occurrence(s) of ${values} recorded values in ${logs} logs (${lines} lines), kept in ${dir}:\n${shown.join('\n')}`,
  );
}
