import { randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { derivedKey } from '../keys/derivedKey';
import type { SigningKey } from '../keys/keyFile';

/** What the portal's cookie carries: who signed in, how, and the CSRF token bound to this session. */
export interface PortalSession {
  /** Random; its hash is the session's row in portal_sessions, which sign-out ends for every instance. */
  id: string;
  citizenId: string;
  identityLevel: 1 | 2;
  /** As the identity provider (or the simulated population) gave it; null when it gave none. */
  name: string | null;
  via: 'oidc' | 'dev';
  csrfToken: string;
  signedInAt: Date;
  expiresAt: Date;
}

/** The half-finished provider sign-in: kept in its own short-lived cookie until the callback. */
export interface SignInTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const AUDIENCE = 'motlan-portal';
const SESSION_TYP = 'motlan-portal-session+jwt';
const TRANSACTION_TYP = 'motlan-portal-signin+jwt';
export const TRANSACTION_MINUTES = 10;
/** However active the citizen, a sign-in lasts at most this long; then the provider is asked again. */
export const MAX_SIGN_IN_HOURS = 12;

export const randomToken = () => randomBytes(32).toString('base64url');

/**
 * The session key: PORTAL_SESSION_KEY when configured, otherwise derived (HKDF) from Motlan's
 * signing key, so every instance sharing that key file reads the same cookies and a restart signs
 * nobody out; the label keeps the derived key useless for anything but sealing portal cookies.
 */
export function portalSessionKey(configured: Uint8Array | undefined, signingKey: SigningKey): Uint8Array {
  return configured ?? derivedKey(signingKey, 'motlan-portal-session/1');
}

/**
 * Keys that open cookies sealed before a signing-key rotation (SIGNING_KEY_RETIRED_FILES), so the
 * rotation signs no citizen out; none when PORTAL_SESSION_KEY is set, since it does not rotate.
 */
export function previousPortalSessionKeys(configured: Uint8Array | undefined, retired: SigningKey[]): Uint8Array[] {
  return configured ? [] : retired.map((k) => portalSessionKey(undefined, k));
}

/**
 * The session's cookie: an encrypted JWT (dir + A256GCM), http-only. Encrypted, not only signed,
 * because it carries a personal ID and the CSRF token; expiry is inside it, so a copied cookie dies
 * on time even if the browser keeps it. Whether the session is still open (not signed out) is
 * the database's to say: see portalSessionStore.
 */
export function sessionSealer({ key, previousKeys = [], minutes, clock = () => new Date() }: { key: Uint8Array; previousKeys?: Uint8Array[]; minutes: number; clock?: () => Date }) {
  const seal = (claims: Record<string, unknown>, typ: string, lifetimeSeconds: number) => {
    const now = Math.floor(clock().getTime() / 1000);
    return new EncryptJWT(claims)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ })
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .encrypt(key);
  };
  const open = async (value: string, typ: string) => {
    for (const candidate of [key, ...previousKeys]) {
      const payload = await openWith(candidate, value, typ);
      if (payload) return payload;
    }
    return undefined;
  };
  const openWith = async (candidate: Uint8Array, value: string, typ: string) => {
    try {
      const { payload } = await jwtDecrypt(value, candidate, {
        audience: AUDIENCE,
        typ,
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        requiredClaims: ['exp'],
        currentDate: clock(),
      });
      return payload;
    } catch {
      return undefined;
    }
  };

  return {
    lifetimeSeconds: minutes * 60,

    /** A new session, or (given the current one) the same session with its expiry pushed back. */
    async sealSession(who: Pick<PortalSession, 'citizenId' | 'identityLevel' | 'name' | 'via'>, current?: PortalSession): Promise<{ value: string; session: PortalSession }> {
      const id = current?.id ?? randomToken();
      const csrfToken = current?.csrfToken ?? randomToken();
      const signedInAt = current?.signedInAt ?? new Date(Math.floor(clock().getTime() / 1000) * 1000);
      const lifetime = Math.min(minutes * 60, Math.floor((signedInAt.getTime() + MAX_SIGN_IN_HOURS * 3_600_000 - clock().getTime()) / 1000));
      const claims = { sid: id, sub: who.citizenId, lvl: who.identityLevel, name: who.name, via: who.via, csrf: csrfToken, sia: signedInAt.getTime() / 1000 };
      const value = await seal(claims, SESSION_TYP, lifetime);
      return { value, session: { id, citizenId: who.citizenId, identityLevel: who.identityLevel, name: who.name, via: who.via, csrfToken, signedInAt, expiresAt: new Date(Math.floor(clock().getTime() / 1000 + lifetime) * 1000) } };
    },

    async openSession(value: string): Promise<PortalSession | undefined> {
      const p = await open(value, SESSION_TYP);
      if (!p || typeof p.sid !== 'string' || typeof p.sub !== 'string' || (p.lvl !== 1 && p.lvl !== 2) || typeof p.csrf !== 'string' || (p.via !== 'oidc' && p.via !== 'dev') || typeof p.sia !== 'number') return undefined;
      return {
        id: p.sid,
        citizenId: p.sub,
        identityLevel: p.lvl,
        name: typeof p.name === 'string' ? p.name : null,
        via: p.via,
        csrfToken: p.csrf,
        signedInAt: new Date(p.sia * 1000),
        expiresAt: new Date(p.exp! * 1000),
      };
    },

    sealTransaction: (t: SignInTransaction) => seal({ ...t }, TRANSACTION_TYP, TRANSACTION_MINUTES * 60),

    async openTransaction(value: string): Promise<SignInTransaction | undefined> {
      const p = await open(value, TRANSACTION_TYP);
      if (!p || typeof p.state !== 'string' || typeof p.nonce !== 'string' || typeof p.codeVerifier !== 'string') return undefined;
      return { state: p.state, nonce: p.nonce, codeVerifier: p.codeVerifier };
    },
  };
}
export type SessionSealer = ReturnType<typeof sessionSealer>;

