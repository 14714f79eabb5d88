import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { refusedAddress, type AddressPolicy } from './receiverAddress';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name has now; injected in tests, which cannot change the machine's DNS. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithSystemDns: ResolveHost = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** A host name whose answer holds a refused address: the attempt fails, and is retried like any other. */
export class ReceiverAddressRefused extends Error {
  override name = 'ReceiverAddressRefused';
  readonly code = 'EADDRREFUSED';
}

/**
 * The socket's own name lookup: it resolves the host name, refuses the whole answer when any address
 * in it is refused, and hands the socket exactly the addresses it checked. Checking here and not
 * before the request is what defeats DNS rebinding: a name cannot answer one address to the check
 * and another to the connection, because there is only one lookup. TLS still verifies the name.
 */
export function guardedLookup(policy: AddressPolicy, resolveHost: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const refused = wanted.map((a) => refusedAddress(a.address, policy)).find(Boolean);
        if (refused) return callback(new ReceiverAddressRefused(`the receiver's host name resolves to ${refused}: refused`), '', 0);
        if (!wanted.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, wanted);
        return callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}

export interface ReceiverPost {
  body: Buffer;
  headers: Record<string, string>;
  signal: AbortSignal;
  policy: AddressPolicy;
  resolveHost: ResolveHost;
}

/**
 * One POST; resolves to the status once the headers arrive. The body is never read: it could hold
 * anything, personal data included. Redirects are not followed (a 3xx is the status), since a
 * redirect could lead where the checks refuse to go.
 */
export function postToReceiver(url: string, post: ReceiverPost): Promise<number> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...post.headers, 'Content-Length': String(post.body.length) },
        signal: post.signal,
        lookup: guardedLookup(post.policy, post.resolveHost),
        // A fresh connection per attempt: a pooled socket would skip the lookup, and with it the check.
        agent: false,
      },
      (response) => {
        response.resume();
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(post.body);
  });
}
