import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadDevAgencyKey } from '../../src/agencies/devAgencies';
import { devIssuerKeys, loadDevIssuer } from '../../src/auth/devIssuer';
import { runCli, type CliRun } from '../support/cli';
import { startTestApp, TEST_AUDIENCE, tokens, type TestApp } from '../support/testApp';
import { confirmation, people, SO_TU_PHAP } from './documents.support';

// npm run token, sign and import read keys under DATA_DIR, which must be the running server's. Run
// with another DATA_DIR they must say so in one line, not sign with keys the server has never seen.
// Each case starts a CLI process (tsx compiles it first): slow on a busy machine.
jest.setTimeout(120_000);

let app: TestApp;
let server: Server;
let url: string;
const dirs: Record<'server' | 'empty' | 'other' | 'otherAgencyKey', string> = { server: '', empty: '', other: '', otherAgencyKey: '' };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-dev-keys-'));
const documentFile = path.join(work, 'confirmation.json');

const cli = (script: string, dataDir: string, args: string[]) => runCli(script, args, { DATA_DIR: dataDir, PUBLIC_URL: url, AUTH_AUDIENCE: TEST_AUDIENCE });
const token = (dataDir: string) => cli('src/auth/token.cli.ts', dataDir, ['--agency', SO_TU_PHAP, '--roles', 'documents:write']);
const sign = (dataDir: string) => cli('src/documents/sign.cli.ts', dataDir, [documentFile]);
const importFile = (dataDir: string, file: string) => cli('src/documents/import.cli.ts', dataDir, [file, '--agency', SO_TU_PHAP]);
const oneLine = (run: CliRun) => {
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  return run.stderr.trimEnd();
};

beforeAll(async () => {
  for (const name of Object.keys(dirs) as Array<keyof typeof dirs>) dirs[name] = fs.mkdtempSync(path.join(work, `${name}-`));
  // What `npm start` makes under its DATA_DIR: the dev issuer's key and the sample agencies' keys.
  const issuer = await loadDevIssuer(dirs.server);
  const agencyKey = (await loadDevAgencyKey(dirs.server, SO_TU_PHAP))!;
  // Another Motlan's DATA_DIR; and one with the server's issuer key but another key for the agency.
  await loadDevIssuer(dirs.other);
  await loadDevAgencyKey(dirs.other, SO_TU_PHAP);
  fs.cpSync(path.join(dirs.server, 'dev-issuer'), path.join(dirs.otherAgencyKey, 'dev-issuer'), { recursive: true });
  await loadDevAgencyKey(dirs.otherAgencyKey, SO_TU_PHAP);

  app = await startTestApp({ extraIssuers: [devIssuerKeys(issuer)] });
  server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const operator = { Authorization: `Bearer ${await tokens.operator()}` };
  await app.http.put(`/v1/agencies/${SO_TU_PHAP}`).set(operator).send({ name: 'Sở Tư pháp tỉnh Đồng Tháp', level: 'province', jwks: { keys: [agencyKey.publicJwk] } }).expect(201);
  await app.http.put(`/v1/subjects/${people.hang.id}`).set(operator).send({ name: people.hang.name }).expect(201);
  fs.writeFileSync(documentFile, JSON.stringify(confirmation('411/2026/XNHN')));
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await app?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run token checks its key with the running server', () => {
  it('with the server\'s DATA_DIR, then one JWT on stdout that the server accepts, and nothing on stderr', async () => {
    const run = await token(dirs.server);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const whoami = await app.http.get('/v1/whoami').set('Authorization', `Bearer ${run.stdout.trim()}`).expect(200);
    expect(whoami.body).toMatchObject({ kind: 'agency', agencyCode: SO_TU_PHAP });
  });

  it('with a DATA_DIR holding no key, then one line says so, no token, and no key is made there', async () => {
    const run = await token(dirs.empty);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(oneLine(run)).toBe(`No development issuer key under DATA_DIR=${dirs.empty} (dev-issuer/): run this with the DATA_DIR of the running Motlan, which makes that key when it starts.`);
    expect(fs.readdirSync(dirs.empty)).toEqual([]);
  });

  it('with another Motlan\'s DATA_DIR, then one line says the key is not the running server\'s, and no token', async () => {
    const run = await token(dirs.other);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(oneLine(run)).toBe(`The key under DATA_DIR=${dirs.other} is not the running server's: the Motlan at ${url} does not accept it. Run this with the server's DATA_DIR.`);
  });
});

describe('npm run sign checks the agency key with the running server', () => {
  it('with the server\'s DATA_DIR, then the signed body is accepted at ingest', async () => {
    const run = await sign(dirs.server);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const res = await app.http.post('/v1/documents').set('Authorization', `Bearer ${await tokens.agency(SO_TU_PHAP, ['documents:write'])}`).send(JSON.parse(run.stdout)).expect(201);
    expect(res.body.signature).toMatchObject({ status: 'verified', kid: `${SO_TU_PHAP}-dev-1` });
  });

  it('with another Motlan\'s DATA_DIR, or one whose agency key the server never registered, then one line says so and nothing is signed', async () => {
    const other = await sign(dirs.other);
    expect(other).toMatchObject({ code: 2, stdout: '' });
    expect(oneLine(other)).toContain(`The key under DATA_DIR=${dirs.other} is not the running server's`);
    const otherKey = await sign(dirs.otherAgencyKey);
    expect(otherKey).toMatchObject({ code: 2, stdout: '' });
    expect(oneLine(otherKey)).toBe(`The ${SO_TU_PHAP} key under DATA_DIR=${dirs.otherAgencyKey} (kid ${SO_TU_PHAP}-dev-1) is not one the Motlan at ${url} registered for it: run this with the server's DATA_DIR.`);
    const empty = await sign(dirs.empty);
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(oneLine(empty)).toContain(`No development key for ${SO_TU_PHAP} under DATA_DIR=${dirs.empty}`);
  });
});

describe('npm run import --agency checks its key before sending anything', () => {
  it('with another Motlan\'s DATA_DIR or an empty one, then one line says so and nothing is imported; with the server\'s, the line is ingested', async () => {
    fs.writeFileSync(documentFile, JSON.stringify(confirmation('412/2026/XNHN')));
    const line = await sign(dirs.server);
    expect(line.code).toBe(0);
    const file = path.join(work, 'backlog.ndjson');
    fs.writeFileSync(file, `${JSON.stringify(JSON.parse(line.stdout))}\n`);

    const other = await importFile(dirs.other, file);
    expect(other.code).toBe(1);
    expect(oneLine(other)).toBe(`The key under DATA_DIR=${dirs.other} is not the running server's: the Motlan at ${url} does not accept it. Run this with the server's DATA_DIR.`);
    const empty = await importFile(dirs.empty, file);
    expect(empty.code).toBe(1);
    expect(oneLine(empty)).toMatch(/^No development issuer key under DATA_DIR=/);
    const before = await app.http.get(`/v1/subjects/${people.hang.id}/documents`).set('Authorization', `Bearer ${await tokens.agency(SO_TU_PHAP, ['documents:read'])}`).expect(200);
    expect(before.body.items.map((d: { number: string }) => d.number)).not.toContain('412/2026/XNHN');

    const run = await importFile(dirs.server, file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 lines: 1 ingested');
  });
});
