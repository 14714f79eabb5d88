import type { Principal } from '../auth/principal';
import type { Logger } from '../logger';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requestLogging from X-Request-Id or a new UUID. */
    id: string;
    /** A logger bound to this request (requestLogging). */
    log: Logger;
    /** Set by the authenticate middleware on /v1 routes. */
    principal?: Principal;
  }
}
