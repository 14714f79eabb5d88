import type { Database } from '../db/database';
import type { SigningKey } from '../keys/keyFile';
import type { Logger } from '../logger';
import { backoffDelay } from './backoff';
import { postToReceiver, resolveWithSystemDns, type ResolveHost } from './receiverConnection';
import { checkReceiverUrl } from './receiverUrl';
import { signWebhookBody } from './signing';
import { webhookStore, type ClaimedDelivery, type DeliveryOutcome } from './webhooks.store';
import type { Attempt, WebhookSettings } from './webhooks.types';

/** Deliveries taken per poll; a full batch makes the loop poll again at once instead of waiting. */
export const DISPATCH_BATCH = 20;

export interface DispatcherDeps {
  db: Database;
  signingKey: SigningKey;
  logger: Logger;
  settings: WebhookSettings;
  /** How receivers' host names are resolved; the system's DNS unless a test brings its own. */
  resolveHost?: ResolveHost;
  clock?: () => Date;
  random?: () => number;
}

export interface WebhookDispatcher {
  /** Delivers what is due now, once each; resolves to the number of attempts made. */
  dispatchDue(): Promise<number>;
  /** Polls every WEBHOOK_POLL_MS until stop(). */
  start(): void;
  /** Stops polling and waits for the deliveries in flight, so the database can close after it. */
  stop(): Promise<void>;
}

type Result = { ok: true; attempt: Attempt } | { ok: false; attempt: Attempt; final: boolean };

export function webhookDispatcher(deps: DispatcherDeps): WebhookDispatcher {
  const { db, signingKey, logger, settings } = deps;
  const resolveHost = deps.resolveHost ?? resolveWithSystemDns;
  const clock = deps.clock ?? (() => new Date());
  const random = deps.random ?? Math.random;
  // Long enough for the request and its bookkeeping; a worker that dies frees its rows after it.
  const leaseMs = settings.timeoutMs * 2 + 30_000;

  async function attempt(delivery: ClaimedDelivery, target: { url: string; active: boolean } | undefined): Promise<Result> {
    const number = delivery.attempts + 1;
    const started = clock();
    const refused = (error: string): Result => ({ ok: false, final: true, attempt: { attempt: number, at: started, httpStatus: null, error, durationMs: 0 } });
    if (!target?.active) return refused('subscription deactivated: not sent');
    // Checked again at delivery: WEBHOOK_ALLOW_HTTP may have been turned off since the agency subscribed.
    const check = checkReceiverUrl(target.url, settings);
    if (!check.ok) return refused(`receiver URL refused: ${check.message}`);

    const body = Buffer.from(JSON.stringify(delivery.payload), 'utf8');
    const signature = await signWebhookBody(signingKey, body);
    const t0 = performance.now();
    try {
      const status = await postToReceiver(check.url, {
        body,
        headers: { 'Content-Type': 'application/json', 'Motlan-Event': delivery.event, 'Motlan-Delivery-Id': delivery.id, 'Motlan-Signature': signature, 'User-Agent': 'Motlan-Webhooks/1' },
        signal: AbortSignal.timeout(settings.timeoutMs),
        policy: settings,
        resolveHost,
      });
      const done = { attempt: number, at: started, httpStatus: status, error: null, durationMs: Math.round(performance.now() - t0) };
      return status >= 200 && status < 300 ? { ok: true, attempt: done } : { ok: false, final: false, attempt: done };
    } catch (error) {
      return { ok: false, final: false, attempt: { attempt: number, at: started, httpStatus: null, error: describe(error, settings.timeoutMs), durationMs: Math.round(performance.now() - t0) } };
    }
  }

  function outcomeOf(result: Result, delivery: ClaimedDelivery): DeliveryOutcome {
    const attempts = delivery.attempts + 1;
    const now = clock();
    if (result.ok) return { status: 'delivered', attempts, nextAttemptAt: now, deliveredAt: now };
    if (result.final || attempts >= settings.maxAttempts) return { status: 'failed', attempts, nextAttemptAt: now, deliveredAt: null };
    return { status: 'pending', attempts, nextAttemptAt: new Date(now.getTime() + backoffDelay(attempts, settings, random)), deliveredAt: null };
  }

  async function dispatchDue(): Promise<number> {
    const now = clock();
    const claimed = await webhookStore(db).claimDue(now, new Date(now.getTime() + leaseMs), DISPATCH_BATCH);
    if (!claimed.length) return 0;
    const targets = await webhookStore(db).subscriptionsByIds([...new Set(claimed.map((d) => d.subscriptionId))]);
    const outcomes = await Promise.all(
      claimed.map(async (delivery) => {
        const result = await attempt(delivery, targets.get(delivery.subscriptionId));
        const outcome = outcomeOf(result, delivery);
        await db.transaction((tx) => webhookStore(tx).settleAttempt(delivery.id, outcome, result.attempt));
        logger.debug({ deliveryId: delivery.id, event: delivery.event, attempt: result.attempt.attempt, httpStatus: result.attempt.httpStatus, status: outcome.status }, 'webhook attempt');
        return outcome.status;
      }),
    );
    const count = (status: string) => outcomes.filter((s) => s === status).length;
    // Counts only: which agency was told what about which document stays in the delivery log.
    logger.info({ attempted: claimed.length, delivered: count('delivered'), retrying: count('pending'), failed: count('failed') }, 'webhook deliveries');
    return claimed.length;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const loop = () => {
    running = (async () => {
      let full = false;
      try {
        full = (await dispatchDue()) === DISPATCH_BATCH;
      } catch (error) {
        logger.error({ err: error }, 'webhook dispatch failed; trying again at the next poll');
      }
      if (!stopped) timer = setTimeout(loop, full ? 0 : settings.pollMs);
    })();
  };

  return {
    dispatchDue,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(loop, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The failure in a few words, never the receiver's response, nor the address a name resolved to. */
function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; code?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (e.name === 'ReceiverAddressRefused') return e.message ?? 'receiver address refused';
  return (e.code ? `connection failed: ${e.code}` : (e.message ?? String(error))).slice(0, 300);
}
