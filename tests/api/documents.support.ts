import { createHash } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import type { AgencyRole } from '../../src/auth/principal';
import { canonicalJson } from '../../src/documents/canonical';
import type { IngestInput } from '../../src/documents/documents.service';
import { signedPayloadOf } from '../../src/documents/payload';
import { vietnamDate } from '../../src/documents/documents.service';
import { makeCitizenId, makeTaxCode } from '../../src/ids';
import { tokens, type TestApp } from '../support/testApp';

export const SO_TU_PHAP = '000.17.22.H56';
export const UBND_XA = '000.31.22.H56';

export const people = {
  hang: { id: makeCitizenId({ provinceCode: '082', sex: 'female', birthYear: 1987, serial: 4521 }), name: 'Nguyễn Thị Thu Hằng', birthDate: '1987-03-14', sex: 'female' as const, oldId: '311234567' },
  phuc: { id: makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 1985, serial: 1102 }), name: 'Trần Văn Phúc', birthDate: '1985-06-02', sex: 'male' as const },
  khoi: { id: makeCitizenId({ provinceCode: '082', sex: 'male', birthYear: 2021, serial: 31 }), name: 'Trần Minh Khôi', birthDate: '2021-09-05', sex: 'male' as const },
  anh: { id: makeCitizenId({ provinceCode: '087', sex: 'female', birthYear: 1995, serial: 720 }), name: 'Lê Thị Ngọc Ánh', birthDate: '1995-07-20', sex: 'female' as const },
};
export const enterprise = { id: makeTaxCode('010023348')!, name: 'Công ty TNHH Thương mại Mỹ Tho' };

export interface AgencySigner {
  code: string;
  kid: string;
  privateKey: KeyLike;
}

export const auth = async (agency = SO_TU_PHAP, roles: AgencyRole[] = ['documents:write', 'documents:read']) => ({
  Authorization: `Bearer ${await tokens.agency(agency, roles)}`,
});

/** Registers two agencies with keys (EdDSA and ES256) and the people the documents name. */
export async function setUpVault(app: TestApp): Promise<{ soTuPhap: AgencySigner; xa: AgencySigner }> {
  const operator = { Authorization: `Bearer ${await tokens.operator()}` };
  const register = async (code: string, name: string, level: string, alg: 'EdDSA' | 'ES256', parentCode: string | null) => {
    const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
    const kid = `${code}-2026-1`;
    await app.http
      .put(`/v1/agencies/${code}`)
      .set(operator)
      .send({ name, level, parentCode, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg, validFrom: '2020-01-01T00:00:00Z' }] } })
      .expect(201);
    return { code, kid, privateKey };
  };
  const soTuPhap = await register(SO_TU_PHAP, 'Sở Tư pháp tỉnh Đồng Tháp', 'province', 'EdDSA', null);
  const xa = await register(UBND_XA, 'Ủy ban nhân dân xã Mỹ Phong', 'commune', 'ES256', null);
  for (const p of Object.values(people)) {
    await app.http.put(`/v1/subjects/${p.id}`).set(operator).send({ name: p.name, ...('oldId' in p ? { aliases: [{ kind: 'old_id_card', value: p.oldId }] } : {}) }).expect(201);
  }
  await app.http.put(`/v1/subjects/${enterprise.id}`).set(operator).send({ name: enterprise.name }).expect(201);
  return { soTuPhap, xa };
}

/** A date `days` ago in Vietnam; documents are dated relative to the run so validity stays meaningful. */
export const daysAgo = (days: number) => vietnamDate(new Date(Date.now() - days * 86_400_000));
export const dossierCode = (agency: string, date: string, seq = 1) => `${agency}-${date.slice(2).replace(/-/g, '')}-${String(seq).padStart(4, '0')}`;
export const RECENT = daysAgo(10);

export function pdf(marker: string): Buffer {
  return Buffer.from(`%PDF-1.7\n% ${marker}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`, 'utf8');
}

export function withContent(bytes: Buffer): IngestInput['content'] {
  return { data: bytes.toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A marital-status confirmation for Hằng, as the Sở Tư pháp's one-stop system sends it. */
export function confirmation(number: string, overrides: Partial<IngestInput> = {}): IngestInput {
  return {
    type: 'marital-status-confirmation',
    number,
    issuer: SO_TU_PHAP,
    procedureCode: '1.000894',
    dossierCode: dossierCode(SO_TU_PHAP, RECENT),
    issueDate: RECENT,
    subjects: [{ role: 'holder', id: people.hang.id }],
    fields: { fullName: people.hang.name, birthDate: '1987-03-14', maritalStatus: 'single', purpose: 'Đăng ký kết hôn' },
    content: withContent(pdf(number)),
    ...overrides,
  };
}

export async function sign(body: IngestInput, signer: AgencySigner, alg: 'EdDSA' | 'ES256' = 'EdDSA', payload?: unknown): Promise<IngestInput> {
  const signed = canonicalJson(payload ?? signedPayloadOf(body, body.content.sha256));
  const signature = await new CompactSign(new TextEncoder().encode(signed)).setProtectedHeader({ alg, kid: signer.kid }).sign(signer.privateKey);
  return { ...body, signature };
}

export async function rows<T = Record<string, unknown>>(app: TestApp, query: Parameters<TestApp['database']['db']['execute']>[0]): Promise<T[]> {
  const result = await app.database.db.execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}
