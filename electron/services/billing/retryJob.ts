import { createPeriodicJob } from '../../core/periodicJob';
import type { PeriodicJob } from '../../core/periodicJob';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import type { StripeGateway } from '../../stripe/gateway';
import { appendAudit } from '../audit/auditLog';
import { findSubscriptionRow, itemIdsOf } from './billingRepo';
import type { InvoiceRow, SubscriptionRow } from './billingRepo';
import { RETRY_OFFSETS_DAYS, noteRetryFailed, owedItemsOf, settleInvoice } from './invoiceSettlement';
import { applySubscriptionStatus, isSubscriptionStatus } from './subscriptionStatus';

export type BillingRunResult = { retried: number; paid: number; failed: number; delinquent: number; skippedPaused: number; recorded: number; subscriptionsEnded: number };

/** Does what is due now (retries, payments to record, fixed-count ends); one run at a time. */
export type BillingJob = PeriodicJob<BillingRunResult>;

export type BillingJobOptions = {
  store: Store;
  now: () => Date;
  gateway: () => StripeGateway | null;
  logError: (message: string, error: unknown) => void;
  onChanged: () => void;
  retryOffsetsDays?: readonly number[];
};

const STRIPE_ACTOR = { id: null, name: 'stripe' };

/**
 * The desk's billing work that needs Stripe: retries of failed off-session invoice payments
 * (keys `bursar-retry-<invoice>-<n>`, one per attempt, so a lost answer resent gives the same
 * result and never a second charge), recording invoices Stripe reported paid before the desk
 * knew their payment intent, and ending fixed-count subscriptions after their last period.
 */
