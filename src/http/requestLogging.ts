import type { RequestHandler } from 'express';
import { maskUrl, type Logger } from '../logger';
import { requestIdOf } from './requestId';

/**
 * Every request gets its id (the caller's X-Request-Id when safe to echo, echoed back) and, once
 * answered, one log line: error for a 5xx, warn for a 4xx, info otherwise, with the id, the method,
 * the masked URL, the status and the time taken. `req.log` is a child logger bound to the request,
 * made only when something logs through it: pino-http made it for every request, serialising and
 * redacting its bindings even when production (LOG_LEVEL=warn) wrote nothing, about 8% of the CPU
 * of a vault read (bench/results/read.md).
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    req.id = requestIdOf(req);
    res.setHeader('X-Request-Id', req.id);
    let child: Logger | undefined;
    // The raw request: inside a mounted router, express has cut the mount path off `url`.
    const log = () => (child ??= logger.child({ req: { id: req.id, method: req.method, url: maskUrl(req.originalUrl ?? req.url) } }));
    Object.defineProperty(req, 'log', { get: log, configurable: true, enumerable: false });
    const answered = () => {
      res.off('finish', answered);
      res.off('close', answered);
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      log()[level]({ res: { statusCode: res.statusCode }, responseTime: Date.now() - started }, res.writableFinished ? 'request completed' : 'request aborted');
    };
    res.on('finish', answered);
    res.on('close', answered);
    next();
  };
}
