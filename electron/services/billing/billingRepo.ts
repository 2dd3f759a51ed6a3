import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { BillingInvoiceView, SubscriptionStatus, SubscriptionView } from '../../../shared/contract/billing';
import { notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { getPaymentView } from '../payments/paymentsRepo';

export type SubscriptionRow = {
  id: string;
  enrollment_id: string;
  payer_id: string;
  price_id: string | null;
  subscription_id: string | null;
  status: SubscriptionStatus;
  status_at: number;
  cancel_at_period_end: number;
  periods: number | null;
  created_at: string;
  updated_at: string;
};

export type InvoiceRow = {
  id: string;
  source: 'invoice' | 'subscription';
  enrollment_id: string;
  payer_id: string;
  subscription_row_id: string | null;
  item_ids_json: string;
  amount: number;
  currency: string;
  invoice_id: string | null;
  payment_intent_id: string | null;
  hosted_url: string | null;
  status: z.infer<typeof BillingInvoiceView>['status'];
  payment_id: string | null;
  failure_message: string | null;
  first_failed_at: number | null;
  retries_done: number;
  next_retry_at: string | null;
  delinquent_at: string | null;
  created_at: string;
  updated_at: string;
};

const derived = (prefix: string, requestId: string): string => `${prefix}_${createHash('sha256').update(requestId).digest('hex').slice(0, 24)}`;

/** Local ids derived from the client's request id: a retry after a crash finds the row and reuses its Stripe keys. */
export const subscriptionRowId = (requestId: string): string => derived('bsub', requestId);
export const invoiceRowId = (requestId: string): string => derived('binv', requestId);
/** A subscription's invoices are made by Stripe (first and renewals): the local row is named after the Stripe id. */
export const subscriptionInvoiceRowId = (stripeInvoiceId: string): string => `bsi_${stripeInvoiceId}`.slice(0, 64);

export const itemIdsOf = (row: InvoiceRow): string[] => JSON.parse(row.item_ids_json) as string[];

export function findSubscriptionRow(store: Store, id: string): SubscriptionRow | undefined {
  return store.get<SubscriptionRow>(sql`SELECT * FROM stripe_subscriptions WHERE id = ${id}`);
}

export function findSubscriptionByStripeId(store: Store, subscriptionId: string): SubscriptionRow | undefined {
  return store.get<SubscriptionRow>(sql`SELECT * FROM stripe_subscriptions WHERE subscription_id = ${subscriptionId}`);
}

/** The enrollment's subscription that is not over (at most one: a partial unique index). */
export function liveSubscriptionOf(store: Store, enrollmentId: string): SubscriptionRow | undefined {
  return store.get<SubscriptionRow>(sql`SELECT * FROM stripe_subscriptions WHERE enrollment_id = ${enrollmentId} AND status NOT IN ('canceled', 'incomplete_expired')`);
}

export function latestSubscriptionOf(store: Store, enrollmentId: string): SubscriptionRow | undefined {
  return store.get<SubscriptionRow>(sql`SELECT * FROM stripe_subscriptions WHERE enrollment_id = ${enrollmentId} ORDER BY (status NOT IN ('canceled', 'incomplete_expired')) DESC, created_at DESC LIMIT 1`);
}

export function findInvoiceRow(store: Store, id: string): InvoiceRow | undefined {
  return store.get<InvoiceRow>(sql`SELECT * FROM stripe_invoices WHERE id = ${id}`);
}

export function getInvoiceRow(store: Store, id: string): InvoiceRow {
  const row = findInvoiceRow(store, id);
  if (!row) throw notFound('Invoice', id);
  return row;
}

export function findInvoiceByStripeId(store: Store, invoiceId: string): InvoiceRow | undefined {
  return store.get<InvoiceRow>(sql`SELECT * FROM stripe_invoices WHERE invoice_id = ${invoiceId}`);
}

export function insertSubscriptionRow(store: Store, r: { id: string; enrollmentId: string; payerId: string; periods: number | null }, at: Date): void {
  const ts = at.toISOString();
  store.run(sql`INSERT INTO stripe_subscriptions (id, enrollment_id, payer_id, status, periods, created_at, updated_at)
    VALUES (${r.id}, ${r.enrollmentId}, ${r.payerId}, 'creating', ${r.periods}, ${ts}, ${ts})`);
}

export function insertInvoiceRow(
  store: Store,
  r: { id: string; source: InvoiceRow['source']; enrollmentId: string; payerId: string; subscriptionRowId: string | null; itemIds: string[]; amount: number; currency: string; invoiceId: string | null; status: InvoiceRow['status'] },
  at: Date,
): void {
  const ts = at.toISOString();
  store.run(sql`INSERT INTO stripe_invoices (id, source, enrollment_id, payer_id, subscription_row_id, item_ids_json, amount, currency, invoice_id, status, created_at, updated_at)
    VALUES (${r.id}, ${r.source}, ${r.enrollmentId}, ${r.payerId}, ${r.subscriptionRowId}, ${JSON.stringify(r.itemIds)}, ${r.amount}, ${r.currency}, ${r.invoiceId}, ${r.status}, ${ts}, ${ts})`);
}

/** Fills in what Stripe answered; never moves a paid invoice back to open. */
export function noteStripeInvoice(store: Store, id: string, change: { invoiceId: string; hostedUrl: string | null; paymentIntentId: string | null; status: 'open' | 'paid' | 'void' | 'uncollectible' }, at: Date): void {
  store.run(sql`UPDATE stripe_invoices SET
      invoice_id = coalesce(invoice_id, ${change.invoiceId}),
      hosted_url = coalesce(${change.hostedUrl}, hosted_url),
      payment_intent_id = coalesce(payment_intent_id, ${change.paymentIntentId}),
      status = CASE WHEN status = 'paid' THEN 'paid' WHEN status = 'creating' OR ${change.status} <> 'open' THEN ${change.status} ELSE status END,
      next_retry_at = CASE WHEN ${change.status} IN ('paid', 'void', 'uncollectible') THEN NULL ELSE next_retry_at END,
      updated_at = ${at.toISOString()}
    WHERE id = ${id}`);
}

export function toSubscriptionView(store: Store, r: SubscriptionRow): z.infer<typeof SubscriptionView> {
  const first = store.get<{ invoice_id: string | null; hosted_url: string | null }>(sql`SELECT invoice_id, hosted_url FROM stripe_invoices WHERE subscription_row_id = ${r.id} ORDER BY created_at, id LIMIT 1`);
  return {
    id: r.id,
    enrollmentId: r.enrollment_id,
    subscriptionId: r.subscription_id,
    status: r.status,
    cancelAtPeriodEnd: r.cancel_at_period_end === 1,
    periods: r.periods,
    firstInvoiceId: first?.invoice_id ?? null,
    hostedUrl: first?.hosted_url ?? null,
  };
}

export function toInvoiceView(store: Store, r: InvoiceRow): z.infer<typeof BillingInvoiceView> {
  const payment = r.payment_id ? getPaymentView(store, r.payment_id) : undefined;
  return {
    id: r.id,
    source: r.source,
    enrollmentId: r.enrollment_id,
    itemIds: itemIdsOf(r),
    amount: r.amount,
    currency: r.currency,
    invoiceId: r.invoice_id,
    hostedUrl: r.hosted_url,
    status: r.status,
    paymentId: r.payment_id,
    receiptNumber: payment?.receipt.number ?? null,
    failureMessage: r.failure_message,
    retriesDone: r.retries_done,
    nextRetryAt: r.next_retry_at,
    delinquentAt: r.delinquent_at,
  };
}

export function invoicesOfEnrollment(store: Store, enrollmentId: string): InvoiceRow[] {
  return store.all<InvoiceRow>(sql`SELECT * FROM stripe_invoices WHERE enrollment_id = ${enrollmentId} ORDER BY created_at DESC, id DESC LIMIT 100`);
}
