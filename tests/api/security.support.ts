import fs from 'node:fs';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { AGENCY_ROLES, type AgencyRole } from '../../src/auth/principal';
import { claimsFor } from '../../src/auth/devIssuer';
import { makeCitizenId } from '../../src/ids';
import { signToken, startTestApp, tokens, type TestApp } from '../support/testApp';
import { confirmation, people, rows, setUpVault, sign, SO_TU_PHAP } from './documents.support';

/** Every kind of caller the authorisation matrix tries on every route. */
export const PRINCIPALS = [
  'none',
  'bad-token',
  'expired',
  ...AGENCY_ROLES.map((role) => `agency:${role}` as const),
  'agency:no-role',
  'citizen',
  'citizen-level-1',
  'operator',
  // Without the CSRF token first: a sign-out with it ends the session on the server for every later row.
  'portal-cookie-without-csrf',
  'portal-cookie',
] as const;
export type PrincipalKind = (typeof PRINCIPALS)[number];

/**
 * Who may call a route. `agency` is any agency client, `agency:<role>` one holding that role,
 * `citizen` a citizen by bearer token or portal cookie. `ok` is the status an allowed caller gets
 * for the matrix's probe request (sample path parameters, no query, `{}` as the body), per caller
 * where it differs. `public` routes need no one; `portal` routes only the portal's cookie.
 */
export interface RouteAccess {
  who: Array<'public' | 'portal' | 'agency' | `agency:${AgencyRole}` | 'citizen' | 'operator'>;
  ok: number | ({ default: number } & Partial<Record<PrincipalKind, number>>);
}

