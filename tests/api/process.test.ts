import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { loadDevIssuer, signDevToken } from '../../src/auth/devIssuer';
import { adminUrl, runId, withDatabase } from '../support/templates';

// The service as a person runs it: `tsx src/main.ts` in its own process, configured only by the
// environment, stopped by a signal. Nothing here shares memory with the code under test.

const root = path.join(__dirname, '../..');
const engine = process.env.MOTLAN_TEST_ENGINE;
const CONFIG_VARIABLES = [
  'NODE_ENV', 'HOST', 'PORT', 'PUBLIC_URL', 'DATABASE_URL', 'DATA_DIR', 'MIGRATIONS_DIR', 'LOG_LEVEL',
  'BODY_LIMIT_BYTES', 'SHUTDOWN_TIMEOUT_MS', 'AUTH_AUDIENCE', 'AUTH_TRUSTED_ISSUERS', 'DEV_ISSUER', 'WORKERS',
];

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Motlan {
  child: ChildProcess;
  port: number;
  output(): { stdout: string; stderr: string };
  /** pino's JSON lines from stdout; the plain banner for people is skipped. */
  logs(): { level: string; msg: string; [key: string]: unknown }[];
  exited: Promise<Exit>;
}

const running = new Set<ChildProcess>();
const tempDirs: string[] = [];

afterAll(() => {
  // A failed assertion must not leave a server behind: kill each one's whole process group (tsx and its node).
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-process-'));
  tempDirs.push(dir);
  return dir;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startMotlan(env: Record<string, string>, port = 0): Motlan {
  const base = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete base[name];
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: root,
    env: { ...base, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    port,
    exited,
    output: () => ({ stdout, stderr }),
    logs: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line)),
  };
}

async function within<T>(promise: Promise<T>, ms: number, what: string, motlan: Motlan): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms; output so far:\n${JSON.stringify(motlan.output(), null, 2)}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const url = (motlan: Motlan, p: string) => `http://127.0.0.1:${motlan.port}${p}`;

