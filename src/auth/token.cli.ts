import { commandLine } from '../cli/commandLine';
import { ConfigError, loadConfig } from '../config';
import { AGENCY_ROLES } from './principal';
import { checkTokenAccepted, existingDevIssuer } from '../cli/serverKeys';
import { signDevToken, type TokenSubject } from './devIssuer';

const HELP = `Usage: npm run token -- <who> [options]

Prints a development bearer token, alone on stdout, signed by the local issuer whose key the
running Motlan keeps under its DATA_DIR: run it with the server's DATA_DIR (default ./data). Only a
Motlan running with DEV_ISSUER on (the development default) accepts it. The token is checked with
the server (GET /v1/whoami at PUBLIC_URL or --url): when the server refuses it, one line says the
key is not the server's and nothing is printed; when no server answers, one line says so on stderr
and the token is printed anyway.

Who (one of):
  --agency CODE        an agency client, e.g. --agency 000.00.00.H56
  --citizen ID         a citizen, by 12-digit personal identification number
  --operator           an operator of the catalogue (id: dev-operator)

Options:
  --roles LIST         agency roles, comma-separated: ${AGENCY_ROLES.join(', ')}
  --client ID          agency client id (default: one-stop-<agency code>)
  --official ID        12-digit ID of the acting official, recorded in access logs
  --level 1|2          citizen electronic-identity level (default 2)
  --ttl SECONDS        lifetime (default 3600)
  --url URL            the running Motlan (default: PUBLIC_URL, http://localhost:3000)
  -h, --help           this text

Example:
  TOKEN=$(npm run token -- --agency 000.00.00.H56 --roles prefill,identity)
  curl -H "Authorization: Bearer $TOKEN" http://localhost:3000/v1/...`;

async function main(): Promise<void> {
  const cli = commandLine(
    HELP,
    {
      agency: { type: 'string' }, citizen: { type: 'string' }, operator: { type: 'boolean' },
      roles: { type: 'string' }, client: { type: 'string' }, official: { type: 'string' },
      level: { type: 'string' }, ttl: { type: 'string' }, url: { type: 'string' },
    },
    { positionals: true },
  );
  const { values } = cli;
  // Declared with its type so that TypeScript knows a call to it does not return.
  const fail: (message: string) => never = cli.fail;
  const chosen = [values.agency !== undefined, values.citizen !== undefined, values.operator === true].filter(Boolean).length;
  if (chosen !== 1) fail('Name exactly one of --agency, --citizen or --operator.');

  let subject: TokenSubject;
  if (values.agency !== undefined) {
    if (!/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/.test(values.agency)) fail(`"${values.agency}" is not an agency code like 000.00.00.H56.`);
    const roles = [...new Set((values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean))];
    const unknown = roles.filter((r) => !(AGENCY_ROLES as readonly string[]).includes(r));
    if (unknown.length) fail(`Unknown role(s): ${unknown.join(', ')}.`);
    if (values.official !== undefined && !/^\d{12}$/.test(values.official)) fail('--official must be a 12-digit ID.');
    subject = { kind: 'agency', agencyCode: values.agency, clientId: values.client ?? `one-stop-${values.agency}`, roles, ...(values.official ? { officialId: values.official } : {}) };
  } else if (values.citizen !== undefined) {
    if (!/^\d{12}$/.test(values.citizen)) fail(`"${values.citizen}" is not a 12-digit personal identification number.`);
    const level = values.level === undefined ? 2 : Number(values.level);
    if (level !== 1 && level !== 2) fail('--level must be 1 or 2.');
    subject = { kind: 'citizen', citizenId: values.citizen, identityLevel: level };
  } else {
    subject = { kind: 'operator', operatorId: 'dev-operator' };
  }
  const ttl = values.ttl === undefined ? 3600 : Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) fail('--ttl must be between 1 and 86400 seconds.');

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (!config.auth.devIssuer) fail('The local issuer is off (DEV_ISSUER=off or NODE_ENV=production): get a token from your identity provider.');
  const dev = await existingDevIssuer(config.dataDir);
  if ('missing' in dev) return exitWith(dev.missing);
  const token = await signDevToken(dev, subject, config.auth.audience, ttl);
  const check = await checkTokenAccepted((values.url ?? config.publicUrl).replace(/\/$/, ''), config.dataDir, token);
  if (!check.ok && check.known) return exitWith(check.message);
  if (!check.ok) console.error(check.message);
  console.log(token);
}

function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}

void main();
