import type { RequestHandler, Router } from 'express';

/**
 * The first path segments a router serves ('documents' for '/documents/:id'), or null when it may
 * serve any path: a middleware without a path, a pattern, a parameter first. Read off the router's
 * layers (`stack`, `rawPath`: router 2.3, what its own listRoutes reads); a router whose layers
 * cannot be read counts as serving any path, which costs time, never a route.
 */
function firstSegmentsOf(router: Router): Set<string> | null {
  const stack = (router as unknown as { stack?: Array<{ rawPath?: unknown; route?: unknown; handle?: unknown }> }).stack;
  if (!Array.isArray(stack)) return null;
  const segments = new Set<string>();
  for (const layer of stack) {
    // A router mounted without a path serves what its own routes serve.
    if (layer.rawPath === '/' && !layer.route && Array.isArray((layer.handle as { stack?: unknown } | undefined)?.stack)) {
      const inner = firstSegmentsOf(layer.handle as Router);
      if (!inner) return null;
      for (const segment of inner) segments.add(segment);
      continue;
    }
    for (const path of [layer.rawPath].flat()) {
      const segment = typeof path === 'string' ? /^\/([\w.-]+)(?:\/|$)/.exec(path)?.[1] : undefined;
      if (segment === undefined) return null;
      // Routes match without regard to case (express's default), so a request's segment is lowered too.
      segments.add(segment.toLowerCase());
    }
  }
  return segments;
}

/**
 * Routers mounted side by side, each run only where it serves the request's first path segment, in
 * their order. Mounted one after the other, every request matched the pattern of every route of
 * every router before its own, and each router it left without an answer handed it on through
 * setImmediate (router 2.3): a vault read went through six of them. A router that may serve any
 * path still runs for every request.
 */
export function routeBySegment(routers: Router[]): RequestHandler {
  const served = routers.map(firstSegmentsOf);
  const anywhere = routers.filter((_, i) => served[i] === null);
  const bySegment = new Map<string, Router[]>();
  for (const segment of new Set(served.flatMap((s) => (s ? [...s] : [])))) {
    bySegment.set(
      segment,
      routers.filter((_, i) => served[i] === null || served[i]!.has(segment)),
    );
  }
  const dispatch: RequestHandler = (req, res, next) => {
    const segment = /^\/([^/?#]*)/.exec(req.url)?.[1]?.toLowerCase() ?? '';
    const chain = bySegment.get(segment) ?? anywhere;
    let at = 0;
    const step = (error?: unknown): void => {
      if (error || at === chain.length) return next(error);
      chain[at++]!(req, res, step);
    };
    step();
  };
  // Its routers listed as a router lists mounted ones, so what walks the app's routes (the contract test) finds theirs.
  return Object.assign(dispatch, { stack: routers.map((router) => ({ rawPath: '/', handle: router })) });
}
