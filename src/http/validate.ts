import type { RequestHandler } from 'express';
import { problem, validationFailed } from './problem';
import { toInvalidParams, validatorFor } from './schemaRegistry';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(headers: Record<string, unknown>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * Checks the JSON body against schemas/<name>.json; a body of another media type is a 415.
 * `optional`: a request without a body is read as `{}` (the contract's `requestBody.required: false`).
 */
export function validateBody(name: string, { optional = false }: { optional?: boolean } = {}): RequestHandler {
  const validate = validatorFor(name, 'body');
  return (req, _res, next) => {
    if (hasBody(req.headers) && !req.is(JSON_TYPES)) {
      throw problem(415, 'unsupported-media-type', 'Unsupported media type', {
        detail: `Send the body as application/json, not ${req.headers['content-type'] ?? 'an unlabelled body'}.`,
        headers: { 'Accept-Post': 'application/json' },
      });
    }
    if (req.body === undefined && optional && !hasBody(req.headers)) req.body = {};
    if (req.body === undefined) {
      throw validationFailed([{ in: 'body', pointer: '/', rule: 'required', message: 'a JSON body is required' }]);
    }
    if (!validate(req.body)) throw validationFailed(toInvalidParams(validate.errors, 'body'));
    next();
  };
}

/** Checks (and coerces, e.g. "20" → 20) the query string against schemas/<name>.json. */
export function validateQuery(name: string): RequestHandler {
  const validate = validatorFor(name, 'query');
  return (req, _res, next) => {
    // Express 5's req.query is a getter; validate a copy and expose the coerced one.
    const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    if (!validate(query)) throw validationFailed(toInvalidParams(validate.errors, 'query'));
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true });
    next();
  };
}
