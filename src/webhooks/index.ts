import type { Router } from 'express';
import type { Database } from '../db/database';
import { webhookRoutes } from './webhooks.routes';
import { webhookService } from './webhooks.service';
import type { WebhookSettings } from './webhooks.types';

export { enqueueDocumentChange } from './outbox';
export { webhookDispatcher, type WebhookDispatcher } from './dispatcher';
export type { WebhookSettings } from './webhooks.types';

/** Subscriptions and the delivery log over HTTP; delivery itself is the dispatcher's, started by main.ts. */
export function webhooksFeature(deps: { db: Database; settings: Pick<WebhookSettings, 'allowHttp'> }): Router {
  return webhookRoutes({ service: webhookService(deps) });
}
