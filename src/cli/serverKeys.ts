import fs from 'node:fs';
import path from 'node:path';
import type { JWK } from 'jose';
import { loadDevIssuer, signDevToken, type DevIssuer } from '../auth/devIssuer';

/**
 * The development CLIs (token, sign, import) read keys from DATA_DIR, which must be the running
 * server's. Run with another DATA_DIR they would sign with keys the server has never seen (or make
 * new ones), and the failure would show later as a bare 401 or a signature refused at ingest.
 * These checks ask the server itself and put the answer in one line.
 */

/** How long a check waits for the server: these are local development servers. */
const CHECK_TIMEOUT_MS = 3000;

/** `known: false`: the server could not tell (not running, or something else answers there). */
export type ServerCheck = { ok: true } | { ok: false; known: boolean; message: string };

const devIssuerFile = (dataDir: string) => path.join(dataDir, 'dev-issuer', 'private-key.jwk.json');

/** The development issuer's key as the server made it under DATA_DIR; never creates one. */
export async function existingDevIssuer(dataDir: string): Promise<DevIssuer | { missing: string }> {
  const file = devIssuerFile(dataDir);
  if (!fs.existsSync(file)) {
    return { missing: `No development issuer key under DATA_DIR=${path.resolve(dataDir)} (dev-issuer/): run this with the DATA_DIR of the running Motlan, which makes that key when it starts.` };
  }
  return loadDevIssuer(dataDir);
}

const wrongDataDir = (dataDir: string, baseUrl: string) =>
  `The key under DATA_DIR=${path.resolve(dataDir)} is not the running server's: the Motlan at ${baseUrl} does not accept it. Run this with the server's DATA_DIR.`;

async function get(baseUrl: string, route: string, token: string): Promise<Response | { error: string }> {
  try {
    return await fetch(`${baseUrl}${route}`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
  } catch (error) {
    return { error: `Cannot reach Motlan at ${baseUrl} (${(error as Error).message}) to check the key under DATA_DIR; is it running (npm start)?` };
  }
}

/** Whether the server accepts a token signed with the development issuer key found under DATA_DIR. */
export async function checkTokenAccepted(baseUrl: string, dataDir: string, token: string): Promise<ServerCheck> {
  const res = await get(baseUrl, '/v1/whoami', token);
  if ('error' in res) return { ok: false, known: false, message: res.error };
  if (res.status === 401) return { ok: false, known: true, message: wrongDataDir(dataDir, baseUrl) };
  if (!res.ok) return { ok: false, known: false, message: `${baseUrl} answered ${res.status} to /v1/whoami, so the key under DATA_DIR could not be checked; is PUBLIC_URL (or --url) the running Motlan?` };
  return { ok: true };
}

/**
 * Whether the agency's development key found under DATA_DIR is one the server registered for it:
 * asked with a short operator token from the same DATA_DIR, which also checks the issuer key.
 */
export async function checkAgencyKeyRegistered(baseUrl: string, dataDir: string, dev: DevIssuer, audience: string, agencyCode: string, key: { kid: string; publicJwk: JWK }): Promise<ServerCheck> {
  const token = await signDevToken(dev, { kind: 'operator', operatorId: 'dev-key-check' }, audience, 60);
  const res = await get(baseUrl, `/v1/agencies/${agencyCode}`, token);
  if ('error' in res) return { ok: false, known: false, message: res.error };
  if (res.status === 401) return { ok: false, known: true, message: wrongDataDir(dataDir, baseUrl) };
  if (res.status === 404) return { ok: false, known: true, message: `The Motlan at ${baseUrl} has no agency ${agencyCode}: register it (PUT /v1/agencies/${agencyCode}) with the public key under DATA_DIR, or sign as an agency it knows.` };
  if (!res.ok) return { ok: false, known: false, message: `${baseUrl} answered ${res.status} to GET /v1/agencies/${agencyCode}, so the key under DATA_DIR could not be checked; is PUBLIC_URL (or --url) the running Motlan?` };
  const registered = ((await res.json()) as { jwks: { keys: JWK[] } }).jwks.keys;
  if (!registered.some((k) => k.kid === key.kid && k.x === key.publicJwk.x)) {
    return { ok: false, known: true, message: `The ${agencyCode} key under DATA_DIR=${path.resolve(dataDir)} (kid ${key.kid}) is not one the Motlan at ${baseUrl} registered for it: run this with the server's DATA_DIR.` };
  }
  return { ok: true };
}
