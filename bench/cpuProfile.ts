import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Where a frame's code lives: a package, a Motlan folder, or Node itself. */
function ownerOf(url: string): string {
  if (!url) return '(native / GC / idle)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(src|bench)\/([^/]+)/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url.startsWith('node:') ? 'node core' : path.basename(url);
}

/**
 * Self time of a V8 .cpuprofile (node --cpu-prof), by owner and by function: where the server's
 * event loop spends its CPU. Idle time is left out of the shares. `window` (µs of the monotonic
 * clock, which V8's timestamps and process.hrtime share on Linux) keeps only the measured run,
 * without start-up and warm-up.
 */
export function summariseProfile(file: string, top = 15, window?: [number, number]): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window[0] || at > window[1])) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === '(idle)' || callFrame.functionName === '(program)') continue;
    busy += micros;
    const owner = callFrame.functionName === '(garbage collector)' ? 'GC' : ownerOf(callFrame.url);
    owners.set(owner, (owners.get(owner) ?? 0) + micros);
    const fn = `${callFrame.functionName || '(anonymous)'} ${callFrame.url ? `${path.relative(process.cwd(), callFrame.url.replace(/^file:\/\//, ''))}:${callFrame.lineNumber + 1}` : ''}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `| ${(100 * v / busy).toFixed(1)}% | ${k.replace(/\|/g, '\\|')} |`)
      .join('\n');
  return [`Busy CPU sampled: ${(busy / 1e6).toFixed(1)} s`, '', '| self time | owner |', '|---:|---|', rows(owners), '', '| self time | function |', '|---:|---|', rows(functions)].join('\n');
}
