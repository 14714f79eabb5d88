import { createHash, randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import { agencyService } from '../agencies/agencies.service';
import { agencyStore } from '../agencies/agencies.store';
import { loadDevAgencyKey } from '../agencies/devAgencies';
import type { AgencyPrincipal, CitizenPrincipal, OperatorPrincipal } from '../auth/principal';
import type { Registries } from '../connectors';
import { consentService } from '../consents/consents.service';
import type { Database } from '../db/database';
import { canonicalJson } from '../documents/canonical';
import { documentService, vietnamDate, type IngestInput } from '../documents/documents.service';
import type { ContentCipher } from '../documents/contentCipher';
import type { ContentStore } from '../contents/contentStore';
import { signedPayloadOf } from '../documents/payload';
import type { SigningKey } from '../keys/keyFile';
import type { Logger } from '../logger';
import { subjectService } from '../subjects/subjects.service';
import type { DevCitizen } from './devCitizens';

/** The dev agencies of src/agencies/devAgencies.ts that the portal's sample data uses. */
export const SO_TU_PHAP = '000.17.22.H56';
export const UBND_XA = '000.31.22.H56';
/** Two more sample issuers, so that every document read in the samples is another agency's. */
export const PORTAL_DEV_AGENCIES = [
  { code: '000.32.22.H56', name: 'Ủy ban nhân dân xã Tân Hòa (dữ liệu phát triển)', level: 'commune' as const, parentCode: '000.00.00.H56' },
  { code: '000.20.22.H56', name: 'Sở Tài chính (dữ liệu phát triển)', level: 'province' as const, parentCode: '000.00.00.H56' },
];
const BIRTH_REGISTRAR = PORTAL_DEV_AGENCIES[0]!.code;
const BUSINESS_REGISTRAR = PORTAL_DEV_AGENCIES[1]!.code;
/** Marriage registration at the commune (domain.md §5; the code is unconfirmed there too). */
export const MARRIAGE_REGISTRATION = '1.000894';

interface SeedDeps {
  db: Database;
  dataDir: string;
  registries: Pick<Registries, 'population' | 'business'>;
  signingKey: SigningKey;
  cipher: ContentCipher;
  /** CONTENT_STORE; absent, contents stay in their rows. */
  contentStore?: ContentStore;
  citizens: DevCitizen[];
  logger: Pick<Logger, 'info'>;
  clock?: () => Date;
}

const DAY = 86_400_000;
const LEGAL_FORMS: Record<string, string> = { tnhh_1tv: 'llc_single_member', tnhh: 'llc_multi_member', co_phan: 'joint_stock', dntn: 'private_enterprise' };

/**
 * Sample data for the portal, in development only: the simulated citizens' documents, consents, a
 * consent request and an agency's read under consent, so that `npm start` then /portal shows a
 * citizen something on every page. Runs once per database: a citizen who already holds documents
 * is left as they are (a restart keeps what a tester did).
 */
export async function seedPortalDev(deps: SeedDeps): Promise<void> {
  const { db, citizens } = deps;
  const clock = deps.clock ?? (() => new Date());
  const [bride, parent, representative] = [citizens.find((c) => !c.child && !c.enterprise), citizens.find((c) => c.child), citizens.find((c) => c.enterprise)];
  if (!bride) return;

  const operator: OperatorPrincipal = { kind: 'operator', operatorId: 'dev-seed' };
  const ctx = () => ({ principal: operator, requestId: `dev-seed-${randomUUID()}` });
  const subjects = subjectService({ db, registries: deps.registries });
  const existing = await subjects.find({ kind: 'citizen', nationalId: bride.id });
  if (existing) return;

  const agencies = agencyService({ db });
  for (const agency of PORTAL_DEV_AGENCIES) {
    const key = (await loadDevAgencyKey(deps.dataDir, agency.code))!;
    await agencies.register(agency.code, { name: agency.name, level: agency.level, parentCode: agency.parentCode, jwks: { keys: [key.publicJwk] } }, ctx());
  }

  for (const c of citizens) {
    await subjects.refreshFromRegistry({ kind: 'citizen', nationalId: c.id }, ctx());
    if (c.child) await subjects.refreshFromRegistry({ kind: 'citizen', nationalId: c.child.id }, ctx());
    if (c.enterprise) await subjects.refreshFromRegistry({ kind: 'business', nationalId: c.enterprise.code }, ctx());
  }

  const consents = consentService({ db, registries: deps.registries, signingKey: deps.signingKey, clock });
  const documents = documentService({ db, policy: consents, subjects, agencies: agencyStore, cipher: deps.cipher, contentStore: deps.contentStore, clock });
  const asIssuer = (code: string): { principal: AgencyPrincipal; requestId: string } => ({
    principal: { kind: 'agency', clientId: `issuer-${code}`, agencyCode: code, roles: ['documents:write', 'documents:read'] },
    requestId: `dev-seed-${randomUUID()}`,
  });
  const ingest = async (input: Omit<IngestInput, 'content' | 'signature'>, title: string) => {
    const bytes = simplePdf([title, `So / No. ${input.number}`, `Ngay cap / Issued: ${input.issueDate}`, 'Du lieu phat trien - development data']);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const body: IngestInput = { ...input, content: { data: bytes.toString('base64'), sha256 } };
    const key = (await loadDevAgencyKey(deps.dataDir, input.issuer))!;
    const signature = await new CompactSign(new TextEncoder().encode(canonicalJson(signedPayloadOf(body, sha256))))
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .sign(key.privateKey);
    return (await documents.ingest({ ...body, signature }, asIssuer(input.issuer))).document;
  };

  const now = clock();
  const today = vietnamDate(now);
  const daysAgo = (n: number) => vietnamDate(new Date(now.getTime() - n * DAY));
  const dossier = (agency: string, date: string, seq: number) => `${agency}-${date.slice(2).replace(/-/g, '')}-${String(seq).padStart(4, '0')}`;
  const birthCertificate = (c: DevCitizen['citizen'], number: string) =>
    ingest(
      {
        type: 'birth-certificate',
        number,
        issuer: BIRTH_REGISTRAR,
        issueDate: vietnamDate(new Date(Date.parse(c.birthDate) + 20 * DAY)),
        subjects: [{ role: 'child', id: c.id }, ...(c.father?.id ? [{ role: 'father', id: c.father.id }] : []), ...(c.mother?.id ? [{ role: 'mother', id: c.mother.id }] : [])].filter(
          (s) => s.role === 'child' || citizens.some((d) => d.id === s.id),
        ),
        fields: {
          fullName: c.fullName,
          birthDate: c.birthDate,
          sex: c.sex,
          placeOfBirth: c.birthPlace.province,
          nationality: 'Việt Nam',
          ...(c.father ? { fatherName: c.father.fullName } : {}),
          ...(c.mother ? { motherName: c.mother.fullName } : {}),
        },
      },
      'GIAY KHAI SINH (BAN SAO DIEN TU)',
    );

  // The bride: her birth certificate, a marital-status confirmation, a judicial record extract.
  const b = bride.citizen;
  const birth = await birthCertificate(b, `${b.birthDate.slice(0, 4)}/KS-${b.id.slice(-4)}`);
  await ingest(
    {
      type: 'marital-status-confirmation',
      number: `${today.slice(0, 4)}/XNHN-${b.id.slice(-4)}`,
      issuer: UBND_XA,
      issueDate: daysAgo(40),
      subjects: [{ role: 'holder', id: b.id }],
      fields: { fullName: b.fullName, birthDate: b.birthDate, maritalStatus: 'single', purpose: 'Đăng ký kết hôn' },
    },
    'GIAY XAC NHAN TINH TRANG HON NHAN',
  );
  await ingest(
    {
      type: 'judicial-record-extract',
      number: `${today.slice(0, 4)}/LLTP-${b.id.slice(-5)}`,
      issuer: SO_TU_PHAP,
      issueDate: daysAgo(120),
      subjects: [{ role: 'holder', id: b.id }],
      fields: { form: 1, fullName: b.fullName, birthDate: b.birthDate, criminalRecord: 'none', banFromPositions: 'not_requested' },
    },
    'PHIEU LY LICH TU PHAP SO 1',
  );

  const self = (c: DevCitizen): CitizenPrincipal => ({ kind: 'citizen', citizenId: c.id, identityLevel: 2 });
  const requestId = () => `dev-seed-${randomUUID()}`;
  // A standing consent for the commune's marriage desk (the browser tests revoke it), and one for
  // the Department of Justice, which then reads her birth certificate under it.
  await consents.grant(self(bride), { grantee: { agencyCode: UBND_XA }, purposes: [MARRIAGE_REGISTRATION], documentTypes: ['birth-certificate'], validUntil: new Date(now.getTime() + 180 * DAY) }, requestId());
  const justiceDossier = dossier(SO_TU_PHAP, daysAgo(3), 1);
  await consents.grant(
    self(bride),
    { grantee: { agencyCode: SO_TU_PHAP }, purposes: [MARRIAGE_REGISTRATION], documentTypes: ['birth-certificate', 'judicial-record-extract'], dossierCode: justiceDossier, validUntil: new Date(now.getTime() + 30 * DAY) },
    requestId(),
  );
  await documents.read(birth.id, { principal: { kind: 'agency', clientId: `one-stop-${SO_TU_PHAP}`, agencyCode: SO_TU_PHAP, roles: ['documents:read'] }, requestId: requestId() }, { purpose: MARRIAGE_REGISTRATION, dossierCode: justiceDossier });
  const xa = (officialId?: string): AgencyPrincipal => ({ kind: 'agency', clientId: `one-stop-${UBND_XA}`, agencyCode: UBND_XA, roles: ['consents:request'], ...(officialId ? { officialId } : {}) });
  await consents.requestConsent(
    xa(),
    {
      subject: b.id,
      purpose: MARRIAGE_REGISTRATION,
      dossierCode: dossier(UBND_XA, today, 1),
      documentTypes: ['birth-certificate'],
      validUntil: new Date(now.getTime() + 60 * DAY),
      note: 'Hồ sơ đăng ký kết hôn: xin dùng Giấy khai sinh đã lưu để bạn không phải nộp bản sao.',
    },
    { kind: 'citizen', nationalId: b.id },
    requestId(),
  );

  if (parent?.child) {
    await birthCertificate(parent.child, `${parent.child.birthDate.slice(0, 4)}/KS-${parent.child.id.slice(-4)}`);
    await birthCertificate(parent.citizen, `${parent.birthDate.slice(0, 4)}/KS-${parent.id.slice(-4)}`);
  }

  if (representative?.enterprise) {
    const e = representative.enterprise;
    await ingest(
      {
        type: 'enterprise-registration',
        number: e.code,
        issuer: BUSINESS_REGISTRAR,
        issueDate: e.registeredOn,
        subjects: [{ role: 'enterprise', id: e.code }, ...e.legalRepresentatives.filter((r) => r.id === representative.id).map((r) => ({ role: 'legal_representative', id: r.id }))],
        fields: {
          enterpriseName: e.names.vi,
          ...(e.names.en ? { foreignName: e.names.en } : {}),
          legalForm: LEGAL_FORMS[e.legalForm]!,
          headOffice: `${e.address.line}, ${e.address.commune}, ${e.address.province}`,
          charterCapitalVnd: e.charterCapitalVnd,
          firstRegistrationDate: e.registeredOn,
          amendment: 0,
        },
      },
      'GIAY CHUNG NHAN DANG KY DOANH NGHIEP',
    );
    await birthCertificate(representative.citizen, `${representative.birthDate.slice(0, 4)}/KS-${representative.id.slice(-4)}`);
  }
  deps.logger.info({ citizens: citizens.length }, 'portal development data seeded');
}

/** A one-page PDF with a few lines of ASCII text: enough for the content viewer to show something real. */
export function simplePdf(lines: string[]): Buffer {
  const text = lines.map((l, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 28} Td (${l.replace(/[\\()]/g, (m) => `\\${m}`).replace(/[^\x20-\x7e]/g, '?')}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
