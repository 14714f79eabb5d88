import fc from 'fast-check';
import { refusedAddress } from '../../../src/webhooks/receiverAddress';
import { guardedLookup, type ResolvedAddress } from '../../../src/webhooks/receiverConnection';

// Addresses are generated: any host inside a refused range, written the way URL parsing and
// resolvers write it, and any host outside them. Seeded, so a failure repeats.
const runs = { seed: 15, numRuns: 200 };
const production = { allowHttp: false };
const development = { allowHttp: true };

/** An address in network/prefix, the rest of its bits random, in the canonical compressed form. */
function inNetwork(family: 4 | 6, network: string, prefix: number): fc.Arbitrary<string> {
  const bits = family === 4 ? 32 : 128;
  const base = toBigInt(family, network);
  const hostBits = BigInt(bits - prefix);
  return fc.bigInt({ min: 0n, max: (1n << hostBits) - 1n }).map((host) => fromBigInt(family, ((base >> hostBits) << hostBits) | host));
}

function toBigInt(family: 4 | 6, address: string): bigint {
  if (family === 4) return address.split('.').reduce((n, octet) => (n << 8n) | BigInt(octet), 0n);
  const [head, tail = ''] = address.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const all = [...groups(head!), ...Array(8 - groups(head!).length - groups(tail).length).fill('0'), ...groups(tail)];
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function fromBigInt(family: 4 | 6, n: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => ((n >> s) & 0xffffn).toString(16));
  // WHATWG URL parsing gives the canonical text form, as a receiver URL's host arrives.
  return new URL(`http://[${groups.join(':')}]/`).hostname.replace(/^\[|\]$/g, '');
}

describe('addresses refused everywhere: no receiver has one', () => {
  it.each([
    [6, '::ffff:0:0', 96, 'an IPv4-mapped IPv6 address'],
    [6, '64:ff9b::', 96, 'a NAT64 address'],
    [6, '64:ff9b:1::', 48, 'a local-use NAT64 address'],
    [6, 'ff00::', 8, 'a multicast address'],
    [6, '2002::', 16, 'a 6to4 address'],
    [6, '2001::', 32, 'a Teredo address'],
    [4, '224.0.0.0', 4, 'a multicast address'],
    [4, '240.0.0.0', 4, 'a reserved or broadcast address'],
    [4, '0.0.0.0', 8, 'an unspecified'],
  ] as const)('IPv%s %s/%s: %s', (family, network, prefix, what) => {
    fc.assert(
      fc.property(inNetwork(family, network, prefix), (address) => {
        expect(refusedAddress(address, production)).toContain(what);
        expect(refusedAddress(address, development)).toContain(what);
      }),
      runs,
    );
  });

  it('the cloud metadata endpoints, however written', () => {
    for (const address of ['169.254.169.254', '100.100.100.200', '192.0.0.192', 'fd00:ec2::254', 'fd00:ec2:0:0:0:0:0:254', '[fd00:ec2::254]']) {
      expect(refusedAddress(address, development)).toBe('a cloud metadata address');
    }
  });

  it('an IPv4-mapped address is refused whatever it maps to, public ones included', () => {
    fc.assert(
      fc.property(inNetwork(4, '0.0.0.0', 0), (v4) => {
        expect(refusedAddress(`::ffff:${v4}`, production)).toBe('an IPv4-mapped IPv6 address');
        expect(refusedAddress(`64:ff9b::${v4}`, development)).toContain('NAT64');
      }),
      runs,
    );
  });
});

describe('addresses of this machine and its networks: refused outside development', () => {
  it.each([
    [4, '127.0.0.0', 8, 'a loopback address'],
    [4, '169.254.0.0', 16, 'a link-local address'],
    [6, 'fe80::', 10, 'a link-local address'],
    [6, 'fec0::', 10, 'a site-local address'],
    [6, 'fc00::', 7, 'a unique-local address'],
  ] as const)('IPv%s %s/%s: %s', (family, network, prefix, what) => {
    fc.assert(
      fc.property(inNetwork(family, network, prefix), (address) => {
        // fd00:ec2::254 sits in fc00::/7, and 169.254.169.254 in 169.254/16: refused everywhere.
        if (['fd00:ec2::254', '169.254.169.254'].includes(address)) return;
        expect(refusedAddress(address, production)).toBe(what);
        expect(refusedAddress(address, development)).toBeUndefined();
      }),
      runs,
    );
  });

  it('::1 is loopback', () => {
    expect(refusedAddress('::1', production)).toBe('a loopback address');
    expect(refusedAddress('::1', development)).toBeUndefined();
  });
});

describe('addresses a receiver may have', () => {
  it('public IPv4 and IPv6 addresses, and the private IPv4 ranges of government intranets', () => {
    const publicV4 = inNetwork(4, '0.0.0.0', 0).filter((a) => !/^(0|127|169\.254|22[4-9]|2[3-5]\d|100\.100\.100\.200|192\.0\.0\.192)\b/.test(a) && !a.startsWith('169.254.'));
    const globalV6 = inNetwork(6, '2000::', 3).filter((a) => !/^(2002|2001:0?:|2001::)/.test(a) && !a.startsWith('2001:0:'));
    fc.assert(
      fc.property(fc.oneof(publicV4, globalV6, inNetwork(4, '10.0.0.0', 8), inNetwork(4, '172.16.0.0', 12), inNetwork(4, '192.168.0.0', 16)), (address) => {
        expect(refusedAddress(address, production)).toBeUndefined();
      }),
      runs,
    );
  });
});

describe('the lookup a delivery connects with (DNS rebinding)', () => {
  const lookupOnce = (answer: ResolvedAddress[], options: { all?: boolean; family?: number } = {}) =>
    new Promise<{ error: (Error & { code?: string }) | null; address: unknown }>((resolve) =>
      guardedLookup(production, async () => answer)('receiver.xamyphong.dongthap.gov.vn', options, (error, address) => resolve({ error, address })),
    );

  it('when every answer is allowed, then the socket gets exactly those answers', async () => {
    const answer = [{ address: '103.21.148.10', family: 4 }, { address: '2401:d800:1::10', family: 6 }];
    expect(await lookupOnce(answer, { all: true })).toEqual({ error: null, address: answer });
    expect(await lookupOnce(answer, { family: 6 })).toEqual({ error: null, address: '2401:d800:1::10' });
  });

  it.each([
    [[{ address: '127.0.0.1', family: 4 }], 'a loopback address'],
    [[{ address: '103.21.148.10', family: 4 }, { address: '169.254.169.254', family: 4 }], 'a cloud metadata address'],
    [[{ address: 'fd00:ec2::254', family: 6 }], 'a cloud metadata address'],
    [[{ address: '::ffff:10.0.0.1', family: 6 }], 'an IPv4-mapped IPv6 address'],
    [[{ address: '64:ff9b::a9fe:a9fe', family: 6 }], 'a NAT64 address (64:ff9b::/96)'],
  ])('when the answer holds a refused address (%j), then the connection is refused before it is made', async (answer, what) => {
    const { error } = await lookupOnce(answer, { all: true });
    expect(error).toMatchObject({ name: 'ReceiverAddressRefused', message: `the receiver's host name resolves to ${what}: refused` });
  });
});
