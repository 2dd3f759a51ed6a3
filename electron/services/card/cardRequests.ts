import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { CardRequestView } from '../../../shared/contract/card';
import { invalidAs, notFound, refuseAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { getEnrollment } from '../enrollments/enrollmentsRepo';
import { findPaymentByIntent } from '../payments/paymentsRepo';
import { itemRowsOfEnrollment } from '../schedules/scheduleItemsRepo';

export type CardRequestRow = {
  id: string;
  kind: 'intent' | 'link';
  enrollment_id: string;
  payer_id: string;
  item_ids_json: string;
  amount: number;
  currency: string;
  payment_intent_id: string | null;
  checkout_session_id: string | null;
  url: string | null;
  status: 'creating' | 'open' | 'paid' | 'failed';
  failure_message: string | null;
};

/** The local id of a card request, derived from the client's request id: a retry after a crash finds it again. */
export const cardRequestId = (requestId: string): string => `crq_${createHash('sha256').update(requestId).digest('hex').slice(0, 24)}`;

export function findCardRequest(store: Store, id: string): CardRequestRow | undefined {
  return store.get<CardRequestRow>(sql`SELECT * FROM card_requests WHERE id = ${id}`);
}

export function getCardRequest(store: Store, id: string): CardRequestRow {
  const row = findCardRequest(store, id);
  if (!row) throw notFound('Card payment', id);
  return row;
}

export function toCardView(store: Store, r: CardRequestRow): z.infer<typeof CardRequestView> {
  const payment = r.payment_intent_id ? findPaymentByIntent(store, r.payment_intent_id) : undefined;
  return {
    id: r.id,
    kind: r.kind,
    enrollmentId: r.enrollment_id,
    itemIds: JSON.parse(r.item_ids_json) as string[],
    amount: r.amount,
    currency: r.currency,
    paymentIntentId: r.payment_intent_id,
    checkoutSessionId: r.checkout_session_id,
    url: r.url,
    status: payment ? 'paid' : r.status,
    failureMessage: r.failure_message,
    paymentId: payment?.id ?? null,
    receiptNumber: payment?.receipt.number ?? null,
  };
}

/** The items a card payment covers and their outstanding total. */
export function payableItems(store: Store, enrollmentId: string, itemIds: string[] | undefined): { payerId: string; currency: string; itemIds: string[]; amount: number } {
  const enrollment = getEnrollment(store, enrollmentId);
  if (enrollment.status !== 'active') throw refuseAs('CONFLICT', 'enrollment.noNewPayments', { status: enrollment.status }, { enrollmentId });
  const open = itemRowsOfEnrollment(store, enrollmentId).filter((i) => i.state === 'open' && i.amount - i.paid > 0);
  let chosen = open;
  if (itemIds) {
    const byId = new Map(open.map((i) => [i.id, i]));
    const missing = itemIds.filter((id) => !byId.has(id));
    if (missing.length > 0) throw invalidAs('itemIds', 'item.notOwed', {});
    chosen = itemIds.map((id) => byId.get(id)).filter((i): i is NonNullable<typeof i> => i !== undefined);
  }
  if (chosen.length === 0) throw refuseAs('CONFLICT', 'card.nothingOwed', {});
  return { payerId: enrollment.payerId, currency: enrollment.currency, itemIds: chosen.map((i) => i.id), amount: chosen.reduce((sum, i) => sum + i.amount - i.paid, 0) };
}

export function insertCardRequest(store: Store, r: Pick<CardRequestRow, 'id' | 'kind' | 'enrollment_id' | 'payer_id' | 'amount' | 'currency'> & { itemIds: string[] }, at: Date): void {
  const ts = at.toISOString();
  store.run(sql`INSERT INTO card_requests (id, kind, enrollment_id, payer_id, item_ids_json, amount, currency, status, created_at, updated_at)
    VALUES (${r.id}, ${r.kind}, ${r.enrollment_id}, ${r.payer_id}, ${JSON.stringify(r.itemIds)}, ${r.amount}, ${r.currency}, 'creating', ${ts}, ${ts})`);
}

export function updateCardRequest(store: Store, id: string, change: { paymentIntentId?: string | null; checkoutSessionId?: string | null; url?: string | null; status: CardRequestRow['status']; failureMessage?: string | null }, at: Date): void {
  store.run(sql`UPDATE card_requests SET
      payment_intent_id = coalesce(${change.paymentIntentId ?? null}, payment_intent_id),
      checkout_session_id = coalesce(${change.checkoutSessionId ?? null}, checkout_session_id),
      url = coalesce(${change.url ?? null}, url),
      status = ${change.status},
      failure_message = ${change.failureMessage ?? null},
      updated_at = ${at.toISOString()}
    WHERE id = ${id}`);
}

export function storedCustomerId(store: Store, payerId: string): string | null {
  return store.get<{ customer_id: string }>(sql`SELECT customer_id FROM stripe_customers WHERE payer_id = ${payerId}`)?.customer_id ?? null;
}

export function rememberCustomer(store: Store, payerId: string, customerId: string, at: Date): void {
  store.run(sql`INSERT INTO stripe_customers (payer_id, customer_id, created_at) VALUES (${payerId}, ${customerId}, ${at.toISOString()})
    ON CONFLICT (payer_id) DO UPDATE SET customer_id = excluded.customer_id`);
}

/** Metadata that ties a Stripe payment back to the desk (read by the webhook handler). */
export const cardMetadata = (r: { id: string; enrollmentId: string; itemIds: string[]; desk: string }): Record<string, string> => ({
  bursar_card_request: r.id,
  bursar_enrollment: r.enrollmentId,
  bursar_items: r.itemIds.join(',').slice(0, 500),
  bursar_desk: r.desk,
});
