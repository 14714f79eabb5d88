import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import { webhookStore } from './webhooks.store';
import type { DocumentChange, WebhookPayload } from './webhooks.types';

/** A payload lists an agency's newest releases of the document up to here; releaseCount says how many there were. */
export const MAX_RELEASES_IN_PAYLOAD = 100;

const STATUS_OF = { 'document.revoked': 'revoked', 'document.superseded': 'superseded', 'document.corrected': 'corrected' } as const;

/**
 * Writes the outbox rows for a document that left `active`, in the transaction that changed it:
 * the change and its announcements commit together or not at all, so no change is lost and none is
 * announced that did not happen. One row per active subscription, for this event, of an agency
 * the document was released to; each lists only that agency's own releases.
 *
 * The event key is `<event>:<document id>`: a document leaves `active` exactly once (the store's
 * retire only moves an active row), so the key names one change, and the unique index on
 * (subscription, event key) keeps a retried transaction from announcing it twice.
 *
 * The payload carries no national ID, name or field of the document: receivers look the document
 * up through the API, where the consent decision and the access log apply again. The issuer's
 * free-text reason is passed on as written; issuers are told (docs/webhooks.md) to keep names out of it.
 */
export async function enqueueDocumentChange(tx: Database, change: DocumentChange, newId: () => string = randomUUID): Promise<number> {
  const store = webhookStore(tx);
  const released = await store.releasesOf(change.documentId);
  if (!released.length) return 0;
  const subscriptions = await store.activeSubscriptionsFor([...new Set(released.map((r) => r.agencyCode))], change.event);
  const rows = subscriptions.map((subscription) => {
    const own = released.filter((r) => r.agencyCode === subscription.agencyCode);
    const id = newId();
    const payload: WebhookPayload = {
      id,
      event: change.event,
      occurredAt: change.at.toISOString(),
      document: { id: change.documentId, type: change.documentType, status: STATUS_OF[change.event], replacedById: change.replacedById, reason: change.reason },
      releases: own.slice(0, MAX_RELEASES_IN_PAYLOAD).map((r) => ({ id: r.id, dossierCode: r.dossierCode, purpose: r.purpose, releasedAt: r.createdAt.toISOString() })),
      releaseCount: own.length,
    };
    return { id, subscriptionId: subscription.id, agencyCode: subscription.agencyCode, event: change.event, eventKey: `${change.event}:${change.documentId}`, payload: payload as unknown as Record<string, unknown>, createdAt: change.at };
  });
  return store.insertDeliveries(rows);
}
