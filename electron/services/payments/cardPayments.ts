import type { PaymentView } from '../../../shared/contract/payments';
import type { AuditEntryInput } from '../audit/auditLog';
import { appendAudit } from '../audit/auditLog';
import { deskCodeOf } from '../drawer/drawerSessions';
import { itemRowsOfEnrollment } from '../schedules/scheduleItemsRepo';
import type { Store } from '../../store/store';
import { findPaymentByIntent } from './paymentsRepo';
import { recordPayment } from './recordPayment';

export type CardPaymentInput = {
  paymentIntentId: string;
  chargeId: string | null;
  enrollmentId: string;
  /** Captured amount in minor units and its currency, as Stripe reports them. */
  amount: number;
  currency: string;
  receivedAt: Date;
  /** The items the intent was created for (its metadata); paid ones fall through to credit. */
  itemIds?: string[] | undefined;
};

export type CardPaymentResult = { payment: PaymentView; created: boolean };

/**
 * Records a card payment that Stripe confirmed (called by webhook apply). Idempotent by
 * payment intent id: a repeated or reordered event returns the payment already recorded.
 * Money is never refused here: a cancelled enrollment, a foreign currency or items paid in
 * the meantime turn the rest into payer credit. Runs in its own transaction, or as a
 * savepoint of the caller's. Without `audit` it writes its audit entry as actor `stripe`.
 */
export function recordCardPayment(store: Store, input: CardPaymentInput, options: { now: Date; audit?: (entry: AuditEntryInput) => void }): CardPaymentResult {
  return store.transaction(() => {
    const existing = findPaymentByIntent(store, input.paymentIntentId);
    if (existing) return { payment: existing, created: false };
    const payable = input.itemIds
      ? new Set(itemRowsOfEnrollment(store, input.enrollmentId).filter((i) => i.state !== 'waived' && i.state !== 'cancelled').map((i) => i.id))
      : null;
    const itemIds = input.itemIds?.filter((id) => payable?.has(id));
    const payment = recordPayment(store, {
      requestId: null,
      enrollmentId: input.enrollmentId,
      method: 'card',
      amount: input.amount,
      currency: input.currency,
      receivedAt: input.receivedAt,
      itemIds: itemIds && itemIds.length > 0 ? itemIds : undefined,
      stripe: { paymentIntentId: input.paymentIntentId, chargeId: input.chargeId },
      deskCode: deskCodeOf(store),
      createdBy: null,
    }, options.now);
    const entry: AuditEntryInput = { action: 'payment.card', entityType: 'payment', entityId: payment.id, after: payment };
    if (options.audit) options.audit(entry);
    else appendAudit(store, options.now, { id: null, name: 'stripe' }, null, entry);
    return { payment, created: true };
  });
}
