import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { CSRF_HEADER, csrfTokenMatches } from '../auth/authenticate';
import type { VerifyToken } from '../auth/tokenVerifier';
import { projectRoot } from '../config';
import { methodNotAllowed } from '../http/errorHandler';
import { pageHeaders } from '../http/pageHeaders';
import { forbidden, notFound, problem, unauthorized } from '../http/problem';
import { jsonBody } from '../http/jsonBody';
import { validateBody, validateQuery } from '../http/validate';
import { clearCookie, readCookie, setSessionCookie, setSignInCookie, type PortalCookies } from './cookies';
import type { DevCitizen } from './devCitizens';
import type { DirectoryStore } from './directory.store';
import { SignInError, type OidcClient, type SignedInCitizen } from './oidc';
import { TRANSACTION_MINUTES, type PortalSession, type SessionSealer } from './session';

export const ASSETS_DIR = path.join(projectRoot, 'src/portal/assets');

export interface DevSignIn {
  /** Signs a token for this citizen with the local development issuer. */
  signToken(citizenId: string, identityLevel: 1 | 2): Promise<string>;
  citizens: DevCitizen[];
}

/** The sealed cookie, plus the server-side record that sign-out ends. */
export type PortalSessions = SessionSealer & { endSession(id: string): Promise<void> };

export interface PortalRouteDeps {
  sessions: PortalSessions;
  cookies: PortalCookies;
  verifyToken: VerifyToken;
  directory: DirectoryStore;
  oidc: { client: OidcClient; displayName: string } | undefined;
  devSignIn: DevSignIn | undefined;
  clock: () => Date;
}

