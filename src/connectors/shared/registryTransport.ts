import { request } from 'undici';

/** What a registry call needs of an answer: its status, a Retry-After, and its body read or let go. */
export interface RegistryResponse {
  status: number;
  /** A 2xx. */
  ok: boolean;
  retryAfter: string | null;
  text(): Promise<string>;
  /** Reads the body to its end without keeping it, so the connection goes back to the pool. */
  discard(): Promise<void>;
}

/**
 * One HTTP exchange with a registry, over undici's `request` rather than `fetch`: fetch's WHATWG
 * layers (Request, Headers, web streams) were a sixth of Motlan's CPU under prefill load, for two
 * small JSON answers per prefill. Redirects are not followed: an answer that sends elsewhere is
 * the registry's error, and the bearer token goes nowhere else.
 */
export async function registryExchange(url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal: AbortSignal }): Promise<RegistryResponse> {
  const { statusCode, headers, body } = await request(url, { method: init.method, headers: init.headers, body: init.body, signal: init.signal });
  const retryAfter = headers['retry-after'];
  return {
    status: statusCode,
    ok: statusCode >= 200 && statusCode <= 299,
    retryAfter: (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null,
    text: () => body.text(),
    discard: () => body.dump(),
  };
}

// Failures of the connection itself (refused, reset, unresolved, closed mid-answer, undici's own
// connect, header and body timeouts), told by code: errors made in Node's realm fail instanceof
// inside jest's sandbox.
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
]);

export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}
