import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ACCEPTED_ALGORITHMS } from '../auth/tokenVerifier';
import type { OidcConfig } from '../config';
import { parseCitizenId } from '../ids';
import { randomToken, type SignInTransaction } from './session';

/** Why a provider sign-in did not end in a session; the portal shows each in plain words. */
export type SignInFailure = 'cancelled' | 'expired' | 'state_mismatch' | 'provider_unavailable' | 'token_rejected' | 'id_token_invalid' | 'no_citizen_id';

export class SignInError extends Error {
  override name = 'SignInError';
  constructor(
    readonly reason: SignInFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface SignedInCitizen {
  citizenId: string;
  identityLevel: 1 | 2;
  name: string | null;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_methods_supported?: string[];
  code_challenge_methods_supported?: string[];
  end_session_endpoint?: string;
}

const DISCOVERY_TTL_MS = 3_600_000;
const TIMEOUT_MS = 5_000;

/**
 * The portal as an OpenID Connect relying party: authorization code flow with PKCE (S256), state and
 * nonce; the id_token is verified against the provider's JWKS named by its discovery document.
 */
export function oidcClient(config: OidcConfig, deps: { fetch?: typeof fetch; clock?: () => Date } = {}) {
  const fetchFn = deps.fetch ?? fetch;
  const clock = deps.clock ?? (() => new Date());
  let discovered: { at: number; document: Discovery; keys: JWTVerifyGetKey } | undefined;

  async function discovery(): Promise<{ document: Discovery; keys: JWTVerifyGetKey }> {
    if (discovered && clock().getTime() - discovered.at < DISCOVERY_TTL_MS) return discovered;
    const url = `${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: Discovery;
    try {
      const res = await fetchFn(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      document = (await res.json()) as Discovery;
    } catch (error) {
      throw new SignInError('provider_unavailable', `the provider's discovery document could not be read: ${(error as Error).message}`);
    }
    // OpenID Connect Discovery §4.3: the document must name exactly the issuer it was fetched for.
    if (document.issuer !== config.issuer) throw new SignInError('provider_unavailable', `the discovery document names issuer ${document.issuer}, not ${config.issuer}`);
    for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      // The endpoints use the issuer's own scheme: an https issuer (required in production) cannot send the code or tokens over http.
      if (typeof document[name] !== 'string' || !URL.canParse(document[name]) || new URL(document[name]).protocol !== new URL(config.issuer).protocol) {
        throw new SignInError('provider_unavailable', `the discovery document has no usable ${name}`);
      }
    }
    if (document.code_challenge_methods_supported && !document.code_challenge_methods_supported.includes('S256')) {
      throw new SignInError('provider_unavailable', 'the provider does not support PKCE with S256');
    }
    discovered = { at: clock().getTime(), document, keys: createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: TIMEOUT_MS }) };
    return discovered;
  }

  return {
    /** Where to send the browser, and what to remember until it comes back. */
    async start(locale: 'vi' | 'en'): Promise<{ url: string; transaction: SignInTransaction }> {
      const { document } = await discovery();
      const transaction = { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken() };
      const url = new URL(document.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        scope: config.scopes,
        state: transaction.state,
        nonce: transaction.nonce,
        code_challenge: createHash('sha256').update(transaction.codeVerifier).digest('base64url'),
        code_challenge_method: 'S256',
        ui_locales: locale === 'vi' ? 'vi en' : 'en vi',
      }).toString();
      return { url: url.toString(), transaction };
    },

    /** The callback: checks state, redeems the code with the PKCE verifier, verifies the id_token. */
    async finish(query: { code?: string; state?: string; error?: string }, transaction: SignInTransaction | undefined): Promise<SignedInCitizen> {
      if (!transaction) throw new SignInError('expired', 'no sign-in is in progress in this browser (or it took longer than allowed)');
      if (query.state !== transaction.state) throw new SignInError('state_mismatch', 'the state returned by the provider is not the one sent');
      if (query.error) throw new SignInError('cancelled', `the provider answered ${query.error}`);
      if (!query.code) throw new SignInError('token_rejected', 'the provider returned no code');
      const { document, keys } = await discovery();

      const form = new URLSearchParams({ grant_type: 'authorization_code', code: query.code, redirect_uri: config.redirectUri, code_verifier: transaction.codeVerifier, client_id: config.clientId });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      if (config.clientSecret) {
        const methods = document.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
        if (methods.includes('client_secret_basic')) {
          // RFC 6749 §2.3.1: both parts form-encoded before base64.
          headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString('base64')}`;
        } else form.set('client_secret', config.clientSecret);
      }
      let tokens: { id_token?: unknown };
      try {
        const res = await fetchFn(document.token_endpoint, { method: 'POST', headers, body: form.toString(), signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (!res.ok) throw new SignInError('token_rejected', `the token endpoint answered HTTP ${res.status}`);
        tokens = (await res.json()) as { id_token?: unknown };
      } catch (error) {
        if (error instanceof SignInError) throw error;
        throw new SignInError('provider_unavailable', `the token endpoint could not be reached: ${(error as Error).message}`);
      }
      if (typeof tokens.id_token !== 'string') throw new SignInError('token_rejected', 'the token response holds no id_token');

      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(tokens.id_token, keys, {
          issuer: config.issuer,
          audience: config.clientId,
          algorithms: ACCEPTED_ALGORITHMS,
          requiredClaims: ['exp', 'iat', 'sub'],
          clockTolerance: 30,
          currentDate: clock(),
        }));
      } catch (error) {
        throw new SignInError('id_token_invalid', `the id_token does not verify: ${(error as Error).message}`);
      }
      if (claims.nonce !== transaction.nonce) throw new SignInError('id_token_invalid', 'the id_token carries another nonce');
      // OpenID Connect Core §3.1.3.7: with several audiences, azp must name this client.
      if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== config.clientId) throw new SignInError('id_token_invalid', 'the id_token was issued to another party');
      return citizenFrom(claims, config);
    },
  };
}
export type OidcClient = ReturnType<typeof oidcClient>;

/** Maps the provider's claims to a citizen: the configured claims name the ID, the level and the name. */
export function citizenFrom(claims: JWTPayload, config: Pick<OidcConfig, 'citizenIdClaim' | 'identityLevelClaim' | 'nameClaim'>): SignedInCitizen {
  const id = claims[config.citizenIdClaim];
  if (typeof id !== 'string' || !parseCitizenId(id).ok) throw new SignInError('no_citizen_id', `claim ${config.citizenIdClaim} is not a valid 12-digit personal ID`);
  const name = claims[config.nameClaim];
  return { citizenId: id, identityLevel: identityLevelOf(claims[config.identityLevelClaim]), name: typeof name === 'string' && name.trim() ? name.trim().normalize('NFC') : null };
}

/**
 * 2 only when the provider says so plainly (2, "2", or a value ending in 2 such as "loa2"); anything
 * else is level 1, which may look but not release documents (Decree 69/2024).
 */
export function identityLevelOf(value: unknown): 1 | 2 {
  if (value === 2) return 2;
  if (typeof value === 'string' && /(^|[^0-9])2$/.test(value.trim())) return 2;
  return 1;
}
