/**
 * CPU per release attestation: Motlan's signer (src/keys/motlanJwt.ts) against jose's SignJWT making
 * the same JWS, in this process, alternated. Every vault read by another agency signs one.
 */
import { SignJWT } from 'jose';
import { commandLine } from '../src/cli/commandLine';
import { ephemeralSigningKey, type SigningKey } from '../src/keys/keyFile';
import { ATTESTATION_TYPE, signAttestation, type ReleasedDocument, type ReleaseContext } from '../src/prefill/releases';

const HELP = `Usage: npx tsx bench/attestations.ts [--count N] [--rounds N]

Signs --count release attestations (default 10000) with Motlan's signer and as many with jose's
SignJWT, --rounds times each (default 3), alternated, after a warm-up, and prints the CPU per
attestation (user + system time of this process).`;

const { wholeNumber } = commandLine(HELP, { count: { type: 'string' }, rounds: { type: 'string' } });
const COUNT = wholeNumber('count', 10_000);
const ROUNDS = wholeNumber('rounds', 3);

const document: ReleasedDocument = {
  id: '0193a1f2-7c4e-7d5a-9b1e-2f3c4d5e6f70',
  type: 'marital-status-confirmation',
  contentSha256: 'a3f1c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6',
  payloadHash: '5e8d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d',
};
const context: ReleaseContext = { requester: { agencyCode: '000.31.22.H56', clientId: 'mot-cua-xa-my-tho' }, dossierCode: '000.31.22.H56-261206-0042', purpose: '1.000894' };

const withJose = (key: SigningKey, releaseId: string, at: Date) =>
  new SignJWT({ document, requester: context.requester, dossierCode: context.dossierCode, purpose: context.purpose })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ATTESTATION_TYPE })
    .setIssuer('motlan')
    .setSubject(document.id)
    .setAudience(context.requester.agencyCode)
    .setJti(releaseId)
    .setIssuedAt(Math.floor(at.getTime() / 1000))
    .sign(key.privateKey);

async function cpuPerAttestation(sign: (releaseId: string) => string | Promise<string>, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await sign(`release-${i}`);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

async function main() {
  const key = await ephemeralSigningKey('motlan-bench');
  const at = new Date();
  const signers = {
    'Motlan (node:crypto)': (id: string) => signAttestation(key, id, document, context, at),
    'jose SignJWT': (id: string) => withJose(key, id, at),
  };
  for (const sign of Object.values(signers)) await cpuPerAttestation(sign, 2_000);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, sign] of Object.entries(signers)) console.log(`round ${round}: ${name}: ${(await cpuPerAttestation(sign, COUNT)).toFixed(1)} µs of CPU per attestation`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
