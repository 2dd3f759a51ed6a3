import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { recordCardPayment } from '../payments/cardPayments';
import { getInvoiceRow, itemIdsOf } from './billingRepo';
import type { InvoiceRow } from './billingRepo';

/**
 * After an off-session payment fails: retries 1, 3 and 7 days after the first failure, then
 * the items are delinquent. Days from the first failure (Stripe's clock, the event's
 * `created`), so duplicate or reordered failure events give the same plan.
 */
export const RETRY_OFFSETS_DAYS: readonly number[] = [1, 3, 7];
const DAY_MS = 86_400_000;

/** When retry number `done + 1` is due, given when the plan started; null once every retry was made. */
export function retryDueAt(firstFailedAtSeconds: number, done: number, offsets: readonly number[] = RETRY_OFFSETS_DAYS): Date | null {
  const days = offsets[done];
  return days === undefined ? null : new Date(firstFailedAtSeconds * 1000 + days * DAY_MS);
}

/** The gap the plan keeps between two retries, so a desk that was closed does not run them back to back. */
function gapDays(done: number, offsets: readonly number[]): number {
  return (offsets[done] ?? 0) - (offsets[done - 1] ?? 0);
}

export type PaidFacts = { paymentIntentId: string; amount: number; currency: string; paidAtSeconds: number };

/**
 * Records the card payment of a Stripe invoice exactly once. The payment is keyed by the
 * invoice's payment intent (recordCardPayment is idempotent by it, so a refund can go back to
 * that intent) and linked from the invoice row (`payment_id` UNIQUE): whichever route comes
 * first — `invoice.paid`, `invoice_payment.paid`, the retry job, the create action — records
 * it; every later one finds the link and does nothing.
 */
export function settleInvoice(store: Store, rowId: string, paid: PaidFacts, now: Date): { created: boolean; paymentId: string } {
  return store.transaction(() => {
    const row = getInvoiceRow(store, rowId);
    if (row.payment_id) return { created: false, paymentId: row.payment_id };
    const itemIds = itemIdsOf(row);
    const { payment, created } = recordCardPayment(
      store,
      {
        paymentIntentId: paid.paymentIntentId,
        chargeId: null,
        enrollmentId: row.enrollment_id,
        amount: paid.amount,
        currency: paid.currency.toUpperCase(),
        receivedAt: new Date(paid.paidAtSeconds * 1000),
        itemIds: itemIds.length > 0 ? itemIds : undefined,
      },
      { now },
    );
    store.run(sql`UPDATE stripe_invoices SET payment_id = ${payment.id}, payment_intent_id = coalesce(payment_intent_id, ${paid.paymentIntentId}),
        status = 'paid', next_retry_at = NULL, updated_at = ${now.toISOString()} WHERE id = ${rowId}`);
    // Paid after all: no longer a case for follow-up.
    store.run(sql`DELETE FROM delinquent_items WHERE invoice_row_id = ${rowId}`);
    return { created, paymentId: payment.id };
  });
}

/**
 * `payment_intent.succeeded` for an intent that pays one of the desk's Stripe invoices (known
 * from its creation): the same single payment. Returns a detail line, or null if not ours.
 */
export function settleInvoiceByIntent(store: Store, paymentIntentId: string, paid: Omit<PaidFacts, 'paymentIntentId'>, now: Date): string | null {
  const row = store.get<{ id: string; invoice_id: string | null }>(sql`SELECT id, invoice_id FROM stripe_invoices WHERE payment_intent_id = ${paymentIntentId}`);
  if (!row) return null;
  const settled = settleInvoice(store, row.id, { paymentIntentId, ...paid }, now);
  return `paid invoice ${row.invoice_id ?? row.id}: ${settled.created ? 'payment' : 'already recorded as'} ${settled.paymentId}`;
}

/** Stripe says the invoice is paid but the desk does not know its payment intent yet: the billing job looks it up. */
export function markPaidAwaitingIntent(store: Store, rowId: string, now: Date): void {
  store.run(sql`UPDATE stripe_invoices SET status = 'paid', next_retry_at = NULL, updated_at = ${now.toISOString()} WHERE id = ${rowId} AND payment_id IS NULL`);
}

/**
 * A failed payment of the invoice (a webhook). Starts the retry plan at the earliest failure
 * seen before any retry ran; once the job is retrying, the plan is the job's and a failure
 * event (often of the job's own attempt) changes nothing. A paid invoice never goes back.
 */
export function noteInvoiceFailure(store: Store, row: InvoiceRow, failedAtSeconds: number, message: string, now: Date): 'applied' | 'stale' {
  if (row.payment_id || row.status === 'paid' || row.status === 'void' || row.status === 'uncollectible') return 'stale';
  if (row.retries_done > 0 || row.delinquent_at) return 'stale';
  const first = row.first_failed_at === null ? failedAtSeconds : Math.min(row.first_failed_at, failedAtSeconds);
  if (row.first_failed_at !== null && first === row.first_failed_at && failedAtSeconds !== first) return 'stale';
  store.run(sql`UPDATE stripe_invoices SET first_failed_at = ${first}, failure_message = ${message},
      next_retry_at = ${retryDueAt(first, 0)?.toISOString() ?? null}, updated_at = ${now.toISOString()} WHERE id = ${row.id}`);
  return 'applied';
}

/** The items of an invoice that a retry or a delinquency is about: open (not paused), still owed. */
export function owedItemsOf(store: Store, row: InvoiceRow): { id: string; state: string; owed: number }[] {
  const ids = itemIdsOf(row);
  if (ids.length === 0) return [];
  return store.all<{ id: string; state: string; owed: number }>(
    sql`SELECT id, state, amount - paid_amount AS owed FROM schedule_items WHERE id IN ${sql.in(ids)} AND state IN ('open', 'paused') AND amount - paid_amount > 0`,
  );
}

/**
 * A retry the job made was refused (a decline, no saved card): count it, and plan the next one
 * — or, after the last, mark the owed items delinquent (paused items are skipped).
 */
export function noteRetryFailed(store: Store, rowId: string, message: string, now: Date, offsets: readonly number[] = RETRY_OFFSETS_DAYS): InvoiceRow {
  return store.transaction(() => {
    const row = getInvoiceRow(store, rowId);
    const done = row.retries_done + 1;
    const anchored = retryDueAt(row.first_failed_at ?? Math.floor(now.getTime() / 1000), done, offsets);
    const ts = now.toISOString();
    if (anchored) {
      const keepGap = new Date(now.getTime() + gapDays(done, offsets) * DAY_MS);
      const next = anchored.getTime() >= keepGap.getTime() ? anchored : keepGap;
      store.run(sql`UPDATE stripe_invoices SET retries_done = ${done}, failure_message = ${message}, next_retry_at = ${next.toISOString()}, updated_at = ${ts} WHERE id = ${rowId}`);
    } else {
      store.run(sql`UPDATE stripe_invoices SET retries_done = ${done}, failure_message = ${message}, next_retry_at = NULL, delinquent_at = ${ts}, updated_at = ${ts} WHERE id = ${rowId}`);
      for (const item of owedItemsOf(store, row).filter((i) => i.state === 'open')) {
        store.run(sql`INSERT INTO delinquent_items (item_id, invoice_row_id, reason, since) VALUES (${item.id}, ${rowId}, ${message.slice(0, 500)}, ${ts})
          ON CONFLICT (item_id) DO UPDATE SET invoice_row_id = excluded.invoice_row_id, reason = excluded.reason, since = excluded.since`);
      }
    }
    return getInvoiceRow(store, rowId);
  });
}
