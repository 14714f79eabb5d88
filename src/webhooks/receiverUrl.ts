import { isIP } from 'node:net';

export type ReceiverUrlCheck = { ok: true; url: string } | { ok: false; rule: string; message: string };

/**
 * Whether Motlan may POST to this URL. An agency chooses where Motlan's server sends requests, which
 * is a server-side request forgery risk: without care an agency could point Motlan at its own
 * loopback services or at a cloud metadata endpoint. So the URL must be https (http and the hosts
 * below only with WEBHOOK_ALLOW_HTTP, which configuration refuses in production),
 * carry no credentials, and not name a loopback, link-local or unspecified address. Private ranges
 * (10/8, 172.16/12, 192.168/16) stay allowed: agency one-stop systems live on government intranets.
 * A host name that resolves to a refused address is not caught here; docs/webhooks.md says to
 * restrict Motlan's egress at the network, which is the real defence.
 */
export function checkReceiverUrl(raw: string, { allowHttp }: { allowHttp: boolean }): ReceiverUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, rule: 'url.invalid', message: 'is not an absolute URL' };
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return { ok: false, rule: 'url.scheme', message: allowHttp ? 'must be an http or https URL' : 'must be an https URL' };
  }
  if (url.username || url.password) return { ok: false, rule: 'url.credentials', message: 'must not carry a user name or password; authenticate the sender by its signature' };
  if (!url.hostname) return { ok: false, rule: 'url.host', message: 'must name a host' };
  if (!allowHttp && refusedHost(url.hostname)) return { ok: false, rule: 'url.host', message: 'must not name a loopback, link-local or unspecified address' };
  url.hash = '';
  return { ok: true, url: url.toString() };
}

/** WHATWG URL parsing has already normalised the host: `0x7f.1` arrives here as `127.0.0.1`. */
function refusedHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return refusedIpv4(host);
  if (isIP(host) === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (mapped) return refusedIpv4(mapped.length === 2 ? mapped[1]! : hexPairToIpv4(mapped[1]!, mapped[2]!));
    return host === '::' || host === '::1' || /^fe[89ab][0-9a-f]?:/.test(host);
  }
  return false;
}

function refusedIpv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number, number, number];
  // 0/8 "this network", 127/8 loopback, 169.254/16 link-local (cloud metadata), 224/3 multicast and reserved.
  return a === 0 || a === 127 || (a === 169 && b === 254) || a >= 224;
}

function hexPairToIpv4(high: string, low: string): string {
  const h = parseInt(high, 16);
  const l = parseInt(low, 16);
  return [h >> 8, h & 255, l >> 8, l & 255].join('.');
}
