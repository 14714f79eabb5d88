import type { WebhooksConfig } from '../config';
import type { WebhookEvent } from './webhooks.tables';

export type { WebhookEvent };

/** How deliveries are made: config.ts reads them from WEBHOOK_* (docs/webhooks.md). */
export type WebhookSettings = WebhooksConfig;

/** A document left `active`: what the outbox announces to every agency it was released to. */
export interface DocumentChange {
  documentId: string;
  documentType: string;
  event: WebhookEvent;
  /** The document that replaces it (supersession, correction); null for a revocation. */
  replacedById: string | null;
  /** The issuer's reason, as recorded in the document's history. */
  reason: string | null;
  at: Date;
}

export interface Subscription {
  id: string;
  agencyCode: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  subscriptionId: string;
  agencyCode: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface Attempt {
  attempt: number;
  at: Date;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** What a receiver gets as the JSON body (schemas/webhooks/webhook-payload.json). */
export interface WebhookPayload {
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  document: { id: string; type: string; status: 'revoked' | 'superseded' | 'corrected'; replacedById: string | null; reason: string | null };
  releases: Array<{ id: string; dossierCode: string | null; purpose: string; releasedAt: string }>;
  releaseCount: number;
}
