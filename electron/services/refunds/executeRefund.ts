import type { RefundLineInput, RefundView } from '../../../shared/contract/refunds';
import { invalidAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { openSessionOf, requireOpenSession } from '../drawer/drawerSessions';
import { creditBalance, post } from '../ledger/ledgerRepo';
import type { LedgerRow } from '../ledger/ledgerRepo';
import { getPaymentRow } from '../payments/paymentsRepo';
import { itemRowsOfEnrollment } from '../schedules/scheduleItemsRepo';
import type { ItemRow } from '../schedules/scheduleItemsRepo';
import { enqueueStripeRefund } from './outbox';
import { insertRefund, refundsOfOperation } from './refundsRepo';
import { newId } from '../../store/ids';
import { issueRefundReceipt } from '../receipts/refundReceipts';

export type RefundSource = { kind: 'enrollment'; enrollmentId: string; payerId: string } | { kind: 'credit'; payerId: string };

export type RefundOrder = {
  source: RefundSource;
  currency: string;
  lines: readonly RefundLineInput[];
  reason: string;
  cancellationId: string | null;
  deskCode: string;
  createdBy: string | null;
};

/**
 * Which paid items give the money back, in order: items no longer owed (cancelled, waived)
 * first, so a refund does not reopen a debt where it need not; then the latest due first;
 * late fees and then a deposit last, so a kept fee or deposit stays paid.
 */
export function releaseOrder(items: readonly ItemRow[]): ItemRow[] {
  const rank = (i: ItemRow) => (i.kind === 'deposit' ? 3 : i.kind === 'late_fee' ? 2 : i.state === 'cancelled' || i.state === 'waived' ? 0 : 1);
  return items.filter((i) => i.paid > 0).sort((a, b) => rank(a) - rank(b) || (a.due_date < b.due_date ? 1 : a.due_date > b.due_date ? -1 : b.seq - a.seq));
}

/** Net paid on an enrollment's items: what a refund may give back at most. */
export const paidOnEnrollment = (store: Store, enrollmentId: string): number =>
  store.get<{ n: number }>(sql`SELECT coalesce(sum(paid_amount), 0) AS n FROM schedule_items WHERE enrollment_id = ${enrollmentId}`)?.n ?? 0;

/**
 * Writes a checked refund: one `refunds` row per line, the allocations it releases (or the
 * credit it spends), the money out (or credit in), cash out of the open drawer, and for a
 * card line a `pending` refund with its Stripe outbox row — all in the caller's transaction.
 */
export function executeRefund(store: Store, order: RefundOrder, at: Date): { operationId: string; refunds: RefundView[] } {
  const operationId = newId('rfo');
  const { source, currency } = order;
  // A line pays out credit on account when the source is the payer's credit, or when a refund
  // of an enrollment draws on the credit first (`fromCredit`); the other lines release paid items.
  const paysCredit = (l: RefundLineInput) => source.kind === 'credit' || l.fromCredit === true;
  const released = order.lines.reduce((s, l) => s + (paysCredit(l) ? 0 : l.amount), 0);
  const fromCredit = order.lines.reduce((s, l) => s + (paysCredit(l) ? l.amount : 0), 0);
  const enrollmentId = source.kind === 'enrollment' ? source.enrollmentId : null;
  if (source.kind === 'enrollment') {
    const paid = paidOnEnrollment(store, source.enrollmentId);
    if (released > paid) throw invalidAs('amount', 'refund.overPaid', { paid: { amount: paid, currency } });
  }
  if (fromCredit > 0) {
    const balance = creditBalance(store, source.payerId, currency);
    if (fromCredit > balance) throw invalidAs('amount', 'refund.overCredit', { balance: { amount: balance, currency } });
  }
  const release = source.kind === 'enrollment' ? releaseOrder(itemRowsOfEnrollment(store, source.enrollmentId)) : [];
  const releasedSoFar = new Map<string, number>();
  const base = { currency, payerId: source.payerId, enrollmentId };

  order.lines.forEach((line, n) => {
    // Cash needs the open drawer; other lines are tied to it when one is open, for its Z report.
    const open = openSessionOf(store, order.deskCode);
    const session = line.method === 'cash' ? requireOpenSession(store, order.deskCode, currency, 'cashRefund') : open && open.currency === currency ? open : null;
    const refund = insertRefund(store, {
      operation_id: operationId,
      cancellation_id: order.cancellationId,
      enrollment_id: enrollmentId,
      payer_id: source.payerId,
      payment_id: line.paymentId ?? null,
      method: line.method,
      amount: line.amount,
      currency,
      source: paysCredit(line) ? 'credit' : 'enrollment',
      status: line.method === 'card' ? 'pending' : 'succeeded',
      reason: order.reason,
      check_number: line.checkNumber ?? null,
      reference: line.reference ?? null,
      session_id: session?.id ?? null,
      created_by: order.createdBy,
    }, at);
    const rows: LedgerRow[] = [];
    const tag = { ...base, refundId: refund.id, paymentId: line.paymentId ?? null };
    if (!paysCredit(line)) {
      let left = line.amount;
      for (const item of release) {
        if (left === 0) break;
        const room = item.paid - (releasedSoFar.get(item.id) ?? 0);
        if (room <= 0) continue;
        const take = Math.min(room, left);
        releasedSoFar.set(item.id, (releasedSoFar.get(item.id) ?? 0) + take);
        rows.push({ ...tag, account: 'allocated', itemId: item.id, amount: -take });
        left -= take;
      }
      if (left !== 0) throw invalidAs(`split.${n}.amount`, 'refund.moreThanLeft', {});
    } else {
      rows.push({ ...tag, account: 'credit', amount: -line.amount });
    }
    // Credit lines keep the money as payer credit; every other line sends it out.
    rows.push({ ...tag, account: line.method === 'credit' ? 'credit' : 'refunded', amount: line.amount });
    if (session && line.method === 'cash') rows.push({ account: 'drawer', amount: -line.amount, currency, sessionId: session.id, refundId: refund.id, payerId: source.payerId });
    post(store, 'refund', at, rows);
    if (line.method === 'card') {
      const payment = getPaymentRow(store, line.paymentId ?? '');
      enqueueStripeRefund(store, {
        refundId: refund.id,
        paymentIntentId: payment.stripe_payment_intent_id ?? '',
        chargeId: payment.stripe_charge_id,
        amount: line.amount,
        currency,
        reason: order.reason,
        metadata: { bursar_refund_id: refund.id, bursar_payment_id: payment.id, bursar_enrollment_id: enrollmentId },
      }, at);
    }
  });
  if (order.lines.length > 0) issueRefundReceipt(store, order.deskCode, operationId, source.payerId, order.lines.every((l) => l.method === 'credit') ? 'credit_note' : 'refund', at);
  return { operationId, refunds: refundsOfOperation(store, operationId) };
}
