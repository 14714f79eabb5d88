import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type postgres from 'postgres';
import { summariseProfile } from './cpuProfile';
import { cpuSeconds, loadAverage, machineCpu } from './processes';

/** One route driven to completion: exact latencies (sorted, ms) and what each answer decided. */
export interface LoadRun {
  route: string;
  requests: number;
  seconds: number;
  latencies: number[];
  /** Per answer, a label: the decision of a 200, else `HTTP <status>`. */
  labels: Map<string, number>;
  /** The parsed body of every 200, in the order the bodies were given (null for an error). */
  answers: Array<unknown | null>;
  /** Microseconds since an arbitrary origin (process.hrtime), start and end. */
  window: [number, number];
}

/**
 * POSTs the bodies to one path with `concurrency` requests in flight over keep-alive connections,
 * measuring every request. `label` names an answer for the decision counts. With `method: 'GET'`,
 * each item is the path to read instead of a body (`path` then only names the route).
 */
export async function driveHttp(
  { port, path, token, concurrency, label, method = 'POST' }: { port: number; path: string; token: string; concurrency: number; label: (body: unknown) => string; method?: 'GET' | 'POST' },
  bodies: readonly string[],
): Promise<LoadRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (item: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const authorization = `Bearer ${token}`;
      const req = http.request(
        method === 'GET'
          ? { host: '127.0.0.1', port, path: item, method, agent, headers: { authorization } }
          : { host: '127.0.0.1', port, path, method, agent, headers: { 'content-type': 'application/json', authorization, 'content-length': Buffer.byteLength(item) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(method === 'GET' ? undefined : item);
    });
  const latencies: number[] = [];
  const labels = new Map<string, number>();
  const answers: Array<unknown | null> = new Array(bodies.length).fill(null);
  let next = 0;
  const from = Number(process.hrtime.bigint() / 1000n);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const i = next++;
        const t = process.hrtime.bigint();
        const res = await post(bodies[i]!);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        let key = `HTTP ${res.status}`;
        if (res.status === 200) {
          answers[i] = JSON.parse(res.text) as unknown;
          key = label(answers[i]);
        }
        labels.set(key, (labels.get(key) ?? 0) + 1);
      }
    }),
  );
  const to = Number(process.hrtime.bigint() / 1000n);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { route: path, requests: bodies.length, seconds: (to - from) / 1e6, latencies, labels, answers, window: [from, to] };
}

/** The exact q-quantile of sorted latencies (nearest rank). */
export const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** A Markdown table: one column per run, one row per figure. */
export function markdownTable<R>(columns: readonly string[], runs: readonly R[], rows: ReadonlyArray<readonly [string, (run: R) => string]>): string {
  return [`| | ${columns.join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`, ...rows.map(([name, f]) => `| ${name} | ${runs.map(f).join(' | ')} |`)].join('\n');
}

/** Where the CPU went during one measured run, from /proc. */
export interface RunCost {
  cpu: { motlan: number; postgres: number; bench: number; machineBusy: number; machineTotal: number };
  load: [string, string];
}

/**
 * Runs `work` and charges it the CPU seconds Motlan's process, the PostgreSQL backends connected to
 * `database`, this process and the whole machine spent meanwhile, with the load average around it.
 */
export async function measured<T>(admin: postgres.Sql, database: string, motlanPid: number, work: () => Promise<T>): Promise<T & RunCost> {
  const backends = async () => (await admin<Array<{ pid: number }>>`select pid from pg_stat_activity where datname = ${database} and backend_type = 'client backend'`).map((r) => r.pid);
  const before = { pg: new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)])), motlan: cpuSeconds(motlanPid), self: process.cpuUsage(), machine: machineCpu(), load: loadAverage() };
  const result = await work();
  const self = process.cpuUsage(before.self);
  const machine = machineCpu();
  const postgresCpu = (await backends()).reduce((sum, pid) => sum + cpuSeconds(pid) - (before.pg.get(pid) ?? 0), 0);
  return {
    ...result,
    cpu: { motlan: cpuSeconds(motlanPid) - before.motlan, postgres: postgresCpu, bench: (self.user + self.system) / 1e6, machineBusy: machine.busy - before.machine.busy, machineTotal: machine.total - before.machine.total },
    load: [before.load, loadAverage()],
  };
}

/** Share of the machine's CPU that processes other than the server, its PostgreSQL backends and the load generator took. */
export const othersCpuPercent = (r: RunCost) => Math.max(0, (100 * (r.cpu.machineBusy - r.cpu.motlan - r.cpu.postgres - r.cpu.bench)) / r.cpu.machineTotal);

/** The table rows every HTTP benchmark prints about a run's cost. */
export function costRows<R extends RunCost & { requests: number }>(): Array<readonly [string, (run: R) => string]> {
  const per = (r: R, seconds: number) => ((1000 * seconds) / r.requests).toFixed(1);
  return [
    ['CPU ms per request: server process', (r) => per(r, r.cpu.motlan)],
    ['CPU ms per request: PostgreSQL backends', (r) => per(r, r.cpu.postgres)],
    ['CPU ms per request: load generator', (r) => per(r, r.cpu.bench)],
    ['machine CPU busy (2 cores = 100%)', (r) => `${((100 * r.cpu.machineBusy) / r.cpu.machineTotal).toFixed(0)}%`],
    ['… of which other processes (other sessions, PostgreSQL background workers)', (r) => `${othersCpuPercent(r).toFixed(0)}%`],
    ['load average before → after', (r) => `${r.load[0]} → ${r.load[1]}`],
  ];
}

/** One line per finished run: throughput and latency. */
export function runLine(name: string, run: LoadRun, concurrency: number): string {
  const ms = (q: number) => quantile(run.latencies, q).toFixed(1);
  return `${name}: ${run.requests} requests, ${concurrency} in flight: ${(run.requests / run.seconds).toFixed(0)} req/s, p50 ${ms(0.5)} ms, p95 ${ms(0.95)} ms, p99 ${ms(0.99)} ms`;
}

/** Where Motlan's main thread spent its CPU over the measured runs, when it ran with --cpu-prof. */
export function profileSummary(profileDir: string, motlanPid: number, runs: readonly LoadRun[]): string | undefined {
  // The main thread's profile: named …<pid>.0.<n>.cpuprofile (tsx's loader thread writes another).
  const file = fs.readdirSync(profileDir).find((f) => f.includes(`.${motlanPid}.0.`) && f.endsWith('.cpuprofile'));
  return file && runs.length ? summariseProfile(path.join(profileDir, file), 25, [runs[0]!.window[0], runs.at(-1)!.window[1]]) : undefined;
}
