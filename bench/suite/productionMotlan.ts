import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatContentKeys, newContentKey } from '../../src/keys/contentKeys';
import { loadOrCreateKeyFile } from '../../src/keys/keyFile';
import { freePort, ROOT, startChild, waitUntilReady, type Child } from '../processes';
import { benchIssuer, type BenchIssuer } from './benchIssuer';

/** Benchmarks measure the service, not its limits (each limit has its own tests). */
export const RATE_LIMITS_OFF = { RATE_LIMIT_PER_IP: 'off', RATE_LIMIT_PER_CLIENT: 'off', RATE_LIMIT_FAILED_AUTH: 'off', RATE_LIMIT_SUBJECT_LOOKUPS: 'off', RATE_LIMIT_CONSENT_REQUESTS: 'off' };

export interface ProductionMotlan {
  child: Child;
  port: number;
  issuer: BenchIssuer;
}

const BUILT_MAIN = 'dist/src/main.js';

/**
 * The V8 flags `npm run start:prod` gives node, its shell defaults filled in as sh would
 * (`${MOTLAN_HEAP_MIB:-1536}`: the variable when set, else 1536): production caps the heap, and the
 * benchmarks measure what production runs.
 */
export function startProdNodeArgs(script = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod']!): string[] {
  const [command, ...words] = script.trim().split(/\s+/);
  if (command !== 'node' || words.at(-1) !== BUILT_MAIN) throw new Error(`npm run start:prod is not "node [flags] ${BUILT_MAIN}": ${script}`);
  return words.slice(0, -1).map((w) => w.replace(/\$\{([A-Z_]+):-([^}]*)\}/g, (_, name: string, fallback: string) => process.env[name] || fallback));
}

/** What is wrong with a benchmark's --workers, if anything. */
export function workersOptionError(workers: number, profiling: boolean): string | undefined {
  if (workers < 1) return '--workers is at least 1';
  // The profile read is the main process's, which with workers only hands out connections.
  if (profiling && workers > 1) return '--profile profiles one process: leave --workers at 1';
  return undefined;
}

/** `npm run build`, unless dist is newer than every file under src: production runs compiled JavaScript, not tsx. */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
  const built = path.join(ROOT, BUILT_MAIN);
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest(path.join(ROOT, 'src'))) return;
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

/**
 * Motlan as production runs it (compiled by `npm run build`, started with start:prod's node flags, NODE_ENV=production: no development issuer or seed, no simulators,
 * its own signing key and content keys), in its own process on 127.0.0.1, trusting the bench issuer.
 * `workers` > 1 runs it as WORKERS does. The keys live in `keyDir`, kept with the database: contents encrypted by one run open in the next.
 */
export async function startProductionMotlan(
  { databaseUrl, keyDir, workers = 1, env = {}, nodeArgs = [] }: { databaseUrl: string; keyDir: string; workers?: number; env?: Record<string, string>; nodeArgs?: string[] },
): Promise<ProductionMotlan> {
  fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const signingKeyFile = path.join(keyDir, 'motlan-signing.private.jwk.json');
  await loadOrCreateKeyFile(signingKeyFile, 'motlan-bench');
  const contentKeysFile = path.join(keyDir, 'content-keys');
  if (!fs.existsSync(contentKeysFile)) fs.writeFileSync(contentKeysFile, formatContentKeys({ activeId: 'bench', keys: new Map([['bench', newContentKey()]]) }), { mode: 0o600 });
  const issuer = await benchIssuer(keyDir);
  const port = await freePort();
  ensureBuilt();
  const child = startChild('Motlan', BUILT_MAIN, [], {
    NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: databaseUrl, DATA_DIR: keyDir, LOG_LEVEL: 'warn',
    // Contents in the default store, a directory under DATA_DIR (production asks for it by name).
    CONTENT_STORE: 'file:',
    SIGNING_KEY_FILE: signingKeyFile, CONTENT_KEYS: fs.readFileSync(contentKeysFile, 'utf8').trim(),
    ...issuer.env,
    ...RATE_LIMITS_OFF,
    // More than one: a node:cluster primary and its workers, which the benchmarks measure together.
    ...(workers > 1 ? { WORKERS: String(workers) } : {}),
    ...env,
  }, [...startProdNodeArgs(), ...nodeArgs]);
  await waitUntilReady(child, `http://127.0.0.1:${port}/health/ready`, 120_000);
  return { child, port, issuer };
}
