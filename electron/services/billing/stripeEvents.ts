import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import type { EventContext, EventHandlers } from '../../sync/eventHandlers';
import { findInvoiceByStripeId, findInvoiceRow, findSubscriptionByStripeId, findSubscriptionRow, getInvoiceRow, insertInvoiceRow, subscriptionInvoiceRowId } from './billingRepo';
import type { InvoiceRow, SubscriptionRow } from './billingRepo';
import { markPaidAwaitingIntent, noteInvoiceFailure, settleInvoice } from './invoiceSettlement';
import { applySubscriptionStatus, isSubscriptionStatus } from './subscriptionStatus';

type Ref = string | { id: string } | null | undefined;
const refId = (r: Ref): string | null => (typeof r === 'string' ? r : (r?.id ?? null));

export type InvoiceObject = {
  id: string;
  status?: string | null;
  amount_due?: number;
  amount_paid?: number;
  currency?: string;
  attempt_count?: number;
  metadata?: Record<string, string> | null;
  parent?: { subscription_details?: { subscription?: Ref; metadata?: Record<string, string> | null } | null } | null;
  status_transitions?: { paid_at?: number | null } | null;
  /** Only when expanded (or on older API versions): the payment intent that paid it. */
  payment_intent?: Ref;
  payments?: { data?: { payment?: { payment_intent?: Ref }; status?: string }[] } | null;
  last_finalization_error?: { message?: string } | null;
};

type InvoicePaymentObject = { id: string; invoice?: Ref; amount_paid?: number | null; currency?: string; status?: string; payment?: { payment_intent?: Ref }; status_transitions?: { paid_at?: number | null } };

type SubscriptionObject = { id: string; status?: string; cancel_at_period_end?: boolean; metadata?: Record<string, string> | null };

/** The payment intent an invoice event names, where the payload carries one. */
function intentOfPayload(inv: InvoiceObject): string | null {
  const direct = refId(inv.payment_intent);
  if (direct) return direct;
  const paid = inv.payments?.data?.find((p) => p.status === 'paid') ?? inv.payments?.data?.[0];
  return refId(paid?.payment?.payment_intent);
}

/**
 * The owed `period` items a subscription invoice pays: the earliest not yet claimed by another
 * of its invoices (one period per invoice).
 */
function nextPeriodItems(store: Store, sub: SubscriptionRow): string[] {
  const claimed = new Set(
    store
      .all<{ item_ids_json: string }>(sql`SELECT item_ids_json FROM stripe_invoices WHERE enrollment_id = ${sub.enrollment_id} AND status NOT IN ('void', 'uncollectible')`)
      .flatMap((r) => JSON.parse(r.item_ids_json) as string[]),
  );
  const open = store.all<{ id: string }>(
    sql`SELECT id FROM schedule_items WHERE enrollment_id = ${sub.enrollment_id} AND kind = 'period' AND state = 'open' AND amount - paid_amount > 0 ORDER BY seq LIMIT 50`,
  );
  const next = open.find((i) => !claimed.has(i.id));
  return next ? [next.id] : [];
}

/**
 * The desk's row for a Stripe invoice: by its id, by the local id in its metadata (the create
 * action may not have stored the Stripe id yet), or — for an invoice of one of our
 * subscriptions (a renewal) — a new row for the next owed period.
 */
export function resolveInvoiceRow(store: Store, inv: InvoiceObject, now: Date): InvoiceRow | undefined {
  const byId = findInvoiceByStripeId(store, inv.id);
  if (byId) return byId;
  const localId = inv.metadata?.bursar_invoice;
  const byMeta = localId ? findInvoiceRow(store, localId) : undefined;
  if (byMeta) {
    if (!byMeta.invoice_id) store.run(sql`UPDATE stripe_invoices SET invoice_id = ${inv.id}, updated_at = ${now.toISOString()} WHERE id = ${byMeta.id}`);
    return getInvoiceRow(store, byMeta.id);
  }
  const subId = refId(inv.parent?.subscription_details?.subscription);
  const sub = subId ? findSubscriptionByStripeId(store, subId) : undefined;
  const amount = inv.amount_due ?? 0;
  if (!sub || amount <= 0) return undefined;
  const id = subscriptionInvoiceRowId(inv.id);
  insertInvoiceRow(store, { id, source: 'subscription', enrollmentId: sub.enrollment_id, payerId: sub.payer_id, subscriptionRowId: sub.id, itemIds: nextPeriodItems(store, sub), amount, currency: (inv.currency ?? '').toUpperCase(), invoiceId: inv.id, status: 'open' }, now);
  return getInvoiceRow(store, id);
}

