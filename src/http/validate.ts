import type { RequestHandler } from 'express';
import { JSON_MEDIA_TYPES } from './jsonBody';
import { problem, validationFailed, type InvalidParam } from './problem';
import { toInvalidParams, validatorFor } from './schemaRegistry';


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
    if (hasBody(req.headers) && !req.is(JSON_MEDIA_TYPES)) {
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

// ajv coerces whatever Number() accepts: "Infinity", "1e309", "0x10", " 5". A query number is written
// in plain decimals, so nothing reaches a LIMIT or a date as Infinity.
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

function notDecimal(sent: Record<string, unknown>, coerced: Record<string, unknown>): InvalidParam[] {
  return Object.entries(coerced)
    .filter(([name, value]) => typeof value === 'number' && typeof sent[name] === 'string' && !DECIMAL.test(sent[name] as string))
    .map(([name]) => ({ in: 'query', pointer: `/${name}`, rule: 'type', message: 'must be a number in plain decimal digits' }));
}

/** Checks (and coerces, e.g. "20" → 20) the query string against schemas/<name>.json. */
export function validateQuery(name: string): RequestHandler {
  const validate = validatorFor(name, 'query');
  return (req, _res, next) => {
    // Express 5's req.query is a getter; validate a copy and expose the coerced one.
    const sent = req.query as Record<string, unknown>;
    const query: Record<string, unknown> = { ...sent };
    if (!validate(query)) throw validationFailed(toInvalidParams(validate.errors, 'query'));
    const undecimal = notDecimal(sent, query);
    if (undecimal.length) throw validationFailed(undecimal);
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true });
    next();
  };
}
