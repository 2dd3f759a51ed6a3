import type { PaymentView } from '../../../shared/contract/payments';
import { refuseAs } from '../../core/errors';
import { renderErrorMessage } from '../../../shared/errorMessages';
import type { ErrorParams } from '../../../shared/errorMessages';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { getSession } from '../drawer/drawerSessions';
import { creditBalance, post } from '../ledger/ledgerRepo';
import type { LedgerAccount, LedgerRow } from '../ledger/ledgerRepo';
import { voidReceipt } from '../receipts/receiptsRepo';
import { officeDate } from '../settings/officeDate';
import { getPaymentRow, getPaymentView } from './paymentsRepo';
import type { PaymentRow } from './paymentsRepo';

type LedgerLine = { account: LedgerAccount; amount: number; currency: string; payer_id: string | null; enrollment_id: string | null; item_id: string | null; session_id: string | null };

/** Why a payment cannot be voided, in words for the counter; `refund` when a refund is the way to correct it. */
export type VoidRefusal = { reason: string; refund: boolean; key: VoidKey; params: ErrorParams };
type VoidKey = 'payment.alreadyVoid' | 'payment.voidCard' | 'payment.voidRefunded' | 'payment.voidPartRefunded' | 'payment.voidSessionClosed' | 'payment.voidSessionClosedZ' | 'payment.voidEarlierDay' | 'payment.voidPaidRefunded' | 'payment.voidCreditUsed';

/** A refusal with its words from the catalog (`reason` in English for the counter's list; the window words the key). */
const refusal = (key: VoidKey, refund: boolean, params: ErrorParams = {}): VoidRefusal => ({ reason: renderErrorMessage(key, params) ?? key, refund, key, params });

/** The payment's ledger lines, with any office adjustment that moved them (electron/office/journal/sameItemPaid.ts): a void gives back what the payment holds now. */
const paymentLines = (store: Store, paymentId: string) =>
  store.all<LedgerLine>(sql`SELECT account, amount, currency, payer_id, enrollment_id, item_id, session_id FROM ledger_entries WHERE payment_id = ${paymentId} AND event IN ('payment', 'adjustment') ORDER BY seq`);

/**
 * Whether a payment can still be voided (undone as if it never happened) or only refunded.
 * A void is for a mistake caught the same day: a payment of the still-open drawer session,
 * or one taken with no drawer (a bank transfer, a card terminal slip) on the office's
 * current calendar day. Anything refunded, spent or closed since is corrected by a refund.
 * The screens ask this before offering the button; the void itself runs the same checks.
 */
export function voidRefusal(store: Store, p: PaymentRow, at: Date): VoidRefusal | null {
  if (p.status === 'voided') return refusal('payment.alreadyVoid', false);
  if (p.method === 'card') return refusal('payment.voidCard', true);
  const refunded = store.get<{ amount: number }>(sql`SELECT coalesce(sum(amount), 0) AS amount FROM refunds WHERE payment_id = ${p.id} AND status <> 'failed'`)?.amount ?? 0;
  if (refunded >= p.amount && refunded > 0) return refusal('payment.voidRefunded', false);
  if (refunded > 0) return refusal('payment.voidPartRefunded', true);
  if (p.session_id) {
    const session = getSession(store, p.session_id);
    if (session.status !== 'open') {
      return session.z_number ? refusal('payment.voidSessionClosedZ', true, { z: session.z_number }) : refusal('payment.voidSessionClosed', true);
    }
  } else if (officeDate(store, new Date(p.created_at)) !== officeDate(store, at)) {
    return refusal('payment.voidEarlierDay', true);
  }
  const rows = paymentLines(store, p.id);
  const heldOn = new Map<string, number>();
  for (const r of rows) if (r.account === 'allocated' && r.item_id) heldOn.set(r.item_id, (heldOn.get(r.item_id) ?? 0) + r.amount);
  for (const [itemId, held] of heldOn) {
    const paid = store.get<{ paid: number }>(sql`SELECT paid_amount AS paid FROM schedule_items WHERE id = ${itemId}`)?.paid ?? 0;
    if (paid < held) return refusal('payment.voidPaidRefunded', true);
  }
  const creditEffect = rows.filter((r) => r.account === 'credit').reduce((s, r) => s + r.amount, 0);
  if (creditEffect > 0 && creditBalance(store, p.payer_id, p.currency) < creditEffect) {
    return refusal('payment.voidCreditUsed', true);
  }
  return null;
}

/**
 * Reverses a manual payment caught the same day (see `voidRefusal`) with new, negated ledger
 * rows (allocations undone, credit given back or taken back, drawer cash out); the payment and
 * its receipt are marked void and the receipt number stays used. Nothing is deleted.
 */
export function voidPayment(store: Store, paymentId: string, reason: string, userId: string | null, at: Date): PaymentView {
  const p = getPaymentRow(store, paymentId);
  const refused = voidRefusal(store, p, at);
  if (refused) throw refuseAs('CONFLICT', refused.key, refused.params as never, { reason: refused.refund ? 'refund_only' : p.status === 'voided' ? 'already_void' : 'nothing_to_void' });

  const rows = paymentLines(store, p.id);
  const reversal: LedgerRow[] = rows.map((r) => ({
    account: r.account, amount: -r.amount, currency: r.currency, payerId: r.payer_id, enrollmentId: r.enrollment_id, itemId: r.item_id, sessionId: r.session_id, paymentId: p.id,
  }));
  // Undoing an adjustment puts money back on an item before the original allocation leaves it,
  // so no item's paid amount dips below zero between two rows.
  if (reversal.some((r) => r.account === 'allocated' && r.amount > 0)) reversal.sort((x, y) => Number(y.amount > 0) - Number(x.amount > 0));
  post(store, 'void', at, reversal);
  store.run(sql`UPDATE payments SET status = 'voided', voided_at = ${at.toISOString()}, voided_by = ${userId}, void_reason = ${reason} WHERE id = ${p.id}`);
  voidReceipt(store, p.id, at);
  return getPaymentView(store, p.id);
}
