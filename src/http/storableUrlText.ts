import type { RequestHandler } from 'express';
import { validationFailed, type InvalidParam } from './problem';
import { unstorableTextRule } from './unstorable';

/**
 * The storable-text policy for the URL: path segments and query parameters reach queries (codes,
 * `?q=` search text) as text, so %00 is refused here for every route at once. A segment that is not
 * valid %-encoding is left to the router, which answers 400 for a parameter and 404 otherwise.
 */
export const storableUrlText: RequestHandler = (req, _res, next) => {
  const errors: InvalidParam[] = [];
  // The whole path, not the part below the mount: the pointer counts segments as the client wrote them.
  req.originalUrl.split('?')[0]!.split('/').forEach((segment, i) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return;
    }
    const rule = unstorableTextRule(decoded);
    if (rule) errors.push({ in: 'path', pointer: `/${i}`, rule: rule.rule, message: `segment ${i} ${rule.message}` });
  });
  for (const [name, value] of Object.entries(req.query as Record<string, unknown>)) {
    const pointer = `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const nameRule = unstorableTextRule(name);
    if (nameRule) errors.push({ in: 'query', pointer, rule: nameRule.rule, message: `parameter name ${nameRule.message}` });
    const rule = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? unstorableTextRule(v) : undefined)).find(Boolean);
    if (rule) errors.push({ in: 'query', pointer, ...rule });
  }
  if (errors.length) throw validationFailed(errors, 'The request URL holds text that cannot be stored or searched as sent.');
  next();
};
