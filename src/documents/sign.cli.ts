import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CompactSign } from 'jose';
import { loadDevAgencyKey } from '../agencies/devAgencies';
import { checkAgencyKeyRegistered, existingDevIssuer } from '../cli/serverKeys';
import { ConfigError, loadConfig } from '../config';
import { canonicalJson, sha256Hex } from './canonical';
import type { IngestInput } from './documents.service';
import { signedPayloadOf } from './payload';

const HELP = `Usage: npm run sign -- document.json [--out signed.json]

Development helper: signs an ingest body (POST /v1/documents) with the development key of its
issuing agency, kept under DATA_DIR/dev-agencies/ and registered when Motlan starts in development:
run it with the server's DATA_DIR (default ./data). Fills in content.sha256 when it is missing, then
prints the body with "signature" added. Before signing it asks the running Motlan (PUBLIC_URL or
--url) whether that key is the one it registered for the agency; when it is not, one line says so
and nothing is signed; when no server answers, one line says so and it signs anyway.

Options:
  --out FILE     write the signed body to FILE instead of stdout
  --url URL      the running Motlan (default: PUBLIC_URL, http://localhost:3000)
  -h, --help     this text

Example:
  npm run sign -- document.json > signed.json
  curl -X POST localhost:3000/v1/documents -H "Authorization: Bearer $AGENCY" \\
    -H 'Content-Type: application/json' --data-binary @signed.json`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: { out: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
  if (parsed.values.help) return void console.log(HELP);
  const file = parsed.positionals[0];
  if (!file) fail(`Name the document to sign.\n\n${HELP}`);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (config.env === 'production' || !config.auth.devIssuer) fail('Development keys are off here (production or DEV_ISSUER=off): sign with your agency\'s own key.');

  let document: IngestInput;
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8')) as IngestInput;
  } catch (error) {
    fail(`Cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  if (typeof document.issuer !== 'string' || typeof document.content?.data !== 'string') fail('The document needs "issuer" and "content.data" (base64).');
  const key = await loadDevAgencyKey(config.dataDir, document.issuer, false);
  if (!key) fail(`No development key for ${document.issuer} under DATA_DIR=${path.resolve(config.dataDir)}: run this with the DATA_DIR of the running Motlan, which registers the sample agencies and makes their keys when it starts.`);
  const dev = await existingDevIssuer(config.dataDir);
  if ('missing' in dev) fail(dev.missing);
  const check = await checkAgencyKeyRegistered((parsed.values.url ?? config.publicUrl).replace(/\/$/, ''), config.dataDir, dev, config.auth.audience, document.issuer, key);
  if (!check.ok && check.known) fail(check.message);
  if (!check.ok) console.error(check.message);

  const sha256 = document.content.sha256 ?? sha256Hex(Buffer.from(document.content.data, 'base64'));
  const payload = canonicalJson(signedPayloadOf(document, sha256));
  const signature = await new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).sign(key.privateKey);
  const signed = JSON.stringify({ ...document, content: { ...document.content, sha256 }, signature }, null, 2);
  if (parsed.values.out) fs.writeFileSync(parsed.values.out, `${signed}\n`);
  else process.stdout.write(`${signed}\n`);
}

void main();
