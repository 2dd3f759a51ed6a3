import { AppError } from '../../core/errors';
import { sql } from '../../store/sql';
import type { EventContext, EventHandlers } from '../../sync/eventHandlers';
import { findPaymentByIntent } from '../payments/paymentsRepo';
import { recordCardPayment } from '../payments/cardPayments';
import { markRefundFailed, markRefundSucceeded } from '../refunds/stripeRefunds';
import { getRefundRow } from '../refunds/refundsRepo';
import { settleInvoiceByIntent } from '../billing/invoiceSettlement';
import { updateCardRequest } from './cardRequests';

type IntentObject = {
  id: string;
  amount_received?: number;
  currency?: string;
  latest_charge?: string | { id: string } | null;
  metadata?: Record<string, string>;
  last_payment_error?: { message?: string } | null;
};

type RefundObject = { id: string; status?: string | null; amount?: number; metadata?: Record<string, string>; failure_reason?: string | null };
type ChargeObject = { id: string; payment_intent?: string | null; amount_refunded?: number; currency?: string };

/** Records a Stripe card payment on the desk (webhook, catch-up or a status check): once per intent. */
export function applySucceededIntent(ctx: Pick<EventContext, 'store' | 'now'>, pi: IntentObject, createdSeconds: number): { outcome: 'applied' | 'unmatched'; detail?: string } {
  const enrollmentId = pi.metadata?.bursar_enrollment;
  if (!enrollmentId) {
    // An invoice's intent carries no Bursar metadata: it pays a Stripe invoice the desk sent (billing).
    const invoice = settleInvoiceByIntent(ctx.store, pi.id, { amount: pi.amount_received ?? 0, currency: pi.currency ?? '', paidAtSeconds: createdSeconds }, ctx.now());
    if (invoice) return { outcome: 'applied', detail: invoice };
    return { outcome: 'unmatched', detail: 'payment was not started by Bursar (no enrollment in metadata)' };
  }
  try {
    const { payment, created } = recordCardPayment(
      ctx.store,
      {
        paymentIntentId: pi.id,
        chargeId: typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null),
        enrollmentId,
        amount: pi.amount_received ?? 0,
        currency: (pi.currency ?? '').toUpperCase(),
        receivedAt: new Date(createdSeconds * 1000),
        itemIds: pi.metadata?.bursar_items ? pi.metadata.bursar_items.split(',').filter(Boolean) : undefined,
      },
      { now: ctx.now() },
    );
    const requestId = pi.metadata?.bursar_card_request;
    if (requestId) updateCardRequest(ctx.store, requestId, { paymentIntentId: pi.id, status: 'paid' }, ctx.now());
    return { outcome: 'applied', detail: created ? `payment ${payment.id}, receipt ${payment.receipt.number}` : `already recorded as ${payment.id}` };
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION')) return { outcome: 'unmatched', detail: e.message };
    throw e;
  }
}

function onRefund(ctx: EventContext) {
  const refund = ctx.event.data.object as unknown as RefundObject;
  const localId = refund.metadata?.bursar_refund_id;
  const known = localId ? ctx.store.get<{ id: string }>(sql`SELECT id FROM refunds WHERE id = ${localId}`) : undefined;
  if (!localId || !known) return { outcome: 'unmatched' as const, detail: `refund ${refund.id} was made outside Bursar (e.g. in Stripe's Dashboard); record it at the desk` };
  const local = getRefundRow(ctx.store, localId);
  if (refund.status === 'failed' || refund.status === 'canceled') {
    if (local.status === 'pending') markRefundFailed(ctx.store, localId, { reason: refund.failure_reason ?? `Stripe reported the refund ${refund.status}`, stripeRefundId: refund.id }, ctx.now());
    return { outcome: 'applied' as const, detail: `refund ${localId} failed at Stripe` };
  }
  if (local.status === 'pending') markRefundSucceeded(ctx.store, localId, { id: refund.id, status: refund.status ?? null }, ctx.now());
  return { outcome: 'applied' as const, detail: `matched refund ${localId}` };
}

export function registerCardEventHandlers(handlers: EventHandlers): void {
  handlers.register('payment_intent.succeeded', (ctx) => applySucceededIntent(ctx, ctx.event.data.object as unknown as IntentObject, ctx.event.created));
  handlers.register('payment_intent.payment_failed', (ctx) => {
    const pi = ctx.event.data.object as unknown as IntentObject;
    const requestId = pi.metadata?.bursar_card_request;
    if (!requestId || !ctx.store.get(sql`SELECT 1 AS x FROM card_requests WHERE id = ${requestId}`)) return { outcome: 'unmatched', detail: 'payment was not started by Bursar' };
    // A later success (a second try with another card) wins: never mark a paid request failed.
    if (findPaymentByIntent(ctx.store, pi.id)) return { outcome: 'stale', detail: 'already paid' };
    updateCardRequest(ctx.store, requestId, { paymentIntentId: pi.id, status: 'failed', failureMessage: pi.last_payment_error?.message ?? 'The card payment failed' }, ctx.now());
    return { outcome: 'applied', detail: pi.last_payment_error?.message ?? 'payment failed' };
  });
  handlers.register('refund.created', onRefund);
  handlers.register('refund.updated', onRefund);
  handlers.register('charge.refunded', (ctx) => {
    const charge = ctx.event.data.object as unknown as ChargeObject;
    const payment = charge.payment_intent ? findPaymentByIntent(ctx.store, charge.payment_intent) : null;
    if (!payment) return { outcome: 'unmatched', detail: `charge ${charge.id} is not a payment on this desk` };
    const ours = ctx.store.get<{ total: number }>(sql`SELECT coalesce(sum(amount), 0) AS total FROM refunds WHERE payment_id = ${payment.id} AND method = 'card' AND status <> 'failed'`)?.total ?? 0;
    const atStripe = charge.amount_refunded ?? 0;
    if (atStripe > ours) return { outcome: 'unmatched', detail: `Stripe shows ${atStripe} refunded on payment ${payment.id}, Bursar knows ${ours}: a refund was made outside Bursar` };
    return { outcome: 'applied', detail: `refunds of payment ${payment.id} match` };
  });
}
