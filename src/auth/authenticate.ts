import type { RequestHandler } from 'express';
import { forbidden, unauthorized } from '../http/problem';
import type { AgencyRole, Principal } from './principal';
import type { VerifyToken } from './tokenVerifier';

/** Every /v1 route needs a verified bearer token; the principal is attached to the request. */
export function authenticate(verify: VerifyToken): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header) : null;
    if (!match) throw unauthorized(header ? 'Send the token as "Authorization: Bearer <token>".' : 'A bearer token is required.');
    req.principal = await verify(match[1]!);
    next();
  };
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
