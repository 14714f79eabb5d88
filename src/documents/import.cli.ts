import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { signDevToken } from '../auth/devIssuer';
import { checkTokenAccepted, existingDevIssuer } from '../cli/serverKeys';
import { ConfigError, loadConfig } from '../config';
import type { ImportSummary } from './documents.import';

const HELP = `Usage: npm run import -- file.ndjson [options]

Streams an NDJSON file (one POST /v1/documents body per line) to a running Motlan's
POST /v1/documents/import, with a progress bar. Every line is ingested idempotently: to resume an
interrupted import, run the same command again; lines already stored count as "already present".
Bad lines are reported with their line number and do not stop the rest.

With --agency, the token is signed with the development issuer key the running Motlan keeps under
its DATA_DIR: run it with the server's DATA_DIR (default ./data). Before sending anything the token
is checked with the server; when it is refused, one line says whether the key is not the server's.

Options:
  --agency CODE   the issuing agency; in development a token is minted for it (role documents:write)
  --token JWT     a bearer token with role documents:write (instead of --agency)
  --url URL       Motlan's base URL (default: PUBLIC_URL, http://localhost:3000)
  -h, --help      this text

Exit status: 0 all lines accepted, 2 some lines rejected (listed on stderr), 1 the import failed.

Example:
  npm run import -- backlog.ndjson --agency 000.17.22.H56`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: { agency: { type: 'string' }, token: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) return void console.log(HELP);
  const file = positionals[0];
  if (!file) fail(`Name the NDJSON file to import.\n\n${HELP}`, 2);
  if (!fs.existsSync(file)) fail(`No such file: ${file}`, 2);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  let token = values.token;
  if (!token) {
    if (!values.agency) fail(`Give --token, or --agency to mint a development token.\n\n${HELP}`, 2);
    if (!config.auth.devIssuer) fail('The local issuer is off: pass --token from your identity provider.', 2);
    const dev = await existingDevIssuer(config.dataDir);
    if ('missing' in dev) fail(dev.missing);
    token = await signDevToken(dev, { kind: 'agency', agencyCode: values.agency, clientId: 'import-cli', roles: ['documents:write'] }, config.auth.audience, 86_400);
  }
  const baseUrl = (values.url ?? config.publicUrl).replace(/\/$/, '');
  const check = await checkTokenAccepted(baseUrl, config.dataDir, token);
  // A token given with --token did not come from DATA_DIR: its refusal is the token's, not the key's.
  if (!check.ok && check.known) fail(values.token ? `The Motlan at ${baseUrl} does not accept the --token given (401): get a fresh one.` : check.message);
  if (!check.ok) fail(check.message);

  const total = fs.statSync(file).size;
  const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {value}/{total} bytes | {eta_formatted} left', stream: process.stderr }, Presets.shades_classic);
  bar.start(total, 0);
  let sent = 0;
  const counted = fs.createReadStream(file).pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        bar.update(sent);
        done(null, chunk);
      },
    }),
  );
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/v1/documents/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson', Authorization: `Bearer ${token}` },
      body: Readable.toWeb(counted) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    bar.stop();
    fail(`Cannot reach Motlan: ${(error as Error).message}. Is it running (npm start)?`);
  }
  bar.update(total);
  bar.stop();
  const text = await response.text();
  if (!response.ok) fail(`Import failed: HTTP ${response.status} ${text}`);
  const summary = JSON.parse(text) as ImportSummary;
  for (const r of summary.rejections) {
    const rules = (r.errors as Array<{ pointer: string; rule: string }> | undefined)?.map((e) => `${e.rule} at ${e.pointer}`).join('; ');
    console.error(`line ${r.line}: ${r.status} ${r.title}${rules ? ` (${rules})` : r.detail ? ` (${r.detail})` : ''}`);
  }
  if (summary.rejectionsTruncated) console.error(`… and ${summary.rejected - summary.rejections.length} more rejected lines`);
  console.log(`${summary.lines} lines: ${summary.ingested} ingested, ${summary.alreadyPresent} already present, ${summary.rejected} rejected`);
  process.exitCode = summary.rejected ? 2 : 0;
}

void main();
