import type { Principal } from '../auth/principal';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by pino-http from X-Request-Id or a new UUID. */
    id: string;
    /** Set by the authenticate middleware on /v1 routes. */
    principal?: Principal;
  }
}