export function createBillingJob(options: BillingJobOptions): BillingJob {
  const { store, now } = options;
  const offsets = options.retryOffsetsDays ?? RETRY_OFFSETS_DAYS;

  /** Looks up the payment intent that paid the invoice and records the payment once. */
  async function recordPaid(gateway: StripeGateway, row: InvoiceRow): Promise<boolean> {
    if (!row.invoice_id) return false;
    const payments = await gateway.listInvoicePayments(row.invoice_id);
    const paid = payments.find((p) => p.status === 'paid');
    if (!paid) return false;
    const settled = settleInvoice(store, row.id, { paymentIntentId: paid.paymentIntentId, amount: paid.amountPaid ?? row.amount, currency: row.currency, paidAtSeconds: Math.floor(now().getTime() / 1000) }, now());
    return settled.created;
  }

  async function retry(gateway: StripeGateway, row: InvoiceRow, result: BillingRunResult): Promise<void> {
    const owed = owedItemsOf(store, row);
    if (owed.length > 0 && owed.every((i) => i.state === 'paused')) {
      // Paused items are not charged; the retry waits and runs once they are resumed.
      result.skippedPaused += 1;
      return;
    }
    if (owed.length === 0 && itemIdsOf(row).length > 0) {
      // Paid another way (cash at the desk) meanwhile: nothing to charge.
      store.transaction(() => store.run(sql`UPDATE stripe_invoices SET next_retry_at = NULL, updated_at = ${now().toISOString()} WHERE id = ${row.id}`));
      return;
    }
    const attempt = row.retries_done + 1;
    result.retried += 1;
    try {
      const invoice = await gateway.payInvoice({ key: `bursar-retry-${row.invoice_id ?? row.id}-${attempt}`, invoiceId: row.invoice_id ?? '' });
      if (invoice.status === 'paid') {
        store.transaction(() => {
          store.run(sql`UPDATE stripe_invoices SET retries_done = ${attempt}, updated_at = ${now().toISOString()} WHERE id = ${row.id}`);
          appendAudit(store, now(), STRIPE_ACTOR, null, { action: 'invoice.retry', entityType: 'enrollment', entityId: row.enrollment_id, after: { invoice: row.invoice_id, attempt, outcome: 'paid' } });
        });
        if (await recordPaid(gateway, row)) result.recorded += 1;
        result.paid += 1;
      }
    } catch (e) {
      const err = e as { retryable?: boolean; message?: string; details?: { stripeCode?: string | null } };
      if (err.retryable !== false) throw e; // offline or Stripe down: the same attempt (same key) next run
      if (err.details?.stripeCode === 'invoice_already_paid') {
        if (await recordPaid(gateway, row)) result.recorded += 1;
        return;
      }
      const after = store.transaction(() => {
        const updated = noteRetryFailed(store, row.id, err.message ?? 'The card was declined', now(), offsets);
        appendAudit(store, now(), STRIPE_ACTOR, null, { action: 'invoice.retry', entityType: 'enrollment', entityId: row.enrollment_id, after: { invoice: row.invoice_id, attempt, outcome: updated.delinquent_at ? 'delinquent' : 'failed', reason: err.message ?? null, nextRetryAt: updated.next_retry_at } });
        return updated;
      });
      result.failed += 1;
      if (after.delinquent_at) result.delinquent += 1;
    }
  }

  /** A fixed-count plan: once its last period is paid, Stripe stops at the end of that period. */
  async function endFixedCount(gateway: StripeGateway, sub: SubscriptionRow, result: BillingRunResult): Promise<void> {
    const paidPeriods = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM stripe_invoices WHERE subscription_row_id = ${sub.id} AND status = 'paid'`)?.n ?? 0;
    if (sub.periods === null || paidPeriods < sub.periods || !sub.subscription_id) return;
    const answer = await gateway.cancelSubscription({ key: `bursar-subcancel-${sub.id}-end`, subscriptionId: sub.subscription_id, atPeriodEnd: true });
    store.transaction(() => {
      const current = findSubscriptionRow(store, sub.id);
      if (current && isSubscriptionStatus(answer.status)) applySubscriptionStatus(store, current, { status: answer.status, cancelAtPeriodEnd: answer.cancelAtPeriodEnd, at: Math.max(current.status_at, Math.floor(now().getTime() / 1000)) }, now());
      appendAudit(store, now(), STRIPE_ACTOR, null, { action: 'subscription.end', entityType: 'enrollment', entityId: sub.enrollment_id, after: { subscription: sub.id, periods: sub.periods } });
    });
    result.subscriptionsEnded += 1;
  }

  async function run(): Promise<BillingRunResult> {
    const result: BillingRunResult = { retried: 0, paid: 0, failed: 0, delinquent: 0, skippedPaused: 0, recorded: 0, subscriptionsEnded: 0 };
    const gateway = options.gateway();
    if (!gateway) return result;
    try {
      const awaiting = store.all<InvoiceRow>(sql`SELECT * FROM stripe_invoices WHERE status = 'paid' AND payment_id IS NULL AND invoice_id IS NOT NULL ORDER BY updated_at LIMIT 100`);
      for (const row of awaiting) if (await recordPaid(gateway, row)) result.recorded += 1;
      const due = store.all<InvoiceRow>(sql`SELECT * FROM stripe_invoices
        WHERE next_retry_at IS NOT NULL AND next_retry_at <= ${now().toISOString()} AND status = 'open' AND payment_id IS NULL AND delinquent_at IS NULL AND invoice_id IS NOT NULL
        ORDER BY next_retry_at, id LIMIT 100`);
      for (const row of due) await retry(gateway, row, result);
      const fixed = store.all<SubscriptionRow>(sql`SELECT * FROM stripe_subscriptions WHERE periods IS NOT NULL AND cancel_at_period_end = 0 AND status IN ('active', 'past_due', 'trialing') AND subscription_id IS NOT NULL`);
      for (const sub of fixed) await endFixedCount(gateway, sub, result);
    } catch (e) {
      // Offline or Stripe down: what is left stays due (same keys) for the next run.
      if ((e as { retryable?: boolean }).retryable === false) throw e;
    } finally {
      if (result.retried + result.recorded + result.subscriptionsEnded > 0) options.onChanged();
    }
    return result;
  }

  return createPeriodicJob('billing', run, 10 * 60_000, options.logError);
}
