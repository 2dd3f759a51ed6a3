import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { newId } from '../../store/ids';
import { appendAudit } from '../audit/auditLog';
import { post } from '../ledger/ledgerRepo';
import type { LedgerRow } from '../ledger/ledgerRepo';
import type { PaymentRow } from '../payments/paymentsRepo';
import { itemRowsOfEnrollment } from '../schedules/scheduleItemsRepo';
import { paidOnEnrollment, releaseOrder } from './executeRefund';
import { getRefundRow, insertRefund, refundedOfPayment } from './refundsRepo';
import type { RefundRow } from './refundsRepo';
import { markRefundFailed, markRefundSucceeded } from './stripeRefunds';

/** What the desk reads of a Stripe refund, from an event's object or from the refunds list of a charge. */
export type StripeRefundFacts = {
  id: string;
  amount: number;
  /** ISO code, upper case. */
  currency: string;
  status: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  metadata: Record<string, string>;
  failureReason: string | null;
};

export type StripeRefundOutcome = { outcome: 'applied' | 'unmatched' | 'stale'; detail: string };

export const DASHBOARD_REFUND_REASON = "refunded in Stripe's Dashboard";

const isFailure = (status: string): boolean => status === 'failed' || status === 'canceled';

type Wire = { id?: unknown; amount?: unknown; currency?: unknown; status?: unknown; charge?: unknown; payment_intent?: unknown; metadata?: unknown; failure_reason?: unknown };

const idOf = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null);

/** Reads a refund object as Stripe sends it (snake_case JSON); null when it is not a refund. */
export function refundFactsOf(object: unknown): StripeRefundFacts | null {
  if (typeof object !== 'object' || object === null) return null;
  const r = object as Wire;
  if (typeof r.id !== 'string' || typeof r.amount !== 'number' || !Number.isSafeInteger(r.amount) || typeof r.currency !== 'string') return null;
  const metadata: Record<string, string> = {};
  if (typeof r.metadata === 'object' && r.metadata !== null) for (const [k, v] of Object.entries(r.metadata)) if (typeof v === 'string') metadata[k] = v;
  return {
    id: r.id,
    amount: r.amount,
    currency: r.currency.toUpperCase(),
    status: typeof r.status === 'string' ? r.status : 'pending',
    chargeId: idOf(r.charge),
    paymentIntentId: idOf(r.payment_intent),
    metadata,
    failureReason: typeof r.failure_reason === 'string' ? r.failure_reason : null,
  };
}

/** The card payment a Stripe refund (or charge) belongs to, by payment intent or charge id. */
export function findCardPayment(store: Store, ids: { paymentIntentId: string | null; chargeId: string | null }): PaymentRow | undefined {
  if (ids.paymentIntentId) {
    const byIntent = store.get<PaymentRow>(sql`SELECT * FROM payments WHERE stripe_payment_intent_id = ${ids.paymentIntentId}`);
    if (byIntent) return byIntent;
  }
  return ids.chargeId ? store.get<PaymentRow>(sql`SELECT * FROM payments WHERE stripe_charge_id = ${ids.chargeId}`) : undefined;
}

/**
 * The local refund a Stripe refund is: the row that already carries its id, else the one its
 * metadata names (Bursar's own outbox refunds carry `bursar_refund_id`).
 */
function localRefundOf(store: Store, refund: StripeRefundFacts): RefundRow | undefined {
  const byStripeId = store.get<RefundRow>(sql`SELECT * FROM refunds WHERE stripe_refund_id = ${refund.id}`);
  if (byStripeId) return byStripeId;
  const localId = refund.metadata['bursar_refund_id'];
  return localId ? store.get<RefundRow>(sql`SELECT * FROM refunds WHERE id = ${localId} AND method = 'card'`) : undefined;
}

/**
 * Brings one Stripe refund into the books, whichever way it arrives (`refund.created`,
 * `refund.updated`, `charge.refund.updated`, or in the refunds of a `charge.refunded`), in any
 * order and any number of times. Bursar's own refund (outbox) is matched and settled; a refund
 * made outside Bursar (Stripe's Dashboard) is recorded as a card refund of its payment, with the
 * same ledger rows a cashier's refund writes, exactly once (the refund id is unique on `refunds`).
 * A failure is final at Stripe: it reverses the refund as a failed card refund does (the money
 * goes to payer credit) and a later "succeeded" snapshot never revives it. Runs in the caller's
 * transaction (the event's).
 */
