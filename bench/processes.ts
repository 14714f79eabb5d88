import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
// Linux reports process CPU in clock ticks; 100 a second on every kernel this runs on.
const TICKS_PER_SECOND = 100;

export interface Child {
  name: string;
  pid: number;
  /** The last lines it wrote (stdout and stderr), to explain a failure. */
  tail(): string;
  /** Why it stopped, once it has. */
  exited(): string | undefined;
  /** Resolves with the first stdout line matching, or rejects when the child exits first. */
  line(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after the grace period; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
// A benchmark stopped half-way must not leave a server holding the port or the database.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A TypeScript entry point in its own Node process (`node --import tsx`, so the pid is the process
 * that does the work: its CPU time is read from /proc). Its environment is only what is given.
 */
export function startChild(name: string, file: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): Child {
  // TypeScript through tsx; a compiled file (npm run build) with node alone, as production runs it.
  const loader = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const proc = spawn(process.execPath, [...nodeArgs, ...loader, path.join(ROOT, file), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  let exited: string | undefined;
  const failures: Array<(error: Error) => void> = [];
  const collect = (stream: NodeJS.ReadableStream, stdout: boolean) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 200) lines.shift();
        if (!stdout) continue;
        for (const w of [...waiters]) {
          const m = w.pattern.exec(line);
          if (m) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(m);
          }
        }
      }
    });
  };
  collect(proc.stdout!, true);
  collect(proc.stderr!, false);
  const exit = new Promise<void>((resolve) => {
    proc.on('exit', (code, signal) => {
      running.delete(proc);
      exited = `${name} exited (${signal ?? `code ${code}`})`;
      for (const fail of failures) fail(new Error(`${exited}\n${lines.slice(-30).join('\n')}`));
      resolve();
    });
  });
  return {
    name,
    pid: proc.pid!,
    tail: () => lines.slice(-30).join('\n'),
    exited: () => exited,
    line(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        if (exited) return reject(new Error(`${exited}\n${lines.slice(-30).join('\n')}`));
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms\n${lines.slice(-30).join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
        failures.push((e) => (clearTimeout(timer), reject(e)));
      });
    },
    async stop(graceMs = 15_000) {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Polls an HTTP URL until it answers 200; fails early when the child has exited. */
export async function waitUntilReady(child: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.status === 200) return;
    const exited = child.exited();
    if (exited) throw new Error(`${exited}\n${child.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${child.name} was not ready at ${url} within ${timeoutMs} ms\n${child.tail()}`);
}

/** A port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A process and its descendants alive now, from /proc: a server started with WORKERS > 1 is a
 * node:cluster primary and its workers, and what it costs is their sum.
 */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = statFields(Number(entry))?.[1];
    if (parent === undefined) continue;
    const list = children.get(Number(parent)) ?? [];
    list.push(Number(entry));
    children.set(Number(parent), list);
  }
  const tree: number[] = [];
  for (let next = [pid]; next.length; next = next.flatMap((p) => children.get(p) ?? [])) tree.push(...next);
  return tree;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): state, ppid, …; undefined once it is gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process and its live descendants have used so far (0 once gone). */
export function cpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    const fields = statFields(p);
    return sum + (fields ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND : 0);
  }, 0);
}

/** The whole machine's CPU, in core-seconds busy and total, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy: busy / TICKS_PER_SECOND, total: (busy + idle! + iowait!) / TICKS_PER_SECOND };
}

export function loadAverage(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** Resident memory of a process in MiB (0 once it is gone). */
export function rssMiB(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the resident memory of a process, or of the largest of its workers (each is a process of
 * its own, with its own limit), every `everyMs` until stopped: the peak and the last sample, in MiB.
 */
export function rssSampler(pid: number, everyMs = 250): { stop(): { peak: number; last: number } } {
  const largest = () => Math.max(0, ...processTree(pid).map(rssMiB));
  let peak = largest();
  let last = peak;
  const timer = setInterval(() => {
    last = largest();
    peak = Math.max(peak, last);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      last = largest() || last;
      return { peak: Math.max(peak, last), last };
    },
  };
}

/**
 * The population registry simulator in its own process, serving the generator's people for this
 * seed and count to one client (`motlan-bench`, a fresh secret); `faults` as its --faults takes them.
 */
export async function startRegistrySimulator({ seed, count, faults }: { seed: number; count: number; faults?: Record<string, unknown> }): Promise<{ child: Child; url: string; clientId: string; clientSecret: string }> {
  const clientId = 'motlan-bench';
  const clientSecret = randomBytes(18).toString('base64url');
  const child = startChild('population simulator', 'src/connectors/population/populationSimulator.cli.ts', [
    '--seed', String(seed), '--count', String(count), '--port', '0', '--client-id', clientId, '--client-secret', clientSecret,
    ...(faults ? ['--faults', JSON.stringify(faults)] : []),
  ], {});
  const url = (await child.line(/^\s+URL\s+(\S+)/, 180_000))[1]!;
  return { child, url, clientId, clientSecret };
}
