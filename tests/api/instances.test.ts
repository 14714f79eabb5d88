import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { loadDevAgencyKey } from '../../src/agencies/devAgencies';
import { loadDevIssuer, signDevToken, type TokenSubject } from '../../src/auth/devIssuer';
import type { Citizen } from '../../src/connectors';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import type { IngestInput } from '../../src/documents/documents.service';
import { startMotlan, type RunningMotlan } from '../browser/motlanProcess';
import { adminUrl, runId, withDatabase } from '../support/templates';
import { daysAgo, dossierCode, pdf, sign, withContent } from './documents.support';

// Two Motlan processes on one PostgreSQL, as a province runs them behind a load balancer: every
// guarantee that rests on the database (idempotency, consent decisions, audit chains, the webhook
// outbox) must hold when the requests of one story arrive at both. PGlite is one process's
// database, so this runs in the PostgreSQL project only.
const engine = process.env.MOTLAN_TEST_ENGINE;
const describeOnPostgres = engine === 'postgres' ? describe : describe.skip;

const SO_TU_PHAP = '000.17.22.H56';
const UBND_XA = '000.31.22.H56';
const MARRIAGE = '1.000894';

// The development simulators' population (REGISTRY_SIMULATOR_SEED 42, 2,000 citizens).
const population = [...generatePopulation({ seed: 42, count: 2000 })];
const adults = population.filter((c) => c.status === 'alive' && c.birthDate.length === 10 && c.birthDate < '2000-01-01' && c.maritalStatus === 'single');
const bride = adults.find((c) => c.sex === 'female')!;
const groom = adults.find((c) => c.sex === 'male')!;
const typed = (c: Citizen) => ({ id: c.id, fullName: c.fullName, birthDate: c.birthDate, sex: c.sex });

