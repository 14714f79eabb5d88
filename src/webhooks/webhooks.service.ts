import { randomUUID } from 'node:crypto';
import { agencyStore, type AgencyStore } from '../agencies/agencies.store';
import { actorOf, type AgencyPrincipal, type Principal } from '../auth/principal';
import type { Database } from '../db/database';
import { notFound, problem, validationFailed } from '../http/problem';
import { checkReceiverUrl } from './receiverUrl';
import { webhookStore } from './webhooks.store';
import { WEBHOOK_EVENTS } from './webhooks.tables';
import type { Attempt, Delivery, DeliveryStatus, Subscription, WebhookEvent, WebhookSettings } from './webhooks.types';

export interface WebhookServiceDeps {
  db: Database;
  settings: Pick<WebhookSettings, 'allowHttp'>;
  clock?: () => Date;
  newId?: () => string;
}

export interface DeliveryPage {
  items: Delivery[];
  next: { createdAt: Date; id: string } | undefined;
}

const missingDelivery = () => notFound('Delivery', 'No webhook delivery with this id belongs to your agency.');

export function webhookService({ db, settings, clock = () => new Date(), newId = randomUUID }: WebhookServiceDeps) {
  const store = webhookStore(db);
  const agencies: Pick<AgencyStore, 'find'> = agencyStore(db);

  /** An agency sees its own deliveries; an operator sees every agency's. */
  const visible = (delivery: Delivery | undefined, who: Principal): delivery is Delivery =>
    delivery !== undefined && (who.kind === 'operator' || (who.kind === 'agency' && delivery.agencyCode === who.agencyCode));

  return {
    /**
     * Subscribes the caller's agency. Asking again for the same URL and events returns the
     * subscription already there (created: false), so a one-stop system can subscribe at every start.
     */
    async subscribe(agency: AgencyPrincipal, input: { url: string; events: WebhookEvent[] }): Promise<{ subscription: Subscription; created: boolean }> {
      // A trusted issuer may vouch for an agency no operator has registered: refuse it here, not at the foreign key.
      if (!(await agencies.find(agency.agencyCode))) {
        throw problem(403, 'agency-not-registered', 'Agency not registered', { detail: 'Your agency is not registered with Motlan; an operator registers agencies (PUT /v1/agencies/{code}).' });
      }
      const check = checkReceiverUrl(input.url, settings);
      if (!check.ok) throw validationFailed([{ in: 'body', pointer: '/url', rule: check.rule, message: check.message }]);
      // One canonical order, so the same set of events is the same subscription.
      const events = WEBHOOK_EVENTS.filter((e) => input.events.includes(e));
      const existing = await store.findSameSubscription(agency.agencyCode, check.url, events);
      if (existing) return { subscription: existing, created: false };
      const subscription = await store.insertSubscription({ id: newId(), agencyCode: agency.agencyCode, url: check.url, events, createdBy: actorOf(agency), at: clock() });
      return { subscription, created: true };
    },

    list(agency: AgencyPrincipal): Promise<Subscription[]> {
      return store.listSubscriptions(agency.agencyCode);
    },

    /** Stops new deliveries; those already queued are not sent (the dispatcher checks at send time). */
    async unsubscribe(agency: AgencyPrincipal, id: string): Promise<void> {
      const subscription = await store.findSubscription(id);
      if (!subscription || subscription.agencyCode !== agency.agencyCode) throw notFound('Subscription', 'No webhook subscription with this id belongs to your agency.');
      await store.deactivateSubscription(id, clock());
    },

    async deliveries(who: Principal, filter: { status?: DeliveryStatus; agencyCode?: string; before?: { createdAt: Date; id: string }; limit: number }): Promise<DeliveryPage> {
      const agencyCode = who.kind === 'agency' ? who.agencyCode : filter.agencyCode;
      const rows = await store.listDeliveries({ ...filter, agencyCode });
      const items = rows.slice(0, filter.limit);
      const last = items[items.length - 1];
      return { items, next: rows.length > filter.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined };
    },

    async delivery(who: Principal, id: string): Promise<{ delivery: Delivery; attempts: Attempt[] }> {
      const delivery = await store.findDelivery(id);
      if (!visible(delivery, who)) throw missingDelivery();
      return { delivery, attempts: await store.attemptsOf(id) };
    },

    /**
     * A failed delivery is queued for one more attempt now, with the payload it had: the receiver
     * fixed its endpoint and wants what it missed. If that attempt fails too, it is failed again.
     */
    async redeliver(who: Principal, id: string): Promise<{ delivery: Delivery; attempts: Attempt[] }> {
      const delivery = await store.findDelivery(id);
      if (!visible(delivery, who)) throw missingDelivery();
      if (!(await store.requeue(id, clock()))) {
        throw problem(409, 'delivery-not-failed', 'Only a failed delivery can be redelivered', { detail: `This delivery is ${delivery.status}: a pending one is still being retried, a delivered one arrived.` });
      }
      return { delivery: (await store.findDelivery(id))!, attempts: await store.attemptsOf(id) };
    },
  };
}
export type WebhookService = ReturnType<typeof webhookService>;
