import { createPeriodicJob } from '../core/periodicJob';
import type { PeriodicJob } from '../core/periodicJob';
import { markRefundFailed, markRefundSucceeded } from '../services/refunds/stripeRefunds';
import type { OutboxRow, StripeRefundPayload } from '../services/refunds/outbox';
import { sql } from '../store/sql';
import type { Store } from '../store/store';
import type { StripeGateway } from './gateway';

/** Test-only crash points: a test process kills itself here to prove a retry sends the same key. */
export type OutboxHooks = {
  afterMarkedSending?(row: OutboxRow): void;
  afterStripeAnswered?(row: OutboxRow): void;
};

export type OutboxRunResult = { attempted: number; done: number; failed: number; retrying: number };

/** Sends every row that is due now; one run at a time. */
export type OutboxWorker = PeriodicJob<OutboxRunResult>;

export type OutboxWorkerOptions = {
  store: Store;
  now: () => Date;
  gateway: () => StripeGateway | null;
  logError: (message: string, error: unknown) => void;
  onChanged: () => void;
  hooks?: OutboxHooks;
};

/** 1 s, 2 s, 4 s … capped at 15 minutes: a desk that was offline catches up soon after it is back. */
const backoffMs = (attempts: number): number => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);

/**
 * Sends queued Stripe work. A row goes pending → sending (committed before the request),
 * then done / failed with the local record updated in the same transaction as the row.
 * A crash at any point leaves the row `pending` or `sending`; both are sent again with the
 * same idempotency key, so Stripe answers with the first result: exactly one refund.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, now } = options;

  async function sendRefund(gateway: StripeGateway, row: OutboxRow, result: OutboxRunResult): Promise<void> {
    const payload = JSON.parse(row.payload_json) as StripeRefundPayload;
    const claimed = store.transaction(() =>
      store.run(sql`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ${now().toISOString()}
        WHERE id = ${row.id} AND state IN ('pending', 'sending')`),
    );
    if (claimed.changes === 0) return; // cancelled meanwhile
    result.attempted += 1;
    options.hooks?.afterMarkedSending?.(row);
    try {
      const refund = await gateway.createRefund({
        key: row.idempotency_key as `bursar-${string}`,
        paymentIntentId: payload.paymentIntentId,
        amount: payload.amount,
        reason: payload.reason,
        metadata: Object.fromEntries(Object.entries({ ...payload.metadata, bursar_refund_id: payload.refundId }).filter((e): e is [string, string] => typeof e[1] === 'string')),
      });
      options.hooks?.afterStripeAnswered?.(row);
      store.transaction(() => {
        const at = now();
        if (refund.status === 'failed' || refund.status === 'canceled') markRefundFailed(store, payload.refundId, { reason: `Stripe reported the refund ${refund.status}`, stripeRefundId: refund.id }, at);
        else markRefundSucceeded(store, payload.refundId, { id: refund.id, status: refund.status }, at);
        store.run(sql`UPDATE outbox SET state = 'done', response_json = ${JSON.stringify(refund)}, last_error = NULL, updated_at = ${at.toISOString()} WHERE id = ${row.id}`);
      });
      result.done += 1;
    } catch (e) {
      const retryable = (e as { retryable?: boolean }).retryable !== false;
      const message = (e as Error).message ?? 'Stripe did not answer';
      const at = now();
      if (retryable) {
        const attempts = (store.get<{ attempts: number }>(sql`SELECT attempts FROM outbox WHERE id = ${row.id}`)?.attempts ?? 1);
        store.transaction(() =>
          store.run(sql`UPDATE outbox SET state = 'pending', last_error = ${message}, next_attempt_at = ${new Date(at.getTime() + backoffMs(attempts)).toISOString()}, updated_at = ${at.toISOString()} WHERE id = ${row.id}`),
        );
        result.retrying += 1;
      } else {
        // Stripe refused for good (more than was captured, a closed charge): the money goes to payer credit.
        store.transaction(() => {
          markRefundFailed(store, payload.refundId, { reason: message }, at);
          store.run(sql`UPDATE outbox SET state = 'failed', last_error = ${message}, updated_at = ${at.toISOString()} WHERE id = ${row.id}`);
        });
        result.failed += 1;
      }
    }
  }

  async function run(): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { attempted: 0, done: 0, failed: 0, retrying: 0 };
    const gateway = options.gateway();
    if (!gateway) return result;
    const due = store.all<OutboxRow>(sql`SELECT * FROM outbox
      WHERE state = 'sending' OR (state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now().toISOString()}))
      ORDER BY created_at, id LIMIT 100`);
    for (const row of due) {
      if (row.kind === 'stripe.refund') await sendRefund(gateway, row, result);
    }
    if (result.attempted > 0) options.onChanged();
    return result;
  }

  return createPeriodicJob('outbox', run, 5000, options.logError);
}