export function applyStripeRefund(store: Store, refund: StripeRefundFacts, source: { eventId: string; at: Date }): StripeRefundOutcome {
  const at = source.at;
  const local = localRefundOf(store, refund);
  if (local) {
    if (local.stripe_refund_id !== null && local.stripe_refund_id !== refund.id) {
      return { outcome: 'unmatched', detail: `refund ${refund.id} names local refund ${local.id}, which is Stripe refund ${local.stripe_refund_id}` };
    }
    if (local.status === 'failed') {
      // Failed at the desk without Stripe's word (the outbox gave up) while Stripe did refund:
      // the amount sits on payer credit and also left by card. Never silent; settled by hand.
      if (local.stripe_refund_id === null && !isFailure(refund.status)) {
        return { outcome: 'unmatched', detail: `Stripe refunded ${refund.amount} ${refund.currency} as ${refund.id} for refund ${local.id}, which the desk had marked failed (${local.failure_reason ?? 'no reason'}) and put on payer credit: settle the payer's credit by hand` };
      }
      return { outcome: 'stale', detail: `refund ${local.id} already failed (${refund.id}); a failure is final` };
    }
    if (isFailure(refund.status)) {
      markRefundFailed(store, local.id, { reason: refund.failureReason ?? `Stripe reported the refund ${refund.status}`, stripeRefundId: refund.id }, at, { afterSuccess: true });
      return { outcome: 'applied', detail: `refund ${local.id} failed at Stripe; ${local.amount} went to payer credit` };
    }
    if (local.status === 'pending') {
      markRefundSucceeded(store, local.id, { id: refund.id, status: refund.status }, at);
      return { outcome: 'applied', detail: `matched refund ${local.id}` };
    }
    return { outcome: 'applied', detail: `refund ${local.id} already recorded as ${refund.id}` };
  }

  const payment = findCardPayment(store, refund);
  if (!payment) return { outcome: 'unmatched', detail: `refund ${refund.id} (${refund.amount} ${refund.currency}) is for a payment that is not on this desk` };
  if (payment.method !== 'card' || payment.status !== 'completed') return { outcome: 'unmatched', detail: `refund ${refund.id} is for payment ${payment.id}, which is not a completed card payment` };
  if (refund.currency !== payment.currency) return { outcome: 'unmatched', detail: `refund ${refund.id} is in ${refund.currency}, payment ${payment.id} in ${payment.currency}` };
  if (refund.amount <= 0) return { outcome: 'unmatched', detail: `refund ${refund.id} has no amount` };
  const refunded = refundedOfPayment(store, payment.id);
  if (refund.amount > payment.amount - refunded) {
    return {
      outcome: 'unmatched',
      detail: `Stripe refund ${refund.id} of ${refund.amount} ${refund.currency} is more than is left of payment ${payment.id} (${payment.amount} paid, ${refunded} already refunded): not recorded; check the payment in Stripe's Dashboard`,
    };
  }
  const recorded = recordOutsideRefund(store, payment, refund, source);
  if (typeof recorded === 'string') return { outcome: 'unmatched', detail: recorded };
  if (isFailure(refund.status)) {
    // Seen first as failed (events out of order): recorded and reversed at once, so the end state
    // is the same as when "created" came first and "failed" after.
    markRefundFailed(store, recorded.id, { reason: refund.failureReason ?? `Stripe reported the refund ${refund.status}`, stripeRefundId: refund.id }, at, { afterSuccess: true });
    return { outcome: 'applied', detail: `refund ${refund.id} made outside Bursar failed at Stripe; recorded as ${recorded.id}, reversed to payer credit` };
  }
  return { outcome: 'applied', detail: `refund ${refund.id} made outside Bursar recorded as ${recorded.id} on payment ${payment.id}` };
}

/**
 * Writes a refund made outside Bursar as the cashier's card refund would be: one `refunds` row
 * (card, succeeded, Stripe's id), the paid items it releases (cancelled or waived items first,
 * then latest due, a deposit last, as the cashier's refunds do) and the money out. Returns why
 * it cannot when the enrollment's paid items do not hold that much (the card payment went partly
 * to payer credit, or was refunded in part by other means): that is for a person to settle.
 */
function recordOutsideRefund(store: Store, payment: PaymentRow, refund: StripeRefundFacts, source: { eventId: string; at: Date }): RefundRow | string {
  const release = releaseOrder(itemRowsOfEnrollment(store, payment.enrollment_id));
  const paid = paidOnEnrollment(store, payment.enrollment_id);
  if (refund.amount > paid) {
    return `Stripe refund ${refund.id} of ${refund.amount} ${refund.currency} is more than is still paid on enrollment ${payment.enrollment_id} (${paid}): not recorded; settle it by hand`;
  }
  const row = insertRefund(store, {
    operation_id: newId('rfo'),
    cancellation_id: null,
    enrollment_id: payment.enrollment_id,
    payer_id: payment.payer_id,
    payment_id: payment.id,
    method: 'card',
    amount: refund.amount,
    currency: payment.currency,
    source: 'enrollment',
    status: 'succeeded',
    reason: DASHBOARD_REFUND_REASON,
    check_number: null,
    reference: null,
    // Not made at a desk: it belongs to no drawer session's Z report.
    session_id: null,
    created_by: null,
  }, source.at);
  store.run(sql`UPDATE refunds SET stripe_refund_id = ${refund.id} WHERE id = ${row.id}`);
  const tag = { currency: payment.currency, payerId: payment.payer_id, enrollmentId: payment.enrollment_id, refundId: row.id, paymentId: payment.id };
  const rows: LedgerRow[] = [];
  let left = refund.amount;
  for (const item of release) {
    if (left === 0) break;
    const take = Math.min(item.paid, left);
    rows.push({ ...tag, account: 'allocated', itemId: item.id, amount: -take });
    left -= take;
  }
  rows.push({ ...tag, account: 'refunded', amount: refund.amount });
  post(store, 'refund', source.at, rows);
  const after = getRefundRow(store, row.id);
  appendAudit(store, source.at, { id: null, name: `stripe event ${source.eventId}` }, null, {
    action: 'refund.stripe_dashboard',
    entityType: 'refund',
    entityId: row.id,
    after: { paymentId: payment.id, amount: refund.amount, currency: payment.currency, stripeRefundId: refund.id, released: rows.filter((r) => r.account === 'allocated').map((r) => ({ itemId: r.itemId, amount: -r.amount })), eventId: source.eventId },
  });
  return after;
}
