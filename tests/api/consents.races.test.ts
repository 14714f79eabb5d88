import { sql } from 'drizzle-orm';
import { tokens, startTestApp, type TestApp } from '../support/testApp';
import { auth, confirmation, people, rows, setUpVault, sign, UBND_XA, type AgencySigner } from './documents.support';

// Reads that race a revocation, or each other under a consent capped in uses. The consent decision
// and the release it allows must commit as one step: a revocation either comes before a release
// (which then does not happen) or after it, and a capped consent is never spent twice over.
// 2.001178 has no legal basis for marital-status confirmations: only consent opens them.
const PURPOSE = '2.001178';
let app: TestApp;
let soTuPhap: AgencySigner;
let xa: { Authorization: string };
const hang = async () => ({ Authorization: `Bearer ${await tokens.citizen(people.hang.id)}` });
let documents: string[];

beforeAll(async () => {
  app = await startTestApp();
  ({ soTuPhap } = await setUpVault(app));
  xa = await auth(UBND_XA, ['documents:read']);
  documents = [];
  for (let i = 0; i < 12; i++) {
    const res = await app.http.post('/v1/documents').set(await auth()).send(await sign(confirmation(`${700 + i}/2026/XNHN`), soTuPhap)).expect(201);
    documents.push(res.body.id);
  }
});
afterAll(() => app?.close());

const grant = async (extra: object = {}) =>
  (await app.http.post('/v1/me/consents').set(await hang()).send({ grantee: { agencyCode: UBND_XA }, purposes: [PURPOSE], documentTypes: ['marital-status-confirmation'], ...extra }).expect(201)).body.id as string;
const read = (documentId: string) => app.http.get(`/v1/documents/${documentId}?purpose=${PURPOSE}`).set(xa);

/** Hằng's access-log entries that rest on this consent, in chain order (the order they committed in). */
async function chainOf(consentId: string) {
  return rows<{ seq: number; action: string; decision: string }>(
    app,
    sql`select a.seq::int as seq, a.action, a.decision from audit_entries a join subjects s on s.id = a.subject_id
        where s.national_id = ${people.hang.id} and a.rule = ${`consent:${consentId}`} order by a.seq`,
  );
}

describe('releases racing the consent they rest on', () => {
  // Concurrent reads are decided in group commits: the uses a batch spends count for the next read in it.
  it.each([1, 3])('when a consent allows %i use(s) and twelve reads of different documents arrive at once, then exactly that many are released', async (maxUses) => {
    const consent = await grant({ maxUses });
    const answers = await Promise.all(documents.map((id) => read(id)));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array<number>(maxUses).fill(200), ...Array<number>(documents.length - maxUses).fill(403)]);
    const [counted] = await rows<{ uses: number }>(app, sql`select count(*)::int as uses from consent_releases where consent_id = ${consent}`);
    expect(counted!.uses).toBe(maxUses);
    const chain = await chainOf(consent);
    expect(chain.filter((e) => e.action === 'document.read' && e.decision === 'allow')).toHaveLength(maxUses);
    // Revoked, so that the next case's reads of the documents released here do not rest on it.
    await app.http.post(`/v1/me/consents/${consent}/revoke`).set(await hang()).expect(200);
  });

  it('when a revocation races reads, then no read is allowed after the revocation in the subject\'s chain', async () => {
    for (let round = 0; round < 3; round++) {
      const consent = await grant();
      const reads = documents.map((id, i) => new Promise((resolve) => setTimeout(resolve, i)).then(() => read(id)));
      const revoked = new Promise((resolve) => setTimeout(resolve, 4)).then(async () => app.http.post(`/v1/me/consents/${consent}/revoke`).set(await hang()));
      const [revocation, ...answers] = await Promise.all([revoked, ...reads]);
      expect(revocation.status).toBe(200);
      expect(answers.every((a) => a.status === 200 || a.status === 403)).toBe(true);
      const chain = await chainOf(consent);
      const revokedAt = chain.find((e) => e.action === 'consent.revoke')!.seq;
      expect(chain.filter((e) => e.action !== 'consent.revoke' && e.action !== 'consent.grant' && e.decision === 'allow' && e.seq > revokedAt)).toEqual([]);
      // And what it allowed is exactly what was recorded as released under it.
      const [counted] = await rows<{ uses: number }>(app, sql`select count(*)::int as uses from consent_releases where consent_id = ${consent}`);
      expect(counted!.uses).toBe(chain.filter((e) => e.action === 'document.read' && e.decision === 'allow').length);
    }
  });
});