async function untilReady(motlan: Motlan, ms = 30_000): Promise<Response> {
  let gone = false;
  void motlan.exited.then(() => (gone = true));
  const poll = async (): Promise<Response> => {
    for (;;) {
      if (gone) throw new Error(`Motlan exited before it was ready:\n${JSON.stringify(motlan.output(), null, 2)}`);
      try {
        const res = await fetch(url(motlan, '/health/ready'));
        if (res.status === 200) return res;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return within(poll(), ms, 'becoming ready', motlan);
}

async function stop(motlan: Motlan): Promise<Exit> {
  motlan.child.kill('SIGTERM');
  return within(motlan.exited, 15_000, 'stopping after SIGTERM', motlan);
}

const whoami = (motlan: Motlan, token: string) => fetch(url(motlan, '/v1/whoami'), { headers: { Authorization: `Bearer ${token}` } });

const knownMigrations = (): number =>
  (JSON.parse(fs.readFileSync(path.join(root, 'migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

describe(`the Motlan process (${engine})`, () => {
  let emptyDatabase: { name: string; url: string } | undefined;
  afterAll(async () => {
    if (!emptyDatabase) return;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${emptyDatabase.name} with (force)`);
    await admin.end();
  });

  it('when started fresh, stopped with SIGTERM and started again, then it migrates once, exits 0 and comes back with its data', async () => {
    const dataDir = tempDir();
    const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    if (engine === 'postgres') {
      // Named like the per-file test databases so that globalTeardown drops it should this file crash.
      const name = `motlan_t_${runId()}_proc_${randomBytes(3).toString('hex')}`;
      const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      emptyDatabase = { name, url: withDatabase(adminUrl(), name) };
      env.DATABASE_URL = emptyDatabase.url;
    }

    const first = startMotlan(env, await freePort());
    const ready = await untilReady(first);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'up', migrations: { known: knownMigrations(), current: true } });
    expect(first.logs()).toContainEqual(expect.objectContaining({ level: 'info', msg: `applied ${knownMigrations()} migration(s)`, engine }));

    // The development issuer's key was created under DATA_DIR at start; a token it signs must keep working across restarts.
    const token = await signDevToken(await loadDevIssuer(dataDir), { kind: 'agency', agencyCode: '000.00.00.H56', clientId: 'mot-cua-ha-noi', roles: ['prefill'] }, 'motlan');
    expect((await whoami(first, token)).status).toBe(200);

    expect(await stop(first)).toEqual({ code: 0, signal: null });
    expect(first.logs().map((l) => l.msg)).toEqual(expect.arrayContaining(['SIGTERM received: finishing in-flight requests', 'stopped']));
    if (engine === 'postgres') {
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(false);
      const db = postgres(emptyDatabase!.url, { max: 1, onnotice: () => undefined });
      const [row] = await db<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
      await db.end();
      expect(row!.count).toBe(knownMigrations());
    } else {
      expect(fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    }

    const second = startMotlan(env, await freePort());
    await untilReady(second);
    const messages = second.logs().map((l) => l.msg);
    expect(messages).toContain('database schema is current');
    expect(messages.filter((m) => /^applied/.test(m))).toEqual([]);
    const again = await whoami(second, token);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ kind: 'agency', agencyCode: '000.00.00.H56', clientId: 'mot-cua-ha-noi', roles: ['prefill'] });

    expect(await stop(second)).toEqual({ code: 0, signal: null });
    expect(second.output().stderr).toBe('');
  }, 90_000);
});

// Several workers share one database server, so this runs in the PostgreSQL project only.
(engine === 'postgres' ? describe : describe.skip)('the Motlan process with WORKERS=2', () => {
  const name = `motlan_t_${runId()}_workers_${randomBytes(3).toString('hex')}`;
  afterAll(async () => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('when started, then two worker processes serve one port, the first migrates alone, and SIGTERM stops them all cleanly', async () => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const motlan = startMotlan({ DATA_DIR: tempDir(), DATABASE_URL: withDatabase(adminUrl(), name), WORKERS: '2', LOG_LEVEL: 'info' }, await freePort());
    await untilReady(motlan, 60_000);
    const listeners = () => new Set(motlan.logs().filter((l) => /^Motlan listening on/.test(l.msg)).map((l) => l.pid));
    const deadline = Date.now() + 60_000;
    while ((listeners().size < 2 || !motlan.logs().some((l) => l.msg === '2 workers listening')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));

    const logs = motlan.logs();
    const listening = listeners();
    expect(listening.size).toBe(2);
    const primary = logs.find((l) => l.msg === '2 workers listening')!.pid;
    expect(listening.has(primary)).toBe(false);
    // One migrates, the other finds the schema current.
    expect(logs.filter((l) => /^applied \d+ migration/.test(l.msg))).toHaveLength(1);
    expect(logs.filter((l) => l.msg === 'database schema is current')).toHaveLength(1);
    for (let i = 0; i < 20; i++) expect((await fetch(url(motlan, '/health/live'))).status).toBe(200);

    expect(await stop(motlan)).toEqual({ code: 0, signal: null });
    const stopped = motlan.logs().filter((l) => l.msg === 'stopped').map((l) => l.pid);
    expect(new Set(stopped)).toEqual(listening);
    expect(motlan.output().stderr).toBe('');
  }, 150_000);
});

// Refusals do not depend on the test engine: run them once.
const describeOnce = engine === 'pglite' ? describe : describe.skip;

describeOnce('the Motlan process refusing to start', () => {
  it('when PostgreSQL is not reachable, then it exits non-zero with one fatal line saying so and no stack trace', async () => {
    const motlan = startMotlan({ DATA_DIR: tempDir(), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing', LOG_LEVEL: 'info' });
    const exit = await within(motlan.exited, 20_000, 'giving up on the database', motlan);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();

    const fatal = motlan.logs().filter((l) => l.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toMatch(/^PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/nothing is not reachable/);
    const { stdout, stderr } = motlan.output();
    expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at |"stack"|"err"/);
    expect(stdout).not.toMatch(/listening/);
  }, 30_000);

  it('when a trusted issuer names a JWKS file that does not exist, then it exits 1 with one fatal line and no stack', async () => {
    const motlan = startMotlan({
      DATA_DIR: tempDir(),
      LOG_LEVEL: 'info',
      AUTH_TRUSTED_ISSUERS: JSON.stringify([{ issuer: 'https://sso.dichvucong.gov.vn', jwks: 'file:/nonexistent/jwks.json' }]),
    });
    const exit = await within(motlan.exited, 20_000, 'giving up on the key set', motlan);
    expect(exit.code).toBe(1);
    const fatal = motlan.logs().filter((l) => l.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toMatch(/^building the app failed: .*\/nonexistent\/jwks\.json/);
    expect(`${motlan.output().stdout}${motlan.output().stderr}`).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('when WORKERS asks for several processes on the embedded PGlite, then it exits 1 explaining why', async () => {
    const motlan = startMotlan({ DATA_DIR: tempDir(), WORKERS: '2' });
    const exit = await within(motlan.exited, 20_000, 'refusing the configuration', motlan);
    expect(exit.code).toBe(1);
    expect(motlan.output().stderr).toMatch(/^Motlan cannot start: WORKERS=2 needs DATABASE_URL/);
  }, 30_000);

  it('when NODE_ENV=production and DEV_ISSUER=on, then it exits 1 explaining why, before creating any key', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const motlan = startMotlan({ NODE_ENV: 'production', DEV_ISSUER: 'on', DATA_DIR: dataDir });
    const exit = await within(motlan.exited, 20_000, 'refusing the configuration', motlan);
    expect(exit.code).toBe(1);
    expect(motlan.output().stderr).toMatch(/^Motlan cannot start: DEV_ISSUER must be off when NODE_ENV=production/);
    expect(motlan.output().stdout).toBe('');
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 30_000);
});