function onInvoicePaid(ctx: EventContext) {
  const inv = ctx.event.data.object as unknown as InvoiceObject;
  const row = resolveInvoiceRow(ctx.store, inv, ctx.now());
  if (!row) return { outcome: 'unmatched' as const, detail: `invoice ${inv.id} was not sent by Bursar` };
  if (row.payment_id) return { outcome: 'applied' as const, detail: `already recorded as ${row.payment_id}` };
  const intent = intentOfPayload(inv) ?? row.payment_intent_id;
  if (!intent) {
    markPaidAwaitingIntent(ctx.store, row.id, ctx.now());
    return { outcome: 'applied' as const, detail: `invoice ${inv.id} paid; its payment is recorded once Stripe names the payment intent` };
  }
  const settled = settleInvoice(ctx.store, row.id, { paymentIntentId: intent, amount: inv.amount_paid ?? row.amount, currency: inv.currency ?? row.currency, paidAtSeconds: inv.status_transitions?.paid_at ?? ctx.event.created }, ctx.now());
  return { outcome: 'applied' as const, detail: settled.created ? `payment ${settled.paymentId}` : `already recorded as ${settled.paymentId}` };
}

/** Carries both the invoice and the payment intent: the surest route to the one payment. */
function onInvoicePaymentPaid(ctx: EventContext) {
  const ip = ctx.event.data.object as unknown as InvoicePaymentObject;
  const invoiceId = refId(ip.invoice);
  const intent = refId(ip.payment?.payment_intent);
  const row = invoiceId ? findInvoiceByStripeId(ctx.store, invoiceId) : undefined;
  if (!row || !intent) return { outcome: 'unmatched' as const, detail: `invoice payment ${ip.id} is not for an invoice Bursar knows` };
  if (row.payment_id) return { outcome: 'applied' as const, detail: `already recorded as ${row.payment_id}` };
  const settled = settleInvoice(ctx.store, row.id, { paymentIntentId: intent, amount: ip.amount_paid ?? row.amount, currency: ip.currency ?? row.currency, paidAtSeconds: ip.status_transitions?.paid_at ?? ctx.event.created }, ctx.now());
  return { outcome: 'applied' as const, detail: `payment ${settled.paymentId}` };
}

function onInvoiceFailed(ctx: EventContext) {
  const inv = ctx.event.data.object as unknown as InvoiceObject;
  const row = resolveInvoiceRow(ctx.store, inv, ctx.now());
  if (!row) return { outcome: 'unmatched' as const, detail: `invoice ${inv.id} was not sent by Bursar` };
  const message = inv.last_finalization_error?.message ?? `The card payment of invoice ${inv.id} failed`;
  const outcome = noteInvoiceFailure(ctx.store, row, ctx.event.created, message, ctx.now());
  return { outcome, detail: outcome === 'applied' ? `retries planned from ${new Date(ctx.event.created * 1000).toISOString()}` : 'already paid or retrying' };
}

function onInvoiceEnded(status: 'void' | 'uncollectible') {
  return (ctx: EventContext) => {
    const inv = ctx.event.data.object as unknown as InvoiceObject;
    const row = findInvoiceByStripeId(ctx.store, inv.id);
    if (!row) return { outcome: 'unmatched' as const, detail: `invoice ${inv.id} was not sent by Bursar` };
    if (row.status === 'paid') return { outcome: 'stale' as const, detail: 'already paid' };
    ctx.store.run(sql`UPDATE stripe_invoices SET status = ${status}, next_retry_at = NULL, updated_at = ${ctx.now().toISOString()} WHERE id = ${row.id}`);
    return { outcome: 'applied' as const, detail: `invoice ${status}` };
  };
}

function onSubscription(deleted: boolean) {
  return (ctx: EventContext) => {
    const sub = ctx.event.data.object as unknown as SubscriptionObject;
    const localId = sub.metadata?.bursar_subscription;
    const row = findSubscriptionByStripeId(ctx.store, sub.id) ?? (localId ? findSubscriptionRow(ctx.store, localId) : undefined);
    if (!row) return { outcome: 'unmatched' as const, detail: `subscription ${sub.id} was not started by Bursar` };
    if (!row.subscription_id) ctx.store.run(sql`UPDATE stripe_subscriptions SET subscription_id = ${sub.id} WHERE id = ${row.id}`);
    // The sync engine says a newer event for this subscription was applied already.
    if (!ctx.newest) return { outcome: 'stale' as const, detail: 'a newer event for this subscription was applied' };
    const status = deleted ? 'canceled' : sub.status;
    if (!isSubscriptionStatus(status)) return { outcome: 'ignored' as const, detail: `unknown subscription status ${String(status)}` };
    const outcome = applySubscriptionStatus(ctx.store, { ...row, subscription_id: sub.id }, { status, cancelAtPeriodEnd: sub.cancel_at_period_end ?? false, at: ctx.event.created }, ctx.now());
    return { outcome, detail: `subscription ${status}` };
  };
}

export function registerBillingEventHandlers(handlers: EventHandlers): void {
  handlers.register('invoice.paid', onInvoicePaid);
  handlers.register('invoice_payment.paid', onInvoicePaymentPaid);
  handlers.register('invoice.payment_failed', onInvoiceFailed);
  handlers.register('invoice.voided', onInvoiceEnded('void'));
  handlers.register('invoice.marked_uncollectible', onInvoiceEnded('uncollectible'));
  handlers.register('customer.subscription.created', onSubscription(false));
  handlers.register('customer.subscription.updated', onSubscription(false));
  handlers.register('customer.subscription.deleted', onSubscription(true));
}
