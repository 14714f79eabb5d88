import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../src/config';
import { contentKeysFor, formatContentKeys, parseContentKeys } from '../../../src/keys/contentKeys';

const key = () => randomBytes(32).toString('base64url');

describe('CONTENT_KEYS', () => {
  it('reads id:key pairs, the first active, with or without base64 padding, and writes them back the same', () => {
    const [a, b] = [key(), key()];
    const config = loadConfig({ NODE_ENV: 'test', CONTENT_KEYS: `2027-01:${a}=, 2026-12:${b}` });
    expect(config.contentKeys!.activeId).toBe('2027-01');
    expect([...config.contentKeys!.keys.keys()]).toEqual(['2027-01', '2026-12']);
    expect(Buffer.from(config.contentKeys!.keys.get('2026-12')!).toString('base64url')).toBe(b);
    expect(formatContentKeys(config.contentKeys!)).toBe(`2027-01:${a},2026-12:${b}`);
  });

  it.each([
    ['a key of 16 bytes', `2027-01:${randomBytes(16).toString('base64url')}`, /32 random bytes/],
    ['no id', `:${key()}`, /id:key pairs/],
    ['an id used twice', `k:${key()},k:${key()}`, /"k" twice/],
  ])('refuses %s, without repeating any key', (_what, value, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', CONTENT_KEYS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', CONTENT_KEYS: value })).toThrow(message);
    try {
      loadConfig({ NODE_ENV: 'test', CONTENT_KEYS: value });
    } catch (error) {
      for (const part of value.split(',')) expect((error as Error).message).not.toContain(part.split(':')[1]);
    }
  });

  it('is required to start in production, as SIGNING_KEY_FILE is', () => {
    expect(() => contentKeysFor({ contentKeys: undefined, dataDir: '/nonexistent', env: 'production' })).toThrow(/CONTENT_KEYS is required in production/);
    expect(parseContentKeys(`p:${key()}`)).toMatchObject({ activeId: 'p' });
  });
});
