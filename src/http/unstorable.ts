import type { InvalidParam } from './problem';

/**
 * Free-form objects (registry snapshots, document fields) are stored as jsonb and walked by
 * recursive code on the way (validation, canonical JSON, the database's own parser): nothing a
 * client sends needs more levels than this.
 */
export const MAX_JSON_DEPTH = 32;

// A NUL (PostgreSQL's text and jsonb refuse 0x00) or a UTF-16 surrogate without its pair (it has no
// UTF-8 form: stored as U+FFFD, the value would no longer equal what the client sent and signed).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text cannot be stored as it was sent, or undefined when it can. */
export function unstorableTextRule(text: string): Pick<InvalidParam, 'rule' | 'message'> | undefined {
  if (text.includes('\u0000')) return { rule: 'text.nul', message: 'must not contain the NUL character (U+0000)' };
  if (LONE_SURROGATE.test(text)) return { rule: 'text.lone_surrogate', message: 'must be valid Unicode: a lone UTF-16 surrogate has no UTF-8 form' };
  return undefined;
}

/**
 * The first value in a parsed JSON document that could not be stored as sent: text with NUL or a
 * lone surrogate (in values and keys), a number JSON overflowed to Infinity (1e309), or nesting
 * deeper than maxDepth. Iterative, so a hostile depth cannot overflow the stack here.
 */
export function findUnstorable(value: unknown, where: NonNullable<InvalidParam['in']>, maxDepth = MAX_JSON_DEPTH): InvalidParam | undefined {
  const pending: Array<{ value: unknown; pointer: string; depth: number }> = [{ value, pointer: '', depth: 0 }];
  while (pending.length) {
    const { value: v, pointer, depth } = pending.pop()!;
    const at = (found: Pick<InvalidParam, 'rule' | 'message'>): InvalidParam => ({ in: where, pointer: pointer || '/', ...found });
    if (typeof v === 'string') {
      const rule = unstorableTextRule(v);
      if (rule) return at(rule);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return at({ rule: 'number.finite', message: 'must be a finite number' });
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) return at({ rule: 'maxDepth', message: `must not nest objects and arrays more than ${maxDepth} levels deep` });
      for (const [key, child] of Object.entries(v)) {
        const childPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const keyRule = unstorableTextRule(key);
        if (keyRule) return { in: where, pointer: childPointer, rule: keyRule.rule, message: `field name ${keyRule.message}` };
        pending.push({ value: child, pointer: childPointer, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
