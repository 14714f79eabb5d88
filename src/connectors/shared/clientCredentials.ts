import { validatorFor } from '../../http/schemaRegistry';
import type { Clock } from './clock';
import { RegistryAnswerInvalid, type RegistryName } from './registryErrors';
import { RegistryHttpError } from './registryHttpError';
import { registryExchange } from './registryTransport';

export interface ClientCredentialsOptions {
  registry: RegistryName;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
}

export interface ClientCredentials {
  /** A valid access token, fetched only when none is cached or the cached one is about to expire. */
  token(signal: AbortSignal): Promise<string>;
  /** Forgets a token the registry refused, so the next call fetches a new one. */
  invalidate(token: string): void;
}

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
}

/**
 * OAuth 2.0 client-credentials grant (RFC 6749 §4.4), client authenticated with HTTP Basic
 * (§2.3.1, which every server must accept). Concurrent callers share one request for a token.
 */
export function clientCredentials({ registry, tokenUrl, clientId, clientSecret, clock }: ClientCredentialsOptions): ClientCredentials {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const validate = validatorFor('registry/token-response');
  // RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are Base64-encoded.
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');

  const fetchToken = async (signal: AbortSignal): Promise<string> => {
    const requestedAt = clock.now().getTime();
    const response = await registryExchange(tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials',
      signal,
    });
    if (!response.ok) {
      await response.discard();
      throw new RegistryHttpError(response.status, response.retryAfter, 'token endpoint');
    }
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      throw new RegistryAnswerInvalid(registry, ['token answer is not JSON']);
    }
    if (!validate(body)) throw new RegistryAnswerInvalid(registry, (validate.errors ?? []).map((e) => `token ${e.instancePath} ${e.message}`));
    const answer = body as TokenAnswer;
    if (answer.token_type.toLowerCase() !== 'bearer') throw new RegistryAnswerInvalid(registry, [`token type ${answer.token_type} is not Bearer`]);
    // Renew a little early, measured from when we asked: the token's clock started at the server.
    const lifetimeMs = answer.expires_in * 1000;
    cached = { token: answer.access_token, refreshAt: requestedAt + lifetimeMs - Math.min(30_000, lifetimeMs / 10) };
    return answer.access_token;
  };

  return {
    token(signal) {
      if (cached && clock.now().getTime() < cached.refreshAt) return Promise.resolve(cached.token);
      inFlight ??= fetchToken(signal).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
