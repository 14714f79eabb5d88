import { and, arrayContained, arrayContains, asc, desc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database';
import { releases } from '../prefill/prefill.tables';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from './webhooks.tables';
import type { Attempt, Delivery, DeliveryStatus, Subscription, WebhookEvent } from './webhooks.types';

const deliveryColumns = {
  id: webhookDeliveries.id,
  subscriptionId: webhookDeliveries.subscriptionId,
  agencyCode: webhookDeliveries.agencyCode,
  event: webhookDeliveries.event,
  payload: webhookDeliveries.payload,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  deliveredAt: webhookDeliveries.deliveredAt,
  createdAt: webhookDeliveries.createdAt,
};

const subscriptionColumns = {
  id: webhookSubscriptions.id,
  agencyCode: webhookSubscriptions.agencyCode,
  url: webhookSubscriptions.url,
  events: webhookSubscriptions.events,
  active: webhookSubscriptions.active,
  createdBy: webhookSubscriptions.createdBy,
  createdAt: webhookSubscriptions.createdAt,
  updatedAt: webhookSubscriptions.updatedAt,
};

export interface ClaimedDelivery {
  id: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
  attempts: number;
  subscriptionId: string;
}

export interface DeliveryOutcome {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
}

export function webhookStore(db: Database) {
  return {
    async insertSubscription(row: { id: string; agencyCode: string; url: string; events: WebhookEvent[]; createdBy: string; at: Date }): Promise<Subscription> {
      const [created] = await db
        .insert(webhookSubscriptions)
        .values({ id: row.id, agencyCode: row.agencyCode, url: row.url, events: row.events, createdBy: row.createdBy, createdAt: row.at, updatedAt: row.at })
        .returning(subscriptionColumns);
      return created as Subscription;
    },

    /** The agency's active subscription to exactly this URL and set of events, if there is one. */
    async findSameSubscription(agencyCode: string, url: string, events: WebhookEvent[]): Promise<Subscription | undefined> {
      const [row] = await db
        .select(subscriptionColumns)
        .from(webhookSubscriptions)
        .where(and(eq(webhookSubscriptions.agencyCode, agencyCode), eq(webhookSubscriptions.url, url), eq(webhookSubscriptions.active, true), arrayContains(webhookSubscriptions.events, events), arrayContained(webhookSubscriptions.events, events)))
        .orderBy(asc(webhookSubscriptions.createdAt))
        .limit(1);
      return row as Subscription | undefined;
    },

    async listSubscriptions(agencyCode: string): Promise<Subscription[]> {
      return (await db.select(subscriptionColumns).from(webhookSubscriptions).where(eq(webhookSubscriptions.agencyCode, agencyCode)).orderBy(desc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id))) as Subscription[];
    },

    async findSubscription(id: string): Promise<Subscription | undefined> {
      const [row] = await db.select(subscriptionColumns).from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
      return row as Subscription | undefined;
    },

    async deactivateSubscription(id: string, at: Date): Promise<void> {
      await db.update(webhookSubscriptions).set({ active: false, updatedAt: at }).where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.active, true)));
    },

    /** Every release of a document, newest first: who received it, for which dossier and purpose. */
    async releasesOf(documentId: string): Promise<Array<{ id: string; agencyCode: string; dossierCode: string | null; purpose: string; createdAt: Date }>> {
      return db
        .select({ id: releases.id, agencyCode: releases.agencyCode, dossierCode: releases.dossierCode, purpose: releases.purpose, createdAt: releases.createdAt })
        .from(releases)
        .where(eq(releases.documentId, documentId))
        .orderBy(desc(releases.createdAt), asc(releases.id));
    },

    async activeSubscriptionsFor(agencyCodes: string[], event: WebhookEvent): Promise<Array<{ id: string; agencyCode: string }>> {
      if (!agencyCodes.length) return [];
      return db
        .select({ id: webhookSubscriptions.id, agencyCode: webhookSubscriptions.agencyCode })
        .from(webhookSubscriptions)
        .where(and(inArray(webhookSubscriptions.agencyCode, agencyCodes), eq(webhookSubscriptions.active, true), arrayContains(webhookSubscriptions.events, [event])));
    },

    /** One statement for the whole change; a change announced twice to one subscription stays one delivery. */
    async insertDeliveries(rows: Array<{ id: string; subscriptionId: string; agencyCode: string; event: WebhookEvent; eventKey: string; payload: Record<string, unknown>; createdAt: Date }>): Promise<number> {
      if (!rows.length) return 0;
      const inserted = await db
        .insert(webhookDeliveries)
        .values(rows.map((r) => ({ ...r, nextAttemptAt: r.createdAt })))
        .onConflictDoNothing({ target: [webhookDeliveries.subscriptionId, webhookDeliveries.eventKey] })
        .returning({ id: webhookDeliveries.id });
      return inserted.length;
    },

    /**
     * Takes up to `limit` due deliveries for this worker until `leaseUntil`. SKIP LOCKED lets several
     * Motlan instances poll the same outbox: each row goes to one of them. The lease (not a held
     * lock) marks the claim, so no transaction stays open while the receiver answers, and a worker
     * that dies mid-delivery releases its rows when the lease runs out.
     */
    async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now), or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now))))
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(webhookDeliveries)
        .set({ lockedUntil: leaseUntil })
        .where(inArray(webhookDeliveries.id, due))
        .returning({ id: webhookDeliveries.id, event: webhookDeliveries.event, payload: webhookDeliveries.payload, attempts: webhookDeliveries.attempts, subscriptionId: webhookDeliveries.subscriptionId });
    },

    async subscriptionsByIds(ids: string[]): Promise<Map<string, { url: string; active: boolean }>> {
      if (!ids.length) return new Map();
      const rows = await db.select({ id: webhookSubscriptions.id, url: webhookSubscriptions.url, active: webhookSubscriptions.active }).from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, ids));
      return new Map(rows.map((r) => [r.id, r]));
    },

    /** The delivery's new state and the attempt that led to it; the caller runs both in one transaction. */
    async settleAttempt(id: string, outcome: DeliveryOutcome, attempt: Attempt): Promise<void> {
      await db.update(webhookDeliveries).set({ ...outcome, lockedUntil: null }).where(eq(webhookDeliveries.id, id));
      await db.insert(webhookAttempts).values({ deliveryId: id, ...attempt });
    },

    /** Newest first; `before` is the last row of the previous page. */
    async listDeliveries(filter: { agencyCode?: string; status?: DeliveryStatus; before?: { createdAt: Date; id: string }; limit: number }): Promise<Delivery[]> {
      const conditions: Array<SQL | undefined> = [
        filter.agencyCode ? eq(webhookDeliveries.agencyCode, filter.agencyCode) : undefined,
        filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
        filter.before ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${filter.before.createdAt.toISOString()}::timestamptz, ${filter.before.id}::uuid)` : undefined,
      ];
      return (await db
        .select(deliveryColumns)
        .from(webhookDeliveries)
        .where(and(...conditions))
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(filter.limit + 1)) as Delivery[];
    },

    async findDelivery(id: string): Promise<Delivery | undefined> {
      const [row] = await db.select(deliveryColumns).from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
      return row as Delivery | undefined;
    },

    async attemptsOf(deliveryId: string): Promise<Attempt[]> {
      return db
        .select({ attempt: webhookAttempts.attempt, at: webhookAttempts.at, httpStatus: webhookAttempts.httpStatus, error: webhookAttempts.error, durationMs: webhookAttempts.durationMs })
        .from(webhookAttempts)
        .where(eq(webhookAttempts.deliveryId, deliveryId))
        .orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.id));
    },

    /** A failed delivery goes back to the queue, due now; false when it was not failed (any more). */
    async requeue(id: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(webhookDeliveries)
        .set({ status: 'pending', nextAttemptAt: now, lockedUntil: null })
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'failed')))
        .returning({ id: webhookDeliveries.id });
      return rows.length === 1;
    },
  };
}
export type WebhookStore = ReturnType<typeof webhookStore>;
