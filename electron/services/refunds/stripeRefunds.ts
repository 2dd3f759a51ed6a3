import type { RefundView } from '../../../shared/contract/refunds';
import { refuseAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { appendAudit } from '../audit/auditLog';
import { post } from '../ledger/ledgerRepo';
import { getRefundRow, toRefundView } from './refundsRepo';

/** The part of Stripe's answer the desk keeps. */
export type StripeRefundAnswer = { id: string; status?: string | null };

/**
 * Stripe confirmed a card refund (the gateway worker calls this with Stripe's answer).
 * The money already left the books when the refund was queued, so only the status and
 * Stripe's id change. Idempotent: a repeated answer returns the refund unchanged.
 */
export function markRefundSucceeded(store: Store, refundId: string, answer: StripeRefundAnswer, at: Date): RefundView {
  return store.transaction(() => {
    const r = getRefundRow(store, refundId);
    if (r.method !== 'card') throw refuseAs('CONFLICT', 'refund.notCard', { method: r.method });
    if (r.status === 'succeeded') {
      if (r.stripe_refund_id !== answer.id) throw refuseAs('CONFLICT', 'refund.otherStripeRefund', {});
      return toRefundView(r);
    }
    if (r.status === 'failed') throw refuseAs('CONFLICT', 'refund.alreadyFailed', {});
    store.run(sql`UPDATE refunds SET status = 'succeeded', stripe_refund_id = ${answer.id}, updated_at = ${at.toISOString()} WHERE id = ${r.id}`);
    const after = getRefundRow(store, r.id);
    appendAudit(store, at, { id: null, name: 'stripe' }, null, { action: 'refund.succeeded', entityType: 'refund', entityId: r.id, before: { status: r.status }, after: { status: 'succeeded', stripeRefundId: answer.id } });
    return toRefundView(after);
  });
}

/**
 * Stripe refused a card refund for good (the worker decides it will not retry). The money
 * did not leave, so it is put on the payer's credit balance with reversing ledger rows —
 * visible in `payers:credit`, refundable again by another method, never lost.
 * `afterSuccess`: Stripe's own word (a refund event) that a refund it had accepted failed
 * later (the card issuer returned it); the same reversal applies.
 */
export function markRefundFailed(store: Store, refundId: string, failure: { reason: string; stripeRefundId?: string | null }, at: Date, options: { afterSuccess?: boolean } = {}): RefundView {
  return store.transaction(() => {
    const r = getRefundRow(store, refundId);
    if (r.method !== 'card') throw refuseAs('CONFLICT', 'refund.notCard', { method: r.method });
    if (r.status === 'failed') return toRefundView(r);
    if (r.status === 'succeeded' && !options.afterSuccess) throw refuseAs('CONFLICT', 'refund.alreadySucceeded', {});
    store.run(sql`UPDATE refunds SET status = 'failed', failure_reason = ${failure.reason}, stripe_refund_id = ${failure.stripeRefundId ?? r.stripe_refund_id}, updated_at = ${at.toISOString()} WHERE id = ${r.id}`);
    const tag = { currency: r.currency, payerId: r.payer_id, enrollmentId: r.enrollment_id, refundId: r.id, paymentId: r.payment_id };
    post(store, 'refund_failed', at, [
      { ...tag, account: 'refunded', amount: -r.amount },
      { ...tag, account: 'credit', amount: r.amount },
    ]);
    appendAudit(store, at, { id: null, name: 'stripe' }, null, { action: 'refund.failed', entityType: 'refund', entityId: r.id, before: { status: r.status }, after: { status: 'failed', reason: failure.reason, creditedToPayer: r.amount } });
    return toRefundView(getRefundRow(store, r.id));
  });
}
