import fc from 'fast-check';
import { findUnstorable, MAX_JSON_DEPTH, unstorableTextRule } from '../../../src/http/unstorable';

const wellFormed = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\u0000'));

describe('text that can be stored as sent', () => {
  it('accepts any well-formed text without NUL, Vietnamese included', () => {
    expect(unstorableTextRule('Nguyễn Thị Thu Hằng 👩‍👧')).toBeUndefined();
    fc.assert(fc.property(wellFormed, (text) => unstorableTextRule(text) === undefined), { seed: 15 });
  });

  it('refuses NUL anywhere in a text', () => {
    fc.assert(fc.property(wellFormed, wellFormed, (a, b) => unstorableTextRule(`${a}\u0000${b}`)?.rule === 'text.nul'), { seed: 15 });
  });

  it.each([['\ud800'], ['Hằng\udfff'], ['\udc00\ud800'], ['a\ud83d']])('refuses the lone surrogate in %j', (text) => {
    expect(unstorableTextRule(text)?.rule).toBe('text.lone_surrogate');
  });
});

describe('findUnstorable', () => {
  it('points at the offending value, key or level, and passes a sound document', () => {
    expect(findUnstorable({ name: 'Trần Văn Phúc', aliases: [{ value: '311234567' }], n: 1e308 }, 'body')).toBeUndefined();
    expect(findUnstorable({ aliases: [{ value: 'a\u0000' }] }, 'body')).toMatchObject({ pointer: '/aliases/0/value', rule: 'text.nul', in: 'body' });
    expect(findUnstorable({ 'a/b': { 'c\ud800': 1 } }, 'body')).toMatchObject({ pointer: '/a~1b/c\ud800', rule: 'text.lone_surrogate' });
    expect(findUnstorable({ k: Infinity }, 'body')).toMatchObject({ pointer: '/k', rule: 'number.finite' });
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more, without recursion even 100,000 deep`, () => {
    const nest = (levels: number) => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = [v];
      return v;
    };
    expect(findUnstorable(nest(MAX_JSON_DEPTH), 'body')).toBeUndefined();
    expect(findUnstorable(nest(MAX_JSON_DEPTH + 1), 'body')).toMatchObject({ rule: 'maxDepth' });
    expect(findUnstorable(nest(100_000), 'body')).toMatchObject({ rule: 'maxDepth' });
  });
});