describeOnPostgres('two Motlan instances on one PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-instances-'));
  const name = `motlan_t_${runId()}_inst_${randomBytes(3).toString('hex')}`;
  const databaseUrl = withDatabase(adminUrl(), name);
  let db: postgres.Sql;
  let a: RunningMotlan;
  let b: RunningMotlan;
  // Every webhook delivery id the receiver was sent, in arrival order.
  const delivered: string[] = [];
  const receiver = http.createServer((req, res) => {
    delivered.push(String(req.headers['motlan-delivery-id']));
    req.resume();
    res.writeHead(204).end();
  });

  beforeAll(async () => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    db = postgres(databaseUrl, { max: 2, onnotice: () => undefined });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const env = { DATABASE_URL: databaseUrl, WEBHOOK_POLL_MS: '100', WEBHOOK_BACKOFF_INITIAL_MS: '100' };
    // One after the other: the first creates the keys under the shared DATA_DIR and migrates.
    a = await startMotlan({ dataDir, env });
    b = await startMotlan({ dataDir, env });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.end();
    receiver.closeAllConnections();
    receiver.close();
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const token = async (claims: TokenSubject) => ({ authorization: `Bearer ${await signDevToken(await loadDevIssuer(dataDir), claims, 'motlan')}`, 'content-type': 'application/json' });
  const agency = (code: string, roles: string[]) => token({ kind: 'agency', agencyCode: code, roles, clientId: `one-stop-${code}` });
  const call = async (on: RunningMotlan, method: string, p: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${on.url}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const either = (i: number) => (i % 2 === 0 ? a : b);

  async function birthCertificate(person: Citizen, number: string): Promise<IngestInput> {
    const key = (await loadDevAgencyKey(dataDir, SO_TU_PHAP, false))!;
    const body: IngestInput = {
      type: 'birth-certificate',
      number,
      issuer: SO_TU_PHAP,
      procedureCode: '1.001193',
      issueDate: daysAgo(3000),
      subjects: [{ role: 'child', id: person.id }],
      fields: { fullName: person.fullName, birthDate: person.birthDate, sex: person.sex, placeOfBirth: `Trạm Y tế xã Mỹ Phong, ${person.birthPlace.province}`, nationality: 'Việt Nam' },
      content: withContent(pdf(number)),
    };
    return sign(body, { code: SO_TU_PHAP, kid: key.kid, privateKey: key.privateKey as never });
  }

  it('when one story arrives at both instances at once, then nothing is written twice, lost, forked or released after its revocation, and each webhook is delivered once', async () => {
    const operator = await token({ kind: 'operator', operatorId: 'operator-instances' });
    const issuer = await agency(SO_TU_PHAP, ['documents:write', 'documents:read']);
    const xa = await agency(UBND_XA, ['documents:read', 'prefill']);
    for (const person of [bride, groom]) expect((await call(a, 'POST', `/v1/subjects/${person.id}/refresh`, operator)).status).toBeLessThan(300);

    // Ingests: one Idempotency-Key sent eight times, half to each instance; and one document sent
    // eight times without a key (issuer, type and number make it one document).
    const keyed = await birthCertificate(bride, `KS-${randomUUID().slice(0, 8)}`);
    const key = randomUUID();
    const unkeyed = await birthCertificate(groom, `KS-${randomUUID().slice(0, 8)}`);
    const ingests = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => call(either(i), 'POST', '/v1/documents', { ...issuer, 'idempotency-key': key }, keyed)),
      ...Array.from({ length: 8 }, (_, i) => call(either(i + 1), 'POST', '/v1/documents', issuer, unkeyed)),
    ]);
    expect(ingests.map((r) => r.status).every((s) => s === 200 || s === 201)).toBe(true);
    expect(new Set(ingests.slice(0, 8).map((r) => r.body.id)).size).toBe(1);
    expect(new Set(ingests.slice(8).map((r) => r.body.id)).size).toBe(1);
    const documentId = ingests[0]!.body.id as string;
    const [held] = await db<{ keyed: number; unkeyed: number }[]>`
      select count(*) filter (where number = ${keyed.number})::int as keyed, count(*) filter (where number = ${unkeyed.number})::int as unkeyed from documents`;
    expect(held).toEqual({ keyed: 1, unkeyed: 1 });

    // The commune hears of changes to what it is released.
    const subscribed = await call(b, 'POST', '/v1/webhooks', xa, { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/motlan`, events: ['document.revoked'] });
    expect(subscribed.status).toBe(201);

    // The bride consents; then reads and prefills of the commune race her revocation, on both instances.
    const brideToken = await token({ kind: 'citizen', citizenId: bride.id });
    const consent = await call(a, 'POST', '/v1/me/consents', brideToken, { grantee: { agencyCode: UBND_XA }, purposes: [MARRIAGE], documentTypes: ['birth-certificate'] });
    expect(consent.status).toBe(201);
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const raced = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => later(i * 2).then(() => call(either(i), 'GET', `/v1/documents/${documentId}?purpose=${MARRIAGE}`, xa))),
      ...Array.from({ length: 6 }, (_, i) =>
        later(i * 8).then(() =>
          call(either(i + 1), 'POST', '/v1/prefill', xa, { procedureCode: MARRIAGE, dossierCode: dossierCode(UBND_XA, daysAgo(0), 9000 + i), applicant: typed(bride), subjects: [{ role: 'spouse', ...typed(groom) }] }),
        ),
      ),
      later(25).then(() => call(b, 'POST', `/v1/me/consents/${consent.body.id}/revoke`, brideToken)),
    ]);
    expect(raced.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    expect(raced.at(-1)!.status).toBe(200);

    // In the bride's chain, nothing is allowed under the consent after its revocation.
    const chain = await db<{ seq: number; action: string; decision: string; rule: string }[]>`
      select a.seq::int as seq, a.action, a.decision, a.rule from audit_entries a join subjects s on s.id = a.subject_id
      where s.national_id = ${bride.id} order by a.seq`;
    const revokedAt = chain.find((e) => e.action === 'consent.revoke')!.seq;
    expect(chain.filter((e) => e.rule === `consent:${consent.body.id}` && e.decision === 'allow' && e.action !== 'consent.grant' && e.seq > revokedAt)).toEqual([]);

    // Every chain is whole: contiguous, and it verifies on either instance.
    const gaps = await db<{ chain_key: string }[]>`select chain_key from audit_entries group by chain_key having max(seq) <> count(*) or min(seq) <> 1`;
    expect(gaps).toEqual([]);
    for (const [i, person] of [bride, groom].entries()) {
      const verified = await call(either(i), 'GET', `/v1/subjects/${person.id}/access-log/verification`, operator);
      expect(verified).toMatchObject({ status: 200, body: { valid: true } });
    }

    // The issuer revokes the certificate it released: the commune is told once, though both instances deliver.
    expect((await call(a, 'POST', `/v1/documents/${documentId}/revoke`, issuer, { reason: 'Cấp trùng số (duplicate number)' })).status).toBe(200);
    const deadline = Date.now() + 20_000;
    while (delivered.length === 0 && Date.now() < deadline) await later(100);
    await later(1500);
    const [outbox] = await db<{ rows: number; delivered: number }[]>`
      select count(*)::int as rows, count(*) filter (where status = 'delivered')::int as delivered from webhook_deliveries where subscription_id = ${subscribed.body.id}`;
    expect(outbox).toEqual({ rows: 1, delivered: 1 });
    expect(delivered).toHaveLength(1);
  }, 180_000);
});
