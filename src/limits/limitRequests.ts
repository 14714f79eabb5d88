import type { Request, RequestHandler } from 'express';
import type { Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import type { Limiter } from './rateLimiters';

/** The caller's address as express sees it: behind a proxy, only with TRUST_PROXY set. */
export const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** One counter per client: an agency's client, an operator, or a citizen (whose ID the limiter hashes). */
export function clientKeyOf(p: Principal): string {
  switch (p.kind) {
    case 'agency':
      return `agency:${p.agencyCode}/${p.clientId}`;
    case 'citizen':
      return `citizen:${p.citizenId}`;
    case 'operator':
      return `operator:${p.operatorId}`;
  }
}

export function limitByAddress(limiter: Limiter): RequestHandler {
  return async (req, _res, next) => {
    await limiter.consume(addressOf(req));
    next();
  };
}

/** After authentication: counts the principal's requests. */
export function limitByClient(limiter: Limiter): RequestHandler {
  return async (req, _res, next) => {
    if (req.principal) await limiter.consume(clientKeyOf(req.principal));
    next();
  };
}

/**
 * Routes whose answer says whether Motlan holds someone. Agency clients are counted: they are who
 * could walk the ID space; operators administer the registry and are held by the per-client limit.
 */
export function limitSubjectLookups(limiter: Limiter): RequestHandler {
  return async (req, _res, next) => {
    if (req.principal?.kind === 'agency') await limiter.consume(clientKeyOf(req.principal));
    next();
  };
}

/**
 * Wraps authentication: an address that has spent its failed attempts gets 429 before its token is
 * even looked at, and every 401 spends one, so guessing tokens or session cookies stays slow.
 */
export function guardAuthentication(failures: Limiter, authenticate: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    const address = addressOf(req);
    await failures.check(address);
    try {
      await authenticate(req, res, next);
    } catch (error) {
      if (error instanceof Problem && error.status === 401) await failures.consume(address);
      throw error;
    }
  };
}
