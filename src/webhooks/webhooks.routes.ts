import { Router, type Request } from 'express';
import { authorize } from '../auth/authenticate';
import type { AgencyPrincipal } from '../auth/principal';
import { methodNotAllowed } from '../http/errorHandler';
import { forbidden, validationFailed } from '../http/problem';
import { validateBody, validateQuery } from '../http/validate';
import type { WebhookService } from './webhooks.service';
import type { Attempt, Delivery, DeliveryStatus, Subscription, WebhookEvent } from './webhooks.types';

const agencyOf = (req: Request) => req.principal as AgencyPrincipal;

export function webhookRoutes({ service }: { service: WebhookService }): Router {
  const router = Router();
  const agency = authorize({ agency: [] });
  const agencyOrOperator = authorize({ agency: [], operator: true });

  // Declared before /webhooks/:id, which would otherwise take "deliveries" for an id.
  router
    .route('/webhooks/deliveries')
    .get(agencyOrOperator, validateQuery('webhooks/delivery-list-query'), async (req, res) => {
      const q = req.query as unknown as { status?: DeliveryStatus; agency?: string; cursor?: string; limit: number };
      const who = req.principal!;
      if (who.kind === 'agency' && q.agency && q.agency !== who.agencyCode) throw forbidden('An agency sees only its own deliveries; leave out `agency`.');
      const page = await service.deliveries(who, { status: q.status, agencyCode: q.agency, before: q.cursor ? fromCursor(q.cursor) : undefined, limit: q.limit });
      res.json({ items: page.items.map((d) => toDeliveryBody(d)), nextCursor: page.next ? toCursor(page.next) : null });
    })
    .all(methodNotAllowed);

  router
    .route('/webhooks/deliveries/:id')
    .get(agencyOrOperator, async (req, res) => {
      const { delivery, attempts } = await service.delivery(req.principal!, uuidParam(req.params.id!));
      res.json(toDeliveryBody(delivery, attempts));
    })
    .all(methodNotAllowed);

  router
    .route('/webhooks/deliveries/:id/redeliver')
    .post(agencyOrOperator, async (req, res) => {
      const { delivery, attempts } = await service.redeliver(req.principal!, uuidParam(req.params.id!));
      res.status(202).json(toDeliveryBody(delivery, attempts));
    })
    .all(methodNotAllowed);

  router
    .route('/webhooks')
    .get(agency, async (req, res) => {
      res.json({ items: (await service.list(agencyOf(req))).map(toSubscriptionBody) });
    })
    .post(agency, validateBody('webhooks/subscription-create'), async (req, res) => {
      const { subscription, created } = await service.subscribe(agencyOf(req), req.body as { url: string; events: WebhookEvent[] });
      res.status(created ? 201 : 200).json(toSubscriptionBody(subscription));
    })
    .all(methodNotAllowed);

  router
    .route('/webhooks/:id')
    .delete(agency, async (req, res) => {
      await service.unsubscribe(agencyOf(req), uuidParam(req.params.id!));
      res.status(204).end();
    })
    .all(methodNotAllowed);

  return router;
}

function uuidParam(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw validationFailed([{ in: 'path', pointer: '/id', rule: 'format', message: 'must be a UUID' }]);
  }
  return id.toLowerCase();
}

/** The last row of a page, opaque to callers: 8 bytes of milliseconds and the 16 bytes of its id. */
export function toCursor(at: { createdAt: Date; id: string }): string {
  const bytes = Buffer.alloc(24);
  bytes.writeBigInt64BE(BigInt(at.createdAt.getTime()));
  Buffer.from(at.id.replace(/-/g, ''), 'hex').copy(bytes, 8);
  return bytes.toString('base64url');
}

export function fromCursor(cursor: string): { createdAt: Date; id: string } {
  const bytes = Buffer.from(cursor, 'base64url');
  const createdAt = bytes.length === 24 ? new Date(Number(bytes.readBigInt64BE())) : null;
  // A forged cursor can carry any 8 bytes: one that is no date must be a 400, not a RangeError.
  if (!createdAt || !Number.isFinite(createdAt.getTime())) throw validationFailed([{ in: 'query', pointer: '/cursor', rule: 'cursor', message: 'is not a cursor this API returned' }]);
  const hex = bytes.subarray(8).toString('hex');
  return { createdAt, id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
}

function toSubscriptionBody(s: Subscription) {
  return { id: s.id, agencyCode: s.agencyCode, url: s.url, events: s.events, active: s.active, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

function toDeliveryBody(d: Delivery, attempts?: Attempt[]) {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    agencyCode: d.agencyCode,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    payload: d.payload,
    ...(attempts ? { log: attempts.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), httpStatus: a.httpStatus, error: a.error, durationMs: a.durationMs })) } : {}),
  };
}
