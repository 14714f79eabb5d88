import type { CookieOptions, Request, Response } from 'express';

/**
 * The portal's two cookies. Over https they take the __Host- prefix (Secure, Path=/, no Domain:
 * no subdomain can plant or read them); on plain-http localhost in development they cannot be
 * Secure, so the prefix is dropped too.
 */
export interface PortalCookies {
  secure: boolean;
  session: string;
  signIn: string;
}

export function portalCookies(publicUrl: string): PortalCookies {
  const secure = publicUrl.startsWith('https://');
  const prefix = secure ? '__Host-' : '';
  return { secure, session: `${prefix}motlan-session`, signIn: `${prefix}motlan-signin` };
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// The session cookie is Strict: no other site can make the browser send it. The sign-in cookie must
// survive the provider's redirect back to us (a cross-site top-level GET), so it is Lax, and lives
// only minutes.
const options = (cookies: PortalCookies, sameSite: 'strict' | 'lax', maxAgeSeconds: number): CookieOptions => ({
  httpOnly: true,
  secure: cookies.secure,
  sameSite,
  path: '/',
  maxAge: maxAgeSeconds * 1000,
});

export function setSessionCookie(res: Response, cookies: PortalCookies, value: string, maxAgeSeconds: number): void {
  res.cookie(cookies.session, value, options(cookies, 'strict', maxAgeSeconds));
}

export function setSignInCookie(res: Response, cookies: PortalCookies, value: string, maxAgeSeconds: number): void {
  res.cookie(cookies.signIn, value, options(cookies, 'lax', maxAgeSeconds));
}

export function clearCookie(res: Response, cookies: PortalCookies, name: string): void {
  const { maxAge: _maxAge, ...rest } = options(cookies, name === cookies.session ? 'strict' : 'lax', 0);
  res.clearCookie(name, rest);
}
