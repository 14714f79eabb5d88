import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { Problem, problem, validationFailed } from './problem';

/**
 * Errors the framework raises for a bad request (the router's 400 for a path parameter that is not
 * valid %-encoded UTF-8, http-errors with a 4xx status): the client's fault, never a 500.
 */
function frameworkProblem(error: unknown): Problem | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (error instanceof URIError) {
    return validationFailed([{ in: 'path', pointer: '/', rule: 'encoding', message: 'a path segment is not valid %-encoded UTF-8' }], 'The request path cannot be decoded.');
  }
  return problem(status, 'bad-request', 'Bad request', { detail: 'The request could not be read.' });
}

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
    let p = error instanceof Problem ? error : frameworkProblem(error);
    if (!p) {
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
