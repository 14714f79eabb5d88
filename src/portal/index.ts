import type { Router } from 'express';
import type { SessionAuth } from '../auth/authenticate';
import type { VerifyToken } from '../auth/tokenVerifier';
import type { PortalConfig } from '../config';
import type { Database } from '../db/database';
import type { SigningKey } from '../keys/keyFile';
import { portalCookies, readCookie } from './cookies';
import { directoryStore } from './directory.store';
import { oidcClient } from './oidc';
import { portalRoutes, type DevSignIn, type PortalSessions } from './portal.routes';
import { portalSessionStore } from './portalSessions.store';
import { MAX_SIGN_IN_HOURS, portalSessionKey, previousPortalSessionKeys, sessionSealer } from './session';

export type { DevSignIn } from './portal.routes';

/** What buildApp needs to serve the portal; main.ts assembles it from the configuration. */
export interface PortalDeps {
  config: PortalConfig;
  /** Decides the cookies' Secure flag and __Host- prefix: https or not. */
  publicUrl: string;
  /** Present only while the local development issuer is on. */
  devSignIn: DevSignIn | undefined;
  fetch?: typeof fetch;
  clock?: () => Date;
}

/** No provider, no development sign-in, and cookies that would be Secure: what a caller gets by not choosing. */
export const PORTAL_WITHOUT_SIGN_IN: PortalDeps = Object.freeze({
  config: Object.freeze({ sessionKey: undefined, sessionMinutes: 30, oidc: undefined }),
  publicUrl: 'https://localhost',
  devSignIn: undefined,
});

/**
 * The portal's routes under /portal, and how /v1 recognises its session cookie. The portal's pages
 * call the documented /v1 citizen routes with that cookie; nothing here duplicates them.
 */
export function portalFeature(deps: PortalDeps & { db: Database; verifyToken: VerifyToken; signingKey: SigningKey; retiredSigningKeys: SigningKey[] }): { router: Router; sessionAuth: SessionAuth } {
  const clock = deps.clock ?? (() => new Date());
  const sealer = sessionSealer({
    key: portalSessionKey(deps.config.sessionKey, deps.signingKey),
    previousKeys: previousPortalSessionKeys(deps.config.sessionKey, deps.retiredSigningKeys),
    minutes: deps.config.sessionMinutes,
    clock,
  });
  const store = portalSessionStore(deps.db);
  const sessions: PortalSessions = {
    ...sealer,
    sealSession: async (who, current) => {
      const sealed = await sealer.sealSession(who, current);
      if (!current) await store.open(sealed.session.id, sealed.session.signedInAt, new Date(sealed.session.signedInAt.getTime() + MAX_SIGN_IN_HOURS * 3_600_000));
      return sealed;
    },
    // A session the development sign-in made is worth nothing once that sign-in is off; one signed
    // out (on any instance) is worth nothing at all, however valid its cookie still looks.
    openSession: async (value) => {
      const session = await sealer.openSession(value);
      if (!session || (session.via === 'dev' && !deps.devSignIn)) return undefined;
      return (await store.isOpen(session.id)) ? session : undefined;
    },
    endSession: (id) => store.signOut(id, clock()),
  };
  const cookies = portalCookies(deps.publicUrl);
  const oidc = deps.config.oidc;
  const router = portalRoutes({
    sessions,
    cookies,
    verifyToken: deps.verifyToken,
    directory: directoryStore(deps.db),
    oidc: oidc ? { client: oidcClient(oidc, { clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) }), displayName: oidc.displayName } : undefined,
    devSignIn: deps.devSignIn,
    clock,
  });
  const sessionAuth: SessionAuth = async (req) => {
    const value = readCookie(req, cookies.session);
    if (!value) return undefined;
    const session = await sessions.openSession(value);
    if (!session) return 'invalid';
    return { principal: { kind: 'citizen', citizenId: session.citizenId, identityLevel: session.identityLevel }, csrfToken: session.csrfToken };
  };
  return { router, sessionAuth };
}
