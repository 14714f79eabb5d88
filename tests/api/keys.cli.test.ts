import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { formatContentKeys, newContentKey } from '../../src/keys/contentKeys';
import { startTestApp, testContentKeys, type TestApp } from '../support/testApp';
import { auth, confirmation, rows, setUpVault, sign, type AgencySigner } from './documents.support';

// `npm run keys:rotate` as an operator runs it: its own process, configured by the environment,
// against the database a running Motlan serves from, interrupted with Ctrl-C and run again.

const root = path.join(__dirname, '../..');
const engine = process.env.MOTLAN_TEST_ENGINE;
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function keysRotate(args: string[], env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  for (const name of ['NODE_ENV', 'DATABASE_URL', 'DATA_DIR', 'CONTENT_KEYS', 'LOG_LEVEL']) delete base[name];
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/keys/keysRotate.cli.ts', ...args], { cwd: root, env: { ...base, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

// Once per run: the text does not depend on the engine.
(engine === 'pglite' ? describe : describe.skip)('npm run keys:rotate', () => {
  it('--help explains the rotation steps, the options and the exit status', async () => {
    const run = await keysRotate(['--help']).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run keys:rotate/);
    for (const part of ['--batch-mb', '--pause-ms', '--new-content-key', '--new-signing-key', 'resume', 'Exit status']) expect(run.stdout).toContain(part);
  });

  it('refuses an unknown option, naming it', async () => {
    const run = await keysRotate(['--batch', '3']).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'--batch'");
  });
});

// PGlite serves one process: the command runs against PostgreSQL, beside a live app.
(engine === 'postgres' ? describe : describe.skip)('re-encrypting beside a running Motlan (postgres)', () => {
  let app: TestApp;
  let soTuPhap: AgencySigner;
  beforeAll(async () => {
    app = await startTestApp();
    ({ soTuPhap } = await setUpVault(app));
  });
  afterAll(() => app?.close());

  it('when interrupted with Ctrl-C it stops after the batch in flight, says how many are left, and the same command resumes and finishes', async () => {
    // Four contents of 1.2 MB: with --batch-mb 1 each is its own batch.
    for (let i = 0; i < 4; i++) {
      const bytes = Buffer.concat([Buffer.from(`%PDF-1.7\n% Trích lục khai sinh ${i}\n`), randomBytes(1_200_000), Buffer.from('\n%%EOF\n')]);
      const body = await sign({ ...confirmation(`90${i}/2026/XNHN`), content: { data: bytes.toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') } }, soTuPhap);
      await app.http.post('/v1/documents').set(await auth()).send(body).expect(201);
    }
    const total = (await rows<{ n: number }>(app, sql`select count(*)::int as n from document_contents`))[0]!.n;
    const old = testContentKeys();
    const keys = formatContentKeys({ activeId: '2027-01', keys: new Map([['2027-01', newContentKey()], [old.activeId, old.keys.get(old.activeId)!]]) });
    const env = { DATABASE_URL: app.database.url!, CONTENT_KEYS: keys };
    const underNew = async () => (await rows<{ n: number }>(app, sql`select count(*)::int as n from document_contents where key_id = '2027-01'`))[0]!.n;

    const first = keysRotate(['--batch-mb', '1', '--pause-ms', '1500'], env);
    const deadline = Date.now() + 30_000;
    while ((await underNew()) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(2);
    expect(stopped.stdout).toMatch(/contents re-encrypted under "2027-01", \d+ left \(stopped: run the same command to resume\)/);
    const afterStop = await underNew();
    expect(afterStop).toBeGreaterThan(0);
    expect(afterStop).toBeLessThan(total);

    const resumed = await keysRotate(['--pause-ms', '0'], env).done;
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${total - afterStop} contents re-encrypted under "2027-01", 0 left`);
    expect(await underNew()).toBe(total);
  }, 90_000);
});
