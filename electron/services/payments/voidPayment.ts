import type { PaymentView } from '../../../shared/contract/payments';
import { AppError, conflict } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { getSession } from '../drawer/drawerSessions';
import { creditBalance, post } from '../ledger/ledgerRepo';
import type { LedgerAccount, LedgerRow } from '../ledger/ledgerRepo';
import { voidReceipt } from '../receipts/receiptsRepo';
import { getPaymentRow, getPaymentView } from './paymentsRepo';

const afterClose = (why: string) => new AppError('CONFLICT', `${why}; only a refund is possible now (refunds:create)`, { details: { reason: 'refund_only' } });

/**
 * Reverses a manual payment of the still-open drawer session with new, negated ledger rows
 * (allocations undone, credit given back or taken back, drawer cash out); the payment and
 * its receipt are marked void and the receipt number stays used. Nothing is deleted.
 */
export function voidPayment(store: Store, paymentId: string, reason: string, userId: string | null, at: Date): PaymentView {
  const p = getPaymentRow(store, paymentId);
  if (p.status === 'voided') throw conflict(`Payment ${p.id} is already void`, { paymentId: p.id });
  if (p.method === 'card') throw afterClose(`Payment ${p.id} is a card payment from Stripe`);
  if (!p.session_id) throw afterClose(`Payment ${p.id} was taken outside a drawer session`);
  const session = getSession(store, p.session_id);
  if (session.status !== 'open') throw afterClose(`The drawer session of payment ${p.id} is closed (Z ${session.z_number ?? '?'})`);
  const refunded = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM refunds WHERE payment_id = ${p.id} AND status <> 'failed'`)?.n ?? 0;
  if (refunded > 0) throw afterClose(`Payment ${p.id} has been partly refunded`);

  const rows = store.all<{ account: LedgerAccount; amount: number; currency: string; payer_id: string | null; enrollment_id: string | null; item_id: string | null; session_id: string | null }>(
    sql`SELECT account, amount, currency, payer_id, enrollment_id, item_id, session_id FROM ledger_entries WHERE payment_id = ${p.id} AND event IN ('payment', 'adjustment') ORDER BY seq`);
  // What the payment holds on each item now: its allocations, moved by any office adjustment
  // (electron/office/journal/sameItemPaid.ts); the void gives back exactly that.
  const heldOn = new Map<string, number>();
  for (const r of rows) if (r.account === 'allocated' && r.item_id) heldOn.set(r.item_id, (heldOn.get(r.item_id) ?? 0) + r.amount);
  for (const [itemId, held] of heldOn) {
    const paid = store.get<{ paid: number }>(sql`SELECT paid_amount AS paid FROM schedule_items WHERE id = ${itemId}`)?.paid ?? 0;
    if (paid < held) throw afterClose(`Part of payment ${p.id} was refunded from item ${itemId}`);
  }
  const creditEffect = rows.filter((r) => r.account === 'credit').reduce((s, r) => s + r.amount, 0);
  if (creditEffect > 0 && creditBalance(store, p.payer_id, p.currency) < creditEffect) {
    throw afterClose(`The credit this payment left (${creditEffect}) has since been used`);
  }
  const reversal: LedgerRow[] = rows.map((r) => ({
    account: r.account, amount: -r.amount, currency: r.currency, payerId: r.payer_id, enrollmentId: r.enrollment_id, itemId: r.item_id, sessionId: r.session_id, paymentId: p.id,
  }));
  // Undoing an adjustment puts money back on an item before the original allocation leaves it,
  // so no item's paid amount dips below zero between two rows.
  if (rows.length > 0 && heldOn.size > 0 && reversal.some((r) => r.account === 'allocated' && r.amount > 0)) reversal.sort((x, y) => Number(y.amount > 0) - Number(x.amount > 0));
  post(store, 'void', at, reversal);
  store.run(sql`UPDATE payments SET status = 'voided', voided_at = ${at.toISOString()}, voided_by = ${userId}, void_reason = ${reason} WHERE id = ${p.id}`);
  voidReceipt(store, p.id, at);
  return getPaymentView(store, p.id);
}
