import type { RequestHandler } from 'express';

/**
 * Headers for the pages Motlan serves (the portal, /docs): scripts and everything else from this
 * origin only, never framed, no referrer. Each page names only where it needs more.
 */
export function pageHeaders(sources: { style: string; img: string }): RequestHandler {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${sources.style}`,
    `img-src ${sources.img}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
}