/** The citizen portal: its sign-in, its session, a little reference data, and the static pages. */
export function portalRoutes(deps: PortalRouteDeps): Router {
  const router = Router();
  const { sessions, cookies } = deps;

  // Pages and scripts come only from here; nothing inline, nothing from elsewhere; never framed.
  router.use(pageHeaders({ style: "'self'", img: "'self' data: blob:" }), (_req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    next();
  });

  const current = async (req: Request): Promise<PortalSession | undefined> => {
    const value = readCookie(req, cookies.session);
    return value ? sessions.openSession(value) : undefined;
  };
  const startSession = async (res: Response, who: SignedInCitizen, via: PortalSession['via']) => {
    const { value, session } = await sessions.sealSession({ ...who, via });
    setSessionCookie(res, cookies, value, sessions.lifetimeSeconds);
    return session;
  };
  const requireSession = async (req: Request) => {
    if (!(await current(req))) throw unauthorized('Sign in to the portal first.');
  };

  router
    .route('/session')
    .get(async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      let session = await current(req);
      if (!session) throw unauthorized('Nobody is signed in to the portal in this browser.');
      // Sliding expiry: a citizen still reading is not signed out mid-task (up to MAX_SIGN_IN_HOURS).
      if (session.expiresAt.getTime() - deps.clock().getTime() < (sessions.lifetimeSeconds * 1000) / 2) {
        const renewed = await sessions.sealSession(session, session);
        if (renewed.session.expiresAt > session.expiresAt) {
          setSessionCookie(res, cookies, renewed.value, Math.round((renewed.session.expiresAt.getTime() - deps.clock().getTime()) / 1000));
          session = renewed.session;
        }
      }
      res.json(toSessionBody(session));
    })
    .delete(async (req, res) => {
      const session = await current(req);
      // Signing out is a change too: without the token another site could sign a citizen out.
      if (session && !csrfTokenMatches(req.get(CSRF_HEADER), session.csrfToken)) throw problem(403, 'csrf-token-invalid', 'CSRF token missing or wrong', { detail: `Send the session's CSRF token in the ${CSRF_HEADER} header.` });
      // Ended on the server, not only forgotten by this browser: a copy of the cookie stops working too.
      if (session) await sessions.endSession(session.id);
      clearCookie(res, cookies, cookies.session);
      res.status(204).end();
    })
    .all(methodNotAllowed);

  router
    .route('/sign-in-methods')
    .get((_req, res) => {
      res.json({
        provider: deps.oidc ? { name: deps.oidc.displayName, href: '/portal/sign-in' } : null,
        dev: deps.devSignIn
          ? {
              citizens: deps.devSignIn.citizens.map((c) => ({
                id: c.id,
                name: c.name,
                birthDate: c.birthDate,
                sex: c.sex,
                story: c.story,
                actsFor: [
                  ...(c.child ? [{ id: c.child.id, name: c.child.fullName, kind: 'child' as const }] : []),
                  ...(c.enterprise ? [{ id: c.enterprise.code, name: c.enterprise.names.vi, kind: 'business' as const }] : []),
                ],
              })),
            }
          : null,
      });
    })
    .all(methodNotAllowed);

  router
    .route('/sign-in')
    .get(async (req, res) => {
      if (!deps.oidc) throw notFound('Sign-in provider', 'No OpenID Connect provider is configured (OIDC_ISSUER).');
      res.setHeader('Cache-Control', 'no-store');
      try {
        const { url, transaction } = await deps.oidc.client.start(req.query.lang === 'en' ? 'en' : 'vi');
        setSignInCookie(res, cookies, await sessions.sealTransaction(transaction), TRANSACTION_MINUTES * 60);
        res.json({ authorizationUrl: url });
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        req.log.warn({ reason: error.reason }, `portal sign-in could not start: ${error.message}`);
        throw problem(503, 'sign-in-provider-unavailable', 'Sign-in provider unavailable', { detail: 'The identity provider could not be reached; try again in a few minutes.', headers: { 'Retry-After': '30' } });
      }
    })
    .all(methodNotAllowed);

  router
    .route('/callback')
    .get(async (req, res) => {
      if (!deps.oidc) throw notFound('Sign-in provider', 'No OpenID Connect provider is configured (OIDC_ISSUER).');
      const value = readCookie(req, cookies.signIn);
      const transaction = value ? await sessions.openTransaction(value) : undefined;
      // Single use: whatever happens next, this transaction is spent.
      clearCookie(res, cookies, cookies.signIn);
      res.setHeader('Cache-Control', 'no-store');
      const q = req.query as Record<string, unknown>;
      const param = (name: string) => (typeof q[name] === 'string' ? (q[name] as string) : undefined);
      let next = '/portal/';
      try {
        const citizen = await deps.oidc.client.finish({ code: param('code'), state: param('state'), error: param('error') }, transaction);
        await startSession(res, citizen, 'oidc');
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        req.log.warn({ reason: error.reason }, `portal sign-in failed: ${error.message}`);
        next = `/portal/?signin_error=${error.reason}`;
      }
      res.type('html').send(handoffPage(next));
    })
    .all(methodNotAllowed);

  router
    .route('/dev/sign-in')
    .post(jsonBody(1024), validateBody('portal/dev-sign-in'), async (req, res) => {
      const dev = deps.devSignIn;
      if (!dev) throw notFound('Development sign-in', 'The local development issuer is off.');
      // JSON only (validateBody answers 415 otherwise) and same-origin: no other site can sign a browser in as someone else.
      const origin = req.get('origin');
      if (origin && hostOf(origin) !== req.get('host')) throw forbidden('Sign in from the portal page itself.');
      const body = req.body as { citizenId: string; identityLevel: 1 | 2 };
      // Signed by the local issuer and verified like any bearer token: the same path as production tokens.
      const { principal } = await deps.verifyToken(await dev.signToken(body.citizenId, body.identityLevel));
      if (principal.kind !== 'citizen') throw forbidden('Only citizens sign in to the portal.');
      const name = dev.citizens.find((c) => c.id === principal.citizenId)?.name ?? null;
      const session = await startSession(res, { citizenId: principal.citizenId, identityLevel: principal.identityLevel, name }, 'dev');
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(toSessionBody(session));
    })
    .all(methodNotAllowed);

  const codesOf = (req: Request) => (req.query as { codes?: string }).codes?.split(',');
  router
    .route('/agencies')
    .get(validateQuery('portal/directory-query'), async (req, res) => {
      await requireSession(req);
      res.json({ items: await deps.directory.agencies({ codes: codesOf(req), q: (req.query as { q?: string }).q }) });
    })
    .all(methodNotAllowed);

  router
    .route('/procedures')
    .get(validateQuery('portal/directory-query'), async (req, res) => {
      await requireSession(req);
      res.json({ items: await deps.directory.procedures({ codes: codesOf(req), q: (req.query as { q?: string }).q }) });
    })
    .all(methodNotAllowed);

  // The pages themselves: plain files, revalidated on every load so a new release shows at once.
  router.use(express.static(ASSETS_DIR, { index: 'index.html', cacheControl: true, maxAge: 0, etag: true }));
  return router;
}

/**
 * The provider's redirect lands here; the page moves on to the portal by itself (meta refresh, as
 * the policy allows no inline script), and says so in both languages for anyone it does not move.
 */
function handoffPage(next: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0;url=${next}"><title>Motlan – Đang đăng nhập</title><link rel="stylesheet" href="/portal/styles.css"></head>
<body><main><h1>Đang chuyển về cổng thông tin…</h1><p><a href="${next}">Tiếp tục</a> · <a href="${next}" lang="en">Continue</a></p></main></body></html>
`;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function toSessionBody(s: PortalSession) {
  return {
    citizen: { id: s.citizenId, name: s.name, identityLevel: s.identityLevel },
    via: s.via,
    csrfToken: s.csrfToken,
    signedInAt: s.signedInAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
  };
}
