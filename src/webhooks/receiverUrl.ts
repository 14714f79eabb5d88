import { isIP } from 'node:net';
import { refusedAddress, refusedHostName } from './receiverAddress';

export type ReceiverUrlCheck = { ok: true; url: string } | { ok: false; rule: string; message: string };

/**
 * Whether Motlan may POST to this URL. An agency chooses where Motlan's server sends requests, which
 * is a server-side request forgery risk: without care an agency could point Motlan at its own
 * loopback services or at a cloud metadata endpoint. So the URL must be https (http only with
 * WEBHOOK_ALLOW_HTTP, which configuration refuses in production), carry no credentials, and not
 * name an address receiverAddress.ts refuses. A host name is judged again at every delivery, by
 * what it resolves to then (receiverConnection.ts): that is where DNS rebinding is caught.
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
  // WHATWG URL parsing has already normalised the host: `0x7f.1` arrives here as `127.0.0.1`.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refused = isIP(host) ? refusedAddress(host, { allowHttp }) : refusedHostName(host, { allowHttp });
  if (refused) return { ok: false, rule: 'url.host', message: `must not name ${refused}` };
  url.hash = '';
  return { ok: true, url: url.toString() };
}
