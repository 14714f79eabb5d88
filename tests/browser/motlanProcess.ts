import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '../..');
// Everything Motlan reads from the environment that a developer's shell might carry.
const CLEARED = /^(NODE_ENV|HOST|PORT|PUBLIC_URL|DATABASE_URL|DATA_DIR|WORKERS|MIGRATIONS_DIR|LOG_LEVEL|AUTH_.*|DEV_ISSUER|SIGNING_KEY_.*|CONTENT_KEYS|CONTENT_STORE|POPULATION_REGISTRY_.*|BUSINESS_REGISTRY_.*|REGISTRY_.*|PORTAL_.*|OIDC_.*|WEBHOOK_.*|PLAN_.*)$/;

export interface RunningMotlan {
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `npm start` as a person runs it, in development, with a fresh DATA_DIR: embedded PGlite, the
 * in-process registry simulators, the local issuer, and the portal's development data. `dataDir`
 * shares one (and its keys) between instances, `env` adds configuration such as DATABASE_URL.
 */
export async function startMotlan(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningMotlan> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-portal-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CLEARED.test(name)));
  const child: ChildProcess = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: root,
    env: { ...env, NODE_ENV: 'development', PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Motlan exited during start:\n${output}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Motlan did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { url, dataDir, output: () => output, stop };
}
