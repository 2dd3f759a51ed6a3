import type { RefundLineInput, RefundProposal, RefundView } from '../../../shared/contract/refunds';
import { formatMoney } from '../../../shared/money';
import { invalidAs, refuseAs } from '../../core/errors';
import type { HandlerContext } from '../../core/handlers';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { deskCodeOf } from '../drawer/drawerSessions';
import { getEnrollment } from '../enrollments/enrollmentsRepo';
import { getPlan } from '../plans/plansRepo';
import { getProduct } from '../products/productsRepo';
import { officeDate } from '../settings/officeDate';
import { readSetting } from '../settings/settingsRepo';
import { itemRowsOfEnrollment } from '../schedules/scheduleItemsRepo';
import { proposeRefund } from './cancellationPolicy';
import { executeRefund, paidOnEnrollment } from './executeRefund';
import { checkSplit, proposeSplit, refundablePayments } from './refundSplit';
import { newId } from '../../store/ids';

type Ctx = Pick<HandlerContext, 'store' | 'now' | 'audit' | 'session'>;

export type CancelInput = {
  enrollmentId: string;
  reason: string;
  preview: boolean;
  amount?: number | undefined;
  overrideReason?: string | undefined;
  split?: RefundLineInput[] | undefined;
  toCredit?: boolean | undefined;
};

export type CancelResult = {
  preview: boolean;
  proposal: RefundProposal;
  operationId: string | null;
  refunds: RefundView[];
  cancellationId: string | null;
  cancelledItemIds: string[];
};

export function cancellationProposal(store: Store, enrollmentId: string, today: string, toCredit: boolean): RefundProposal {
  const e = getEnrollment(store, enrollmentId);
  const product = getProduct(store, e.productId);
  const plan = getPlan(store, e.planId);
  const items = itemRowsOfEnrollment(store, e.id);
  const paid = paidOnEnrollment(store, e.id);
  const paidOn = (kind: string) => items.filter((i) => i.kind === kind).reduce((s, i) => s + i.paid, 0);
  const keptDeposit = plan.depositRefundable ? 0 : paidOn('deposit');
  // Whatever the fee item's state now (a waived fee may have been part paid first): what was paid on it stays.
  const keptLateFees = paidOn('late_fee');
  // The basis is a sentence the admin reads (and the cancellation keeps): amounts in the office's format.
  const locale = readSetting(store, 'locale');
  const money = (minor: number) => formatMoney(minor, e.currency, locale);
  const p = proposeRefund({ policy: product.refundPolicy, startDate: product.startDate, endDate: product.endDate, courseTotal: e.totalAmount, currency: e.currency, paid, keptDeposit, keptLateFees, today, money });
  return { currency: e.currency, paid, ...p, split: proposeSplit(refundablePayments(store, e.id), p.proposed, toCredit) };
}

/** The admin's split, or the proposal's split of the decided amount; a check line needs its number first. */
export function decideLines(planned: RefundProposal['split'], split: RefundLineInput[] | undefined, toCredit: boolean, preview: boolean): RefundLineInput[] {
  if (split?.some((l) => l.fromCredit)) throw invalidAs('split', 'refund.cancelNoCredit', {});
  if (split) return toCredit ? split.map((l) => ({ method: 'credit', amount: l.amount, ...(l.paymentId ? { paymentId: l.paymentId } : {}) })) : split;
  if (!preview && planned.some((l) => l.method === 'check')) {
    throw invalidAs('split', 'refund.checkNeedsNumber', {});
  }
  return planned.map((l) => ({ method: l.method, amount: l.amount, ...(l.paymentId ? { paymentId: l.paymentId } : {}) }));
}

/**
 * Cancels an enrollment: remaining items become cancelled (history and paid figures stay),
 * the enrollment is marked cancelled, and the decided refund is written split by method.
 * With `preview` it only returns the proposal and the split it would use.
 */
export function cancelEnrollment(ctx: Ctx, input: CancelInput): CancelResult {
  const { store } = ctx;
  const at = ctx.now();
  const e = getEnrollment(store, input.enrollmentId);
  if (e.status !== 'active') throw refuseAs('CONFLICT', 'enrollment.notActive', { status: e.status }, { enrollmentId: e.id });
  const toCredit = input.toCredit ?? false;
  const proposal = cancellationProposal(store, e.id, officeDate(store, at), toCredit);
  const amount = input.amount ?? proposal.proposed;
  if (amount > proposal.paid) throw invalidAs('amount', 'refund.overPaid', { paid: { amount: proposal.paid, currency: e.currency } });
  if (amount !== proposal.proposed && !input.overrideReason) throw invalidAs('overrideReason', 'refund.overrideNeedsReason', { amount: { amount, currency: e.currency }, proposed: { amount: proposal.proposed, currency: e.currency } });
  const payments = refundablePayments(store, e.id);
  const lines = amount === 0 ? [] : decideLines(proposeSplit(payments, amount, toCredit), input.split, toCredit, input.preview);
  if (lines.length > 0) checkSplit(lines.map((l) => (input.preview && l.method === 'check' && !l.checkNumber ? { ...l, checkNumber: '?' } : l)), amount, payments, 'enrollment', e.currency);
  if (input.preview) {
    const split = lines.map((l) => ({ method: l.method, amount: l.amount, paymentId: l.paymentId ?? null, needs: l.method === 'check' && !l.checkNumber ? ['checkNumber'] : [] }));
    return { preview: true, proposal: { ...proposal, split }, operationId: null, refunds: [], cancellationId: null, cancelledItemIds: [] };
  }

  const cancellationId = newId('cnl');
  const ts = at.toISOString();
  store.run(sql`INSERT INTO cancellations (id, enrollment_id, reason, proposed_amount, refund_amount, override_reason, basis, created_by, created_at)
    VALUES (${cancellationId}, ${e.id}, ${input.reason}, ${proposal.proposed}, ${amount}, ${amount === proposal.proposed ? null : (input.overrideReason ?? null)}, ${proposal.basis},
      ${ctx.session?.userId ?? null}, ${ts})`);
  const cancelled = itemRowsOfEnrollment(store, e.id).filter((i) => i.state === 'open' || i.state === 'paused');
  for (const item of cancelled) {
    store.run(sql`UPDATE schedule_items SET state = 'cancelled', state_reason = ${input.reason}, paused_on = NULL, updated_at = ${ts} WHERE id = ${item.id}`);
  }
  store.run(sql`UPDATE enrollments SET status = 'cancelled', updated_at = ${ts} WHERE id = ${e.id}`);
  const done = lines.length === 0
    ? { operationId: null, refunds: [] }
    : executeRefund(store, {
      source: { kind: 'enrollment', enrollmentId: e.id, payerId: e.payerId },
      currency: e.currency,
      lines,
      reason: input.reason,
      cancellationId,
      deskCode: deskCodeOf(store),
      createdBy: ctx.session?.userId ?? null,
    }, at);
  const result: CancelResult = {
    preview: false,
    proposal: { ...proposal, split: lines.map((l) => ({ method: l.method, amount: l.amount, paymentId: l.paymentId ?? null, needs: [] })) },
    operationId: done.operationId,
    refunds: done.refunds,
    cancellationId,
    cancelledItemIds: cancelled.map((i) => i.id),
  };
  ctx.audit({ action: 'enrollment.cancel', entityType: 'enrollment', entityId: e.id, before: { status: e.status }, after: { status: 'cancelled', reason: input.reason, proposed: proposal.proposed, refund: amount, overrideReason: input.overrideReason ?? null, refunds: done.refunds, cancelledItemIds: result.cancelledItemIds } });
  return result;
}
