import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses Motlan refuses to send a webhook to (server-side request forgery). Two sets:
 * addresses no receiver can have, refused everywhere, and this machine's own networks, refused
 * unless WEBHOOK_ALLOW_HTTP (development and tests, where receivers run on this machine). Private
 * IPv4 ranges (10/8, 172.16/12, 192.168/16) are allowed: one-stop systems live on government
 * intranets. The same rules judge an address written in the URL and every address a host name
 * resolves to at delivery.
 */
export interface AddressPolicy {
  allowHttp: boolean;
}

interface Rule {
  family: 'ipv4' | 'ipv6';
  network: string;
  prefix: number;
  /** Finishes "must not name …" and "resolves to …". */
  what: string;
  /** Refused even with WEBHOOK_ALLOW_HTTP. */
  always: boolean;
}

// The more specific rule comes first: a metadata address inside a range refused only in production.
const RULES: Rule[] = [
  { family: 'ipv6', network: '::ffff:0:0', prefix: 96, what: 'an IPv4-mapped IPv6 address', always: true },
  { family: 'ipv6', network: '64:ff9b::', prefix: 96, what: 'a NAT64 address (64:ff9b::/96)', always: true },
  { family: 'ipv6', network: '64:ff9b:1::', prefix: 48, what: 'a local-use NAT64 address (64:ff9b:1::/48)', always: true },
  { family: 'ipv6', network: '2002::', prefix: 16, what: 'a 6to4 address, which embeds an IPv4 address', always: true },
  { family: 'ipv6', network: '2001::', prefix: 32, what: 'a Teredo address, which embeds an IPv4 address', always: true },
  { family: 'ipv6', network: 'fd00:ec2::254', prefix: 128, what: 'a cloud metadata address', always: true },
  { family: 'ipv6', network: '::1', prefix: 128, what: 'a loopback address', always: false },
  { family: 'ipv6', network: '::', prefix: 96, what: 'an unspecified or IPv4-compatible address', always: true },
  { family: 'ipv6', network: 'ff00::', prefix: 8, what: 'a multicast address', always: true },
  { family: 'ipv6', network: 'fe80::', prefix: 10, what: 'a link-local address', always: false },
  { family: 'ipv6', network: 'fec0::', prefix: 10, what: 'a site-local address', always: false },
  { family: 'ipv6', network: 'fc00::', prefix: 7, what: 'a unique-local address', always: false },
  { family: 'ipv4', network: '169.254.169.254', prefix: 32, what: 'a cloud metadata address', always: true },
  { family: 'ipv4', network: '100.100.100.200', prefix: 32, what: 'a cloud metadata address', always: true },
  { family: 'ipv4', network: '192.0.0.192', prefix: 32, what: 'a cloud metadata address', always: true },
  { family: 'ipv4', network: '0.0.0.0', prefix: 8, what: 'an unspecified ("this network") address', always: true },
  { family: 'ipv4', network: '224.0.0.0', prefix: 4, what: 'a multicast address', always: true },
  { family: 'ipv4', network: '240.0.0.0', prefix: 4, what: 'a reserved or broadcast address', always: true },
  { family: 'ipv4', network: '127.0.0.0', prefix: 8, what: 'a loopback address', always: false },
  { family: 'ipv4', network: '169.254.0.0', prefix: 16, what: 'a link-local address', always: false },
];

const LISTS = RULES.map((rule) => {
  const list = new BlockList();
  list.addSubnet(rule.network, rule.prefix, rule.family);
  return { rule, list };
});

/** Why Motlan refuses this IP address (as "a loopback address"), or undefined when it may be used. */
export function refusedAddress(address: string, policy: AddressPolicy): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const version = isIP(bare);
  if (!version) return 'not an IP address';
  const family = version === 4 ? 'ipv4' : 'ipv6';
  // The first rule that matches decides: ::1 is loopback, not one of the ::/96 forms after it.
  const hit = LISTS.find(({ rule, list }) => rule.family === family && list.check(bare, family));
  return hit && (hit.rule.always || !policy.allowHttp) ? hit.rule.what : undefined;
}

/** Names that stand for this machine whatever DNS says. */
export function refusedHostName(hostname: string, policy: AddressPolicy): string | undefined {
  if (policy.allowHttp) return undefined;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') ? 'localhost' : undefined;
}
