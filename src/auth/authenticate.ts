import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { forbidden, problem, unauthorized } from '../http/problem';
import type { AgencyRole, CitizenPrincipal, Principal } from './principal';
import type { TokenCredential, VerifyToken } from './tokenVerifier';

/**
 * The citizen portal's session cookie, as the portal reads it (src/portal): the citizen and the CSRF
 * token bound to that session; `invalid` for a cookie that is there but expired or forged.
 */
export type SessionAuth = (req: Request) => Promise<{ principal: CitizenPrincipal; csrfToken: string } | 'invalid' | undefined>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Every /v1 route needs a verified bearer token, or the portal's session cookie; the principal is
 * attached to the request. A bearer token wins when both are sent. A browser sends the cookie by
 * itself, so a cookie alone never authorises a change: unsafe methods must also echo the session's
 * CSRF token in a header, which another site's page cannot read. A revoked token (its jti, or the
 * issuer key that signed it) is refused like an invalid one.
 */
export function authenticate(verify: VerifyToken, sessions?: SessionAuth, isRevoked?: (credential: TokenCredential) => Promise<boolean>): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header && sessions) {
      const session = await sessions(req);
      if (session === 'invalid') throw unauthorized('Your portal session has ended: sign in again.');
      if (session) {
        if (!SAFE_METHODS.has(req.method) && !csrfTokenMatches(req.headers[CSRF_HEADER], session.csrfToken)) {
          throw problem(403, 'csrf-token-invalid', 'CSRF token missing or wrong', {
            detail: `A change made with the portal's session cookie must carry the session's CSRF token in the ${CSRF_HEADER} header.`,
          });
        }
        req.principal = session.principal;
        next();
        return;
      }
    }
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header) : null;
    if (!match) throw unauthorized(header ? 'Send the token as "Authorization: Bearer <token>".' : 'A bearer token is required.');
    const { principal, credential } = await verify(match[1]!);
    // Checked on every request, cached tokens too: revocation must not wait for the token's expiry.
    if (isRevoked && (await isRevoked(credential))) throw unauthorized('The token has been revoked.');
    req.principal = principal;
    next();
  };
}

/** Constant-time, so the comparison does not tell an attacker how much of a guess was right. */
export function csrfTokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface AccessRule {
  /** Agency clients holding all of these roles may call the route. */
  agency?: AgencyRole[];
  citizen?: boolean;
  operator?: boolean;
}

export function allows(rule: AccessRule, p: Principal): boolean {
  switch (p.kind) {
    case 'agency':
      return rule.agency !== undefined && rule.agency.every((role) => p.roles.includes(role));
    case 'citizen':
      return rule.citizen === true;
    case 'operator':
      return rule.operator === true;
  }
}

/** A route declares who may call it; anyone else gets 403 naming what was missing. */
export function authorize(rule: AccessRule): RequestHandler {
  return (req, _res, next) => {
    const p = req.principal;
    if (!p) throw unauthorized('A bearer token is required.');
    if (!allows(rule, p)) {
      const needs = [
        rule.agency ? `an agency client with role(s) ${rule.agency.join(', ')}` : undefined,
        rule.citizen ? 'a citizen' : undefined,
        rule.operator ? 'an operator' : undefined,
      ].filter(Boolean);
      throw forbidden(`This route is for ${needs.join(' or ')}.`);
    }
    next();
  };
}

/** Narrows req.principal for handlers behind authorize(). */
export function principalOf<K extends Principal['kind']>(p: Principal | undefined, kind: K): Extract<Principal, { kind: K }> | undefined {
  return p?.kind === kind ? (p as Extract<Principal, { kind: K }>) : undefined;
}