const AGENCY: RouteAccess['who'] = ['agency'];
export const ROUTES: Record<string, RouteAccess> = {
  'GET /health/live': { who: ['public'], ok: 200 },
  'GET /health/ready': { who: ['public'], ok: 200 },
  'GET /metrics': { who: ['public'], ok: 200 },
  'GET /openapi.yaml': { who: ['public'], ok: 200 },
  'GET /openapi.json': { who: ['public'], ok: 200 },
  'GET /.well-known/jwks.json': { who: ['public'], ok: 200 },
  'GET /v1/whoami': { who: ['agency', 'citizen', 'operator'], ok: 200 },
  'GET /v1/subjects/{id}': { who: ['agency:subjects:read', 'operator'], ok: 404 },
  'PUT /v1/subjects/{id}': { who: ['operator'], ok: 400 },
  'POST /v1/subjects/{id}/refresh': { who: ['agency:subjects:read', 'operator'], ok: 503 },
  'GET /v1/me': { who: ['citizen'], ok: 200 },
  'GET /v1/agencies/{code}': { who: ['agency', 'operator'], ok: 404 },
  'PUT /v1/agencies/{code}': { who: ['operator'], ok: 400 },
  'GET /v1/document-types': { who: ['agency', 'citizen', 'operator'], ok: 200 },
  'POST /v1/documents': { who: ['agency:documents:write'], ok: 400 },
  'POST /v1/documents/import': { who: ['agency:documents:write'], ok: 415 },
  'GET /v1/documents/{id}': { who: ['agency:documents:read'], ok: 404 },
  'GET /v1/documents/{id}/content': { who: ['agency:documents:read'], ok: 404 },
  'GET /v1/documents/{id}/history': { who: ['agency:documents:read'], ok: 404 },
  'POST /v1/documents/{id}/revoke': { who: ['agency:documents:write'], ok: 400 },
  'POST /v1/documents/{id}/supersede': { who: ['agency:documents:write'], ok: 400 },
  'POST /v1/documents/{id}/corrections': { who: ['agency:documents:write'], ok: 400 },
  'GET /v1/subjects/{id}/documents': { who: ['agency:documents:read'], ok: 404 },
  'GET /v1/me/documents': { who: ['citizen'], ok: 200 },
  'GET /v1/me/documents/{id}': { who: ['citizen'], ok: 404 },
  'GET /v1/me/documents/{id}/content': { who: ['citizen'], ok: 404 },
  'GET /v1/me/consents': { who: ['citizen'], ok: 200 },
  'POST /v1/me/consents': { who: ['citizen'], ok: 400 },
  'POST /v1/me/consents/{id}/revoke': { who: ['citizen'], ok: 404 },
  'GET /v1/me/consent-requests': { who: ['citizen'], ok: 200 },
  'POST /v1/me/consent-requests/{id}/approve': { who: ['citizen'], ok: { default: 404, 'citizen-level-1': 403 } },
  'POST /v1/me/consent-requests/{id}/refuse': { who: ['citizen'], ok: 404 },
  'POST /v1/consent-requests': { who: ['agency:consents:request'], ok: 400 },
  'GET /v1/consent-requests/{id}': { who: ['agency:consents:request'], ok: 404 },
  'GET /v1/dossiers/{code}': { who: ['agency', 'operator'], ok: 404 },
  'POST /v1/dossiers/{code}/close': { who: ['agency:prefill', 'agency:consents:request'], ok: 200 },
  'POST /v1/dossiers/{code}/feedback': { who: ['agency:prefill'], ok: 400 },
  'GET /v1/reports/reuse': { who: ['agency:reports:read', 'operator'], ok: 200 },
  'GET /v1/reports/digitisation': { who: ['agency:reports:read', 'operator'], ok: 200 },
  'GET /v1/legal-bases': { who: ['agency', 'operator'], ok: 200 },
  'POST /v1/legal-bases': { who: ['operator'], ok: 400 },
  'GET /v1/token-revocations': { who: ['operator'], ok: 200 },
  'POST /v1/token-revocations': { who: ['operator'], ok: 400 },
  'PATCH /v1/legal-bases/{id}': { who: ['operator'], ok: 400 },
  'GET /v1/procedures': { who: ['agency', 'citizen', 'operator'], ok: 200 },
  'GET /v1/procedures/{code}': { who: ['agency', 'citizen', 'operator'], ok: 200 },
  'PUT /v1/procedures/{code}': { who: ['operator'], ok: 400 },
  'POST /v1/prefill': { who: ['agency:prefill'], ok: 400 },
  'POST /v1/identity/verify': { who: ['agency:identity'], ok: 400 },
  'POST /v1/identity/search': { who: ['agency:identity'], ok: 400 },
  'POST /v1/identity/business/verify': { who: ['agency:identity'], ok: 400 },
  'POST /v1/identity/business/search': { who: ['agency:identity'], ok: 400 },
  'GET /v1/me/access-log': { who: ['citizen'], ok: 200 },
  'GET /v1/me/access-log/verification': { who: ['citizen'], ok: 200 },
  'GET /v1/subjects/{id}/access-log/verification': { who: ['operator'], ok: 404 },
  'GET /v1/webhooks': { who: AGENCY, ok: 200 },
  'POST /v1/webhooks': { who: AGENCY, ok: 400 },
  'DELETE /v1/webhooks/{id}': { who: AGENCY, ok: 404 },
  'GET /v1/webhooks/deliveries': { who: ['agency', 'operator'], ok: 200 },
  'GET /v1/webhooks/deliveries/{id}': { who: ['agency', 'operator'], ok: 404 },
  'POST /v1/webhooks/deliveries/{id}/redeliver': { who: ['agency', 'operator'], ok: 404 },
  'GET /portal/session': { who: ['portal'], ok: 200 },
  'DELETE /portal/session': { who: ['public'], ok: { default: 204, 'portal-cookie-without-csrf': 403 } },
  'GET /portal/sign-in-methods': { who: ['public'], ok: 200 },
  'GET /portal/sign-in': { who: ['public'], ok: 404 },
  'GET /portal/callback': { who: ['public'], ok: 404 },
  'POST /portal/dev/sign-in': { who: ['public'], ok: 400 },
  'GET /portal/agencies': { who: ['portal'], ok: 200 },
  'GET /portal/procedures': { who: ['portal'], ok: 200 },
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The status a principal must get for the route's probe request. */
export function expectedStatus(route: string, who: PrincipalKind): number {
  const access = ROUTES[route];
  if (!access) throw new Error(`No authorisation rows for ${route}`);
  const ok = typeof access.ok === 'number' ? access.ok : (access.ok[who] ?? access.ok.default);
  if (access.who.includes('public')) return ok;
  const cookie = who === 'portal-cookie' || who === 'portal-cookie-without-csrf';
  if (access.who.includes('portal')) return cookie ? ok : 401;
  if (who === 'none' || who === 'bad-token' || who === 'expired') return 401;
  if (who === 'portal-cookie-without-csrf' && UNSAFE.has(route.split(' ')[0]!)) return 403;
  return allowed(access, who) ? ok : 403;
}

function allowed(access: RouteAccess, who: PrincipalKind): boolean {
  if (who.startsWith('agency:')) {
    const role = who.slice('agency:'.length);
    return access.who.includes('agency') || access.who.includes(`agency:${role}` as `agency:${AgencyRole}`);
  }
  if (who === 'citizen' || who === 'citizen-level-1' || who === 'portal-cookie' || who === 'portal-cookie-without-csrf') return access.who.includes('citizen');
  return who === 'operator' && access.who.includes('operator');
}

/** A principal the route admits (the hostile suite's caller), or none for public routes. */
export function callerFor(route: string): PrincipalKind {
  const access = ROUTES[route]!;
  if (access.who.includes('public')) return 'none';
  if (access.who.includes('portal')) return 'portal-cookie';
  return PRINCIPALS.find((p) => p !== 'portal-cookie-without-csrf' && expectedStatus(route, p) !== 401 && expectedStatus(route, p) !== 403)!;
}

/** Well-formed parameters that name nothing stored: the probe must reach the route's own checks. */
const SAMPLE_PARAMS: Record<string, string> = {
  '/v1/subjects/{id}': makeCitizenId({ provinceCode: '001', sex: 'female', birthYear: 1990, serial: 777 }),
  '/v1/agencies/{code}': '000.99.99.H99',
  '/v1/procedures/{code}': '1.000894',
  '/v1/dossiers/{code}': '000.17.22.H56-261127-0001',
};

export function samplePath(route: string): string {
  const template = route.split(' ')[1]!;
  const prefix = Object.keys(SAMPLE_PARAMS).find((p) => template.startsWith(p));
  return template.replace(/\{(\w+)\}/g, () => (prefix ? SAMPLE_PARAMS[prefix]! : '5f0c3c9e-8f1e-4c2a-9d3b-2a7e4b6c1d00'));
}

export interface SecurityApp {
  app: TestApp;
  /** Headers that make each principal: Authorization, or the portal's cookie (and its CSRF token). */
  headers: Record<PrincipalKind, Record<string, string>>;
}

/**
 * The real app with the development sign-in on (for the portal's cookie), over a vault with two
 * agencies, four people, a business and one document: enough that hostile input meets real rows.
 */
export async function startSecurityApp(): Promise<SecurityApp> {
  const app = await startTestApp({
    portal: {
      config: { sessionKey: undefined, sessionMinutes: 30, oidc: undefined },
      publicUrl: 'http://motlan.test',
      devSignIn: { signToken: (citizenId, identityLevel) => signToken(claimsFor({ kind: 'citizen', citizenId, identityLevel })), citizens: [] },
    },
  });
  const { soTuPhap } = await setUpVault(app);
  const writer = { Authorization: `Bearer ${await tokens.agency(SO_TU_PHAP, ['documents:write'])}` };
  await app.http.post('/v1/documents').set(writer).send(await sign(confirmation('125/2026/XNTTHN'), soTuPhap)).expect(201);

  const signIn = await app.http.post('/portal/dev/sign-in').send({ citizenId: people.hang.id, identityLevel: 2 }).expect(201);
  const cookie = ([] as string[]).concat(signIn.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).join('; ');
  const bearer = async (token: Promise<string> | string) => ({ Authorization: `Bearer ${await token}` });
  const headers: Partial<Record<PrincipalKind, Record<string, string>>> = {
    none: {},
    'bad-token': { Authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
    expired: await bearer(signToken(claimsFor({ kind: 'operator', operatorId: 'operator-test' }), { expiresIn: Math.floor(Date.now() / 1000) - 120 })),
    'agency:no-role': await bearer(tokens.agency(SO_TU_PHAP, [])),
    citizen: await bearer(tokens.citizen(people.hang.id)),
    'citizen-level-1': await bearer(tokens.citizen(people.phuc.id, 1)),
    operator: await bearer(tokens.operator()),
    'portal-cookie': { Cookie: cookie, 'X-CSRF-Token': signIn.body.csrfToken as string },
    'portal-cookie-without-csrf': { Cookie: cookie },
  };
  for (const role of AGENCY_ROLES) headers[`agency:${role}`] = await bearer(tokens.agency(SO_TU_PHAP, [role]));
  return { app, headers: headers as Record<PrincipalKind, Record<string, string>> };
}

/**
 * What a rejected request must leave as it was: the row count of every table and the head of
 * every access-log chain, in one statement.
 */
export async function databaseState(app: TestApp): Promise<string> {
  let query = stateQueries.get(app);
  if (!query) {
    const tables = await rows<{ name: string }>(app, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
    const counts = tables.map((t) => sql`select ${t.name}::text as name, count(*)::text as n from ${sql.identifier(t.name)}`);
    query = sql`select (select string_agg(name || '=' || n, ',' order by name) from (${sql.join(counts, sql` union all `)}) c) as counts,
                       (select coalesce(string_agg(chain_key || ':' || seq || ':' || last_hash, ',' order by chain_key), '') from audit_chains) as chains`;
    stateQueries.set(app, query);
  }
  const [state] = await rows<{ counts: string; chains: string }>(app, query);
  return `${state!.counts}|${state!.chains}`;
}
const stateQueries = new WeakMap<TestApp, SQL>();


/**
 * Prints a suite's counts and keeps them in test-results/security/ (one file per suite and engine),
 * where the README's security figures come from.
 */
export function recordCounts(suite: string, line: string, counts: Record<string, number | string>): void {
  const engine = process.env.MOTLAN_TEST_ENGINE ?? 'unknown';
  const dir = path.join(__dirname, '../../test-results/security');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${suite}.${engine}.json`), `${JSON.stringify({ suite, engine, at: new Date().toISOString(), ...counts }, null, 2)}\n`);
  process.stdout.write(`${suite} (${engine}): ${line}\n`);
}
