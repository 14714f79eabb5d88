import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { validatorFor } from '../../http/schemaRegistry';
import { systemClock, type Clock } from './clock';
import { decideFault, malform, outageRetryAfter, type Faults } from './faults';
import { seededRandom } from './seededRandom';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  faults?: Faults;
  /** Client id → secret accepted at /oauth/token. */
  clients?: Record<string, string>;
  tokenTtlSeconds?: number;
  /** Seeds fault decisions, so a run with rates is reproducible. */
  faultSeed?: number;
  clock?: Clock;
}

export interface SimulatorStats {
  tokensIssued: number;
  dataCalls: number;
}

export interface RunningSimulator {
  url: string;
  /** Stops listening, cuts hanging calls and waits until the port is free. */
  close(): Promise<void>;
  setFaults(faults: Faults): void;
  faults(): Faults;
  stats(): SimulatorStats;
}

export const DEFAULT_SIMULATOR_CLIENTS: Readonly<Record<string, string>> = Object.freeze({ motlan: 'motlan-simulator-secret' });

/**
 * The parts both registry simulators share: the OAuth2 token endpoint, bearer checks on /v1, fault
 * injection, and the admin routes /__faults and /__stats. The registry-specific routes come in
 * `api`, mounted under /v1.
 */
export async function startSimulatorServer(name: string, api: Router, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  const random = seededRandom(options.faultSeed ?? 1);
  const clients = options.clients ?? DEFAULT_SIMULATOR_CLIENTS;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  const validateFaults = validatorFor('registry/faults');
  let faults: Faults = checkFaults(options.faults ?? {});
  const tokens = new Map<string, number>();
  const stats: SimulatorStats = { tokensIssued: 0, dataCalls: 0 };
  const hanging = new Set<NodeJS.Timeout>();

  function checkFaults(candidate: unknown): Faults {
    if (!validateFaults(candidate)) {
      throw new RangeError(`Invalid faults: ${(validateFaults.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
    }
    return { ...(candidate as Faults) };
  }

  const injectFaults =
    (dataCall: boolean): RequestHandler =>
    (req, res, next) => {
      const { decision, faults: after } = decideFault(faults, random, dataCall);
      faults = after;
      const act = () => {
        if (decision.kind === 'error') problem(res, decision.status, 'Injected failure');
        else if (decision.kind === 'hang') {
          const timer = setTimeout(() => {
            hanging.delete(timer);
            req.socket.destroy();
          }, decision.hangMs);
          hanging.add(timer);
        } else {
          if (decision.malformed) {
            res.json = (body: unknown) => res.type('application/json').send(malform(body, random));
          }
          next();
        }
      };
      if (decision.delayMs > 0) {
        const timer = setTimeout(() => {
          hanging.delete(timer);
          act();
        }, decision.delayMs);
        hanging.add(timer);
      } else act();
    };

  const app = express();
  app.disable('x-powered-by');

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', registry: name });
  });
  app.get('/__faults', (_req, res) => {
    res.json(faults);
  });
  app.put('/__faults', express.json(), (req, res) => {
    try {
      faults = checkFaults(req.body);
      res.json(faults);
    } catch (error) {
      problem(res, 400, (error as Error).message);
    }
  });
  app.delete('/__faults', (_req, res) => {
    faults = {};
    res.status(204).end();
  });
  app.get('/__stats', (_req, res) => {
    res.json(stats);
  });

  // A registry that is down answers nothing else, tokens included, and checks no credentials.
  app.use(['/oauth', '/v1'], (_req, res, next) => {
    const retryAfter = outageRetryAfter(faults, clock.now());
    if (retryAfter === undefined) return next();
    res.setHeader('Retry-After', String(retryAfter));
    problem(res, 503, 'The registry is in a scheduled outage');
  });

  app.post('/oauth/token', injectFaults(false), express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const [id, secret] = basicCredentials(req.headers.authorization) ?? [form.client_id, form.client_secret];
    if (form.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    if (!id || clients[id] === undefined || clients[id] !== secret) {
      res.setHeader('WWW-Authenticate', 'Basic realm="registry"');
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    const now = clock.now().getTime();
    for (const [token, expiresAt] of tokens) if (expiresAt <= now) tokens.delete(token);
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, now + tokenTtlSeconds * 1000);
    stats.tokensIssued += 1;
    res.setHeader('Cache-Control', 'no-store');
    res.json({ access_token: token, token_type: 'Bearer', expires_in: tokenTtlSeconds });
  });

  const requireToken: RequestHandler = (req, res, next) => {
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const expiresAt = token ? tokens.get(token) : undefined;
    if (!expiresAt || expiresAt <= clock.now().getTime()) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      problem(res, 401, 'A valid bearer token from /oauth/token is required');
      return;
    }
    stats.dataCalls += 1;
    next();
  };
  app.use('/v1', requireToken, injectFaults(true), express.json(), api);
  app.use((_req, res) => problem(res, 404, 'No such resource'));
  // A body that is not JSON, say: answered like every other error, not with express's HTML page.
  app.use((error: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    problem(res, status, status === 500 ? 'Simulator failure' : (error.message ?? 'Bad request'));
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of hanging) clearTimeout(timer);
        hanging.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    setFaults(next) {
      faults = checkFaults(next);
    },
    faults: () => ({ ...faults }),
    stats: () => ({ ...stats }),
  };
}

/** The registries answer errors as RFC 9457 problem+json, like Motlan itself. */
export function problem(res: Response, status: number, title: string): void {
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status }));
}

function basicCredentials(header: string | undefined): [string, string] | undefined {
  const encoded = /^Basic (\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
  } catch {
    return undefined; // a stray % in what should be form-urlencoded: simply not a known client
  }
}
