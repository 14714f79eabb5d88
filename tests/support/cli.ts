import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '../..');
// What a developer's shell might carry that would change what a CLI does.
const CLEARED = ['NODE_ENV', 'DEV_ISSUER', 'DATABASE_URL', 'DATA_DIR', 'CONTENT_STORE', 'PUBLIC_URL', 'AUTH_AUDIENCE', 'AUTH_TRUSTED_ISSUERS', 'LOG_LEVEL'];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of Motlan's CLIs (`src/…cli.ts`) as `npm run` does, with a clean environment plus `env`. */
export function runCli(script: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  const base = { ...process.env };
  for (const name of CLEARED) delete base[name];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [script, ...args], { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
