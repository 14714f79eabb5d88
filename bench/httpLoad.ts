import http from 'node:http';

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
 * measuring every request. `label` names an answer for the decision counts.
 */
export async function driveHttp(
  { port, path, token, concurrency, label }: { port: number; path: string; token: string; concurrency: number; label: (body: unknown) => string },
  bodies: readonly string[],
): Promise<LoadRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
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
