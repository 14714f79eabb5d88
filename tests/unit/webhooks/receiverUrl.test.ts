import { checkReceiverUrl } from '../../../src/webhooks/receiverUrl';

const production = { allowHttp: false };
const development = { allowHttp: true };

describe('which receiver URLs Motlan will POST to', () => {
  it('accepts https on a public or intranet host, and drops a fragment', () => {
    expect(checkReceiverUrl('https://motcua.dongthap.gov.vn/motlan/webhooks', production)).toEqual({ ok: true, url: 'https://motcua.dongthap.gov.vn/motlan/webhooks' });
    expect(checkReceiverUrl('https://10.20.1.5:8443/hooks#x', production)).toEqual({ ok: true, url: 'https://10.20.1.5:8443/hooks' });
    expect(checkReceiverUrl('https://192.168.10.4/hooks', production).ok).toBe(true);
  });

  it('refuses http unless the deployment allows it, and other schemes always', () => {
    expect(checkReceiverUrl('http://motcua.dongthap.gov.vn/hooks', production)).toMatchObject({ ok: false, rule: 'url.scheme' });
    expect(checkReceiverUrl('http://motcua.dongthap.gov.vn/hooks', development).ok).toBe(true);
    expect(checkReceiverUrl('ftp://motcua.dongthap.gov.vn/hooks', development)).toMatchObject({ ok: false, rule: 'url.scheme' });
    expect(checkReceiverUrl('file:///etc/passwd', development)).toMatchObject({ ok: false, rule: 'url.scheme' });
    expect(checkReceiverUrl('motcua.dongthap.gov.vn/hooks', development)).toMatchObject({ ok: false, rule: 'url.invalid' });
  });

  it('refuses credentials in the URL: they would be stored and listed back', () => {
    expect(checkReceiverUrl('https://user:secret@motcua.dongthap.gov.vn/hooks', production)).toMatchObject({ ok: false, rule: 'url.credentials' });
  });

  it.each([
    'https://localhost/hooks',
    'https://api.localhost/hooks',
    'https://127.0.0.1/hooks',
    'https://127.8.9.10/hooks',
    'https://2130706433/hooks', // 127.0.0.1 as one number
    'https://0x7f.1/hooks', // 127.0.0.1 in hex shorthand
    'https://[::1]/hooks',
    'https://[fe80::1]/hooks',
    'https://169.254.10.1/hooks',
    'https://[fd12:3456:789a::1]/hooks', // unique-local
    'https://[fec0::1]/hooks', // site-local
  ])('outside development refuses %s (this machine and its networks)', (url) => {
    expect(checkReceiverUrl(url, production)).toMatchObject({ ok: false, rule: 'url.host' });
    // Development receivers run on this machine.
    expect(checkReceiverUrl(url, development).ok).toBe(true);
  });

  it.each([
    ['https://0.0.0.0/hooks', 'an unspecified'],
    ['https://[::]/hooks', 'an unspecified'],
    ['https://169.254.169.254/latest/meta-data', 'a cloud metadata address'], // AWS, GCP, Azure, OpenStack
    ['https://100.100.100.200/latest/meta-data', 'a cloud metadata address'], // Alibaba Cloud
    ['https://[fd00:ec2::254]/latest/meta-data', 'a cloud metadata address'], // AWS over IPv6
    ['https://[::ffff:127.0.0.1]/hooks', 'an IPv4-mapped IPv6 address'],
    ['https://[::ffff:169.254.169.254]/hooks', 'an IPv4-mapped IPv6 address'],
    ['https://[::ffff:8.8.8.8]/hooks', 'an IPv4-mapped IPv6 address'],
    ['https://[64:ff9b::7f00:1]/hooks', 'a NAT64 address'],
    ['https://[::127.0.0.1]/hooks', 'an unspecified or IPv4-compatible address'],
    ['https://[2002:7f00:1::]/hooks', 'a 6to4 address'],
    ['https://224.0.0.1/hooks', 'a multicast address'],
    ['https://[ff02::1]/hooks', 'a multicast address'],
    ['https://[ff05::1:3]/hooks', 'a multicast address'],
    ['https://255.255.255.255/hooks', 'a reserved or broadcast address'],
  ])('refuses %s everywhere, development included: no receiver has %s', (url, what) => {
    for (const settings of [production, development]) {
      const check = checkReceiverUrl(url, settings);
      expect(check).toMatchObject({ ok: false, rule: 'url.host' });
      expect(check.ok || check.message).toContain(what);
    }
  });
});
