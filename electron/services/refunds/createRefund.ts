import type { RefundLineInput, RefundProposal, RefundView } from '../../../shared/contract/refunds';
import { invalidAs, refuseAs } from '../../core/errors';
import type { HandlerContext } from '../../core/handlers';
import { deskCodeOf } from '../drawer/drawerSessions';
import { getEnrollment } from '../enrollments/enrollmentsRepo';
import { creditBalance } from '../ledger/ledgerRepo';
import { getPayer } from '../payers/payersRepo';
import { sql } from '../../store/sql';
import { basisOf } from './cancellationPolicy';
import { executeRefund, paidOnEnrollment } from './executeRefund';
import { checkSplit, proposeSplit, refundablePayments, splitFromProposal } from './refundSplit';

type Ctx = Pick<HandlerContext, 'store' | 'now' | 'audit' | 'session'>;

export type RefundInput = {
  from: { kind: 'enrollment'; enrollmentId: string } | { kind: 'credit'; payerId: string; currency: string };
  amount: number;
  reason: string;
  preview: boolean;
  split?: RefundLineInput[] | undefined;
  toCredit?: boolean | undefined;
  useCredit?: boolean | undefined;
};

export type RefundResult = { preview: boolean; proposal: RefundProposal; operationId: string | null; refunds: RefundView[] };

/**
 * A refund without cancelling (partial, goodwill), or a payout of a payer's credit
 * balance. Never more than was paid net of earlier refunds; same split rules as a
 * cancellation. The released amount comes off the paid items, latest due first.
 */
/**
 * How credit on account goes back when a refund pays it out: by the method of the payment
 * that last left money as credit when that can pay a payer out (cash, check, transfer),
 * else by bank transfer. The admin can change it in the split.
 */
function creditPayoutMethod(store: Ctx['store'], payerId: string, currency: string): 'cash' | 'check' | 'bank_transfer' {
  const last = store.get<{ method: string }>(sql`SELECT p.method FROM ledger_entries l JOIN payments p ON p.id = l.payment_id
    WHERE l.payer_id = ${payerId} AND l.currency = ${currency} AND l.account = 'credit' AND l.amount > 0 ORDER BY l.seq DESC LIMIT 1`);
  return last?.method === 'cash' || last?.method === 'check' ? last.method : 'bank_transfer';
}

export function createRefund(ctx: Ctx, input: RefundInput): RefundResult {
  const { store } = ctx;
  const at = ctx.now();
  let proposal: RefundProposal;
  let lines: RefundLineInput[];
  let source: { kind: 'enrollment'; enrollmentId: string; payerId: string } | { kind: 'credit'; payerId: string };
  if (input.from.kind === 'enrollment') {
    const e = getEnrollment(store, input.from.enrollmentId);
    const paid = paidOnEnrollment(store, e.id);
    const toCredit = input.toCredit ?? false;
    // Credit on account is paid out first (issue 17, bug 3): releasing paid items while the
    // payer holds credit would leave them owing what they hold. Keeping a refund as credit
    // ("toCredit") moves paid money to credit, so it never draws on the credit itself.
    const creditOnAccount = creditBalance(store, e.payerId, e.currency);
    const usable = toCredit || input.useCredit === false ? 0 : creditOnAccount;
    if (input.amount > paid + usable) {
      throw usable > 0
        ? invalidAs('amount', 'refund.overPaidAndCredit', { paid: { amount: paid, currency: e.currency }, credit: { amount: usable, currency: e.currency } })
        : invalidAs('amount', 'refund.overPaid', { paid: { amount: paid, currency: e.currency } });
    }
    const fromCredit = Math.min(usable, input.amount);
    const payments = refundablePayments(store, e.id);
    const creditLine = fromCredit > 0 ? [{ method: creditPayoutMethod(store, e.payerId, e.currency), amount: fromCredit, paymentId: null, needs: [] as string[], fromCredit: true }] : [];
    const split = [...creditLine, ...proposeSplit(payments, input.amount - fromCredit, toCredit)];
    const basis = basisOf(fromCredit > 0 ? 'refundBasis.requestedCreditFirst' : 'refundBasis.requested', {}, String);
    proposal = { currency: e.currency, paid, proposed: input.amount, keptDeposit: 0, keptLateFees: 0, policy: 'goodwill', ...basis, split, fromCredit, fromPaid: input.amount - fromCredit, creditOnAccount };
    lines = input.split ?? splitFromProposal(split, input.amount);
    if (!input.preview && !input.split && lines.some((l) => l.method === 'check')) {
      throw invalidAs('split', 'refund.checkNeedsNumber', {});
    }
    if (!input.preview || input.split) {
      checkSplit(lines, input.amount, payments, 'enrollment', e.currency, creditOnAccount);
      const released = lines.reduce((s, l) => s + (l.fromCredit ? 0 : l.amount), 0);
      if (released > paid) throw invalidAs('amount', 'refund.overPaid', { paid: { amount: paid, currency: e.currency } });
    }
    source = { kind: 'enrollment', enrollmentId: e.id, payerId: e.payerId };
  } else {
    const payer = getPayer(store, input.from.payerId);
    const balance = creditBalance(store, payer.id, input.from.currency);
    if (input.amount > balance) throw invalidAs('amount', 'refund.overCredit', { balance: { amount: balance, currency: input.from.currency } });
    if (!input.split && !input.preview) throw invalidAs('split', 'refund.creditNeedsSplit', {});
    lines = input.split ?? [];
    proposal = { currency: input.from.currency, paid: balance, proposed: input.amount, keptDeposit: 0, keptLateFees: 0, policy: 'goodwill', ...basisOf('refundBasis.creditPayout', {}, String), split: lines.map((l) => ({ method: l.method, amount: l.amount, paymentId: null, needs: [] })) };
    if (lines.length > 0) checkSplit(lines, input.amount, [], 'credit', input.from.currency);
    source = { kind: 'credit', payerId: payer.id };
  }
  if (input.preview) return { preview: true, proposal, operationId: null, refunds: [] };
  if (lines.length === 0) throw refuseAs('CONFLICT', 'refund.nothing', {});
  const done = executeRefund(store, { source, currency: proposal.currency, lines, reason: input.reason, cancellationId: null, deskCode: deskCodeOf(store), createdBy: ctx.session?.userId ?? null }, at);
  ctx.audit({ action: 'refund.create', entityType: source.kind === 'enrollment' ? 'enrollment' : 'payer', entityId: source.kind === 'enrollment' ? source.enrollmentId : source.payerId, after: { amount: input.amount, reason: input.reason, refunds: done.refunds } });
  return { preview: false, proposal: { ...proposal, split: lines.map((l) => ({ method: l.method, amount: l.amount, paymentId: l.paymentId ?? null, needs: [], ...(l.fromCredit ? { fromCredit: true } : {}) })) }, ...done };
}
