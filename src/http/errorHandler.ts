import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { Problem, problem } from './problem';

/** body-parser reports its failures with a `type`; each maps to the status a client can act on. */
const BODY_PARSER_ERRORS: Record<string, () => Problem> = {
  'entity.parse.failed': () => problem(400, 'malformed-json', 'Malformed JSON', { detail: 'The request body is not valid JSON.' }),
  'entity.too.large': () => problem(413, 'payload-too-large', 'Payload too large', { detail: 'The request body is larger than this endpoint accepts.' }),
  'encoding.unsupported': () => problem(415, 'unsupported-media-type', 'Unsupported content encoding', { detail: 'Send the body uncompressed or gzip/deflate encoded.' }),
  'charset.unsupported': () => problem(415, 'unsupported-media-type', 'Unsupported charset', { detail: 'Send JSON in UTF-8.' }),
  'request.aborted': () => problem(400, 'request-aborted', 'Request aborted', { detail: 'The client closed the request before the body arrived.' }),
};

export const notFoundHandler: RequestHandler = (req) => {
  throw problem(404, 'not-found', 'Not found', { detail: `No route ${req.method} ${req.path}.` });
};

/** For `router.route(path)….all(methodNotAllowed)`: the route knows which methods it has. */
export const methodNotAllowed: RequestHandler = (req) => {
  const methods = Object.keys((req.route as { methods: Record<string, boolean> }).methods)
    .filter((m) => m !== '_all')
    .map((m) => m.toUpperCase());
  if (methods.includes('GET')) methods.push('HEAD');
  throw problem(405, 'method-not-allowed', 'Method not allowed', {
    detail: `${req.method} is not supported here; use ${methods.join(', ')}.`,
    headers: { Allow: methods.join(', ') },
  });
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    let p: Problem;
    if (error instanceof Problem) p = error;
    else if (typeof error?.type === 'string' && BODY_PARSER_ERRORS[error.type]) p = BODY_PARSER_ERRORS[error.type]!();
    else {
      (req.log ?? logger).error({ err: error }, 'unhandled error');
      p = problem(500, 'internal-error', 'Internal server error', {
        detail: 'Something went wrong on our side. Quote the request id when you report it.',
      });
    }
    for (const [name, value] of Object.entries(p.fields.headers ?? {})) res.setHeader(name, value);
    res
      .status(p.status)
      .type('application/problem+json')
      .json({
        type: p.type,
        title: p.title,
        status: p.status,
        ...(p.fields.detail ? { detail: p.fields.detail } : {}),
        instance: req.originalUrl.split('?')[0],
        requestId: req.id,
        ...(p.fields.errors ? { errors: p.fields.errors } : {}),
        ...p.fields.extensions,
      });
  };
}
