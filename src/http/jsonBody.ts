import express, { type RequestHandler } from 'express';
import { problem, validationFailed, type Problem } from './problem';
import { findUnstorable } from './unstorable';

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/** body-parser reports most of its failures with a `type`; each maps to the status a client can act on. */
const BODY_PARSER_ERRORS: Record<string, () => Problem> = {
  'entity.parse.failed': () => problem(400, 'malformed-json', 'Malformed JSON', { detail: 'The request body is not valid JSON.' }),
  'entity.too.large': () => problem(413, 'payload-too-large', 'Payload too large', { detail: 'The request body is larger than this endpoint accepts.' }),
  'encoding.unsupported': () => problem(415, 'unsupported-media-type', 'Unsupported content encoding', { detail: 'Send the body uncompressed, or gzip, deflate or br encoded.' }),
  'charset.unsupported': () => problem(415, 'unsupported-media-type', 'Unsupported charset', { detail: 'Send JSON in UTF-8.' }),
  'request.aborted': () => problem(400, 'request-aborted', 'Request aborted', { detail: 'The client closed the request before the body arrived.' }),
};

/**
 * A failure to read the body. Decompression errors come from zlib with no `type`, only body-parser's
 * 400; anything without a client status stays an internal error.
 */
export function bodyProblem(error: { type?: unknown; status?: unknown }, contentEncoding: string | undefined): unknown {
  if (typeof error.type === 'string' && BODY_PARSER_ERRORS[error.type]) return BODY_PARSER_ERRORS[error.type]!();
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    const encoding = (contentEncoding ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      return problem(400, 'malformed-body-encoding', 'Body does not match its Content-Encoding', {
        detail: `The request body is not valid ${encoding} data.`,
        errors: [{ in: 'header', pointer: '/Content-Encoding', rule: 'content-encoding', message: `the body could not be decoded as ${encoding}` }],
      });
    }
    return problem(400, 'malformed-body', 'Unreadable request body', { detail: 'The request body could not be read.' });
  }
  return error;
}

/**
 * express.json with its failures as problems and the storable-text policy: a parsed body holding
 * NUL, a lone surrogate, an overflowed number or hostile depth is refused here, before any route.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: JSON_MEDIA_TYPES });
  return (req, res, next) => {
    // A body parsed by an earlier parser (the larger /documents limit) was checked there.
    if ((req as { _body?: boolean })._body) return next();
    parse(req, res, (error?: unknown) => {
      if (error) return next(bodyProblem(error as { type?: unknown; status?: unknown }, req.headers['content-encoding']));
      const unstorable = req.body === undefined ? undefined : findUnstorable(req.body, 'body');
      if (unstorable) return next(validationFailed([unstorable], 'The request body holds a value that cannot be stored as sent.'));
      next();
    });
  };
}
