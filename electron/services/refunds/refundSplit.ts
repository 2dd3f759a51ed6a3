import type { PaymentMethod } from '../../../shared/contract/payments';
import type { RefundLineInput, RefundProposal } from '../../../shared/contract/refunds';
import { invalidAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

type ProposedLine = RefundProposal['split'][number];

/** `receipt` is the payment's receipt number, how a message names it (null only for a payment without one). */
export type RefundablePayment = { id: string; method: PaymentMethod; remaining: number; receipt?: string | null };

/** Completed payments of an enrollment with what each can still give back, newest first. */
export function refundablePayments(store: Store, enrollmentId: string): RefundablePayment[] {
  return store.all<RefundablePayment>(sql`SELECT p.id, p.method, (SELECT rc.number FROM receipts rc WHERE rc.payment_id = p.id) AS receipt,
      p.amount - coalesce((SELECT sum(r.amount) FROM refunds r WHERE r.payment_id = p.id AND r.status <> 'failed'), 0) AS remaining
    FROM payments p WHERE p.enrollment_id = ${enrollmentId} AND p.status = 'completed'
    ORDER BY p.received_at DESC, p.id DESC`).filter((p) => p.remaining > 0);
}

const needsOf = (method: PaymentMethod): string[] => (method === 'check' ? ['checkNumber'] : []);

/**
 * The proposed split of `amount`: back along the original payments, newest first, each by
 * its own method (cash from the drawer, a new check, a transfer, the card terminal, Stripe
 * for card, credit for credit). What no payment covers (credit spent on the enrollment)
 * goes back to payer credit. With `toCredit` everything stays as payer credit.
 */
export function proposeSplit(payments: readonly RefundablePayment[], amount: number, toCredit: boolean): ProposedLine[] {
  const lines: ProposedLine[] = [];
  let left = amount;
  for (const p of payments) {
    if (left === 0) break;
    const take = Math.min(p.remaining, left);
    const method = toCredit ? 'credit' : p.method;
    lines.push({ method, amount: take, paymentId: p.id, needs: needsOf(method) });
    left -= take;
  }
  if (left > 0) lines.push({ method: 'credit', amount: left, paymentId: null, needs: [] });
  return lines;
}

/** Scales a proposal to another total: the same lines, newest first, cut or topped up with credit. */
export function splitFromProposal(lines: readonly ProposedLine[], amount: number): RefundLineInput[] {
  const out: RefundLineInput[] = [];
  let left = amount;
  for (const l of lines) {
    if (left === 0) break;
    const take = Math.min(l.amount, left);
    out.push({ method: l.method, amount: take, ...(l.paymentId ? { paymentId: l.paymentId } : {}), ...(l.fromCredit ? { fromCredit: true } : {}) });
    left -= take;
  }
  if (left > 0) out.push({ method: 'credit', amount: left });
  return out;
}

/**
 * Checks a split against what was paid: it adds up, each card or card-terminal line goes
 * back to a payment of that method, no payment gives back more than it still holds, and a
 * check line carries its number.
 */
export function checkSplit(lines: readonly RefundLineInput[], amount: number, payments: readonly RefundablePayment[], source: 'enrollment' | 'credit', currency = 'XXX', creditOnAccount = 0): void {
  const sum = lines.reduce((s, l) => s + l.amount, 0);
  if (sum !== amount) throw invalidAs('split', 'refund.splitDisagrees', { sum: { amount: sum, currency }, amount: { amount, currency } });
  const fromCredit = lines.reduce((s, l) => s + (l.fromCredit ? l.amount : 0), 0);
  if (fromCredit > 0 && source === 'enrollment' && fromCredit > creditOnAccount) throw invalidAs('split', 'refund.overCredit', { balance: { amount: creditOnAccount, currency } });
  const used = new Map<string, number>();
  lines.forEach((l, n) => {
    const f = `split.${n}`;
    if (l.method === 'check' && !l.checkNumber) throw invalidAs(`${f}.checkNumber`, 'refund.checkNeedsNumber', {});
    if (source === 'credit' || l.fromCredit) {
      if (l.method !== 'cash' && l.method !== 'check' && l.method !== 'bank_transfer') throw invalidAs(`${f}.method`, 'refund.creditPayoutMethod', {});
      if (l.paymentId) throw invalidAs(`${f}.paymentId`, 'refund.creditNotTied', {});
      return;
    }
    if ((l.method === 'card' || l.method === 'card_terminal') && !l.paymentId) throw invalidAs(`${f}.paymentId`, 'refund.cardToCard', { method: l.method });
    if (!l.paymentId) return;
    const p = payments.find((x) => x.id === l.paymentId);
    if (!p) throw invalidAs(`${f}.paymentId`, 'refund.notRefundable', {});
    if ((l.method === 'card' || l.method === 'card_terminal') && p.method !== l.method) throw invalidAs(`${f}.method`, 'refund.methodMismatch', { receipt: p.receipt ?? '', paid: p.method, asked: l.method });
    const total = (used.get(p.id) ?? 0) + l.amount;
    if (total > p.remaining) throw invalidAs(`${f}.amount`, 'refund.overPayment', { receipt: p.receipt ?? '', remaining: { amount: p.remaining, currency } });
    used.set(p.id, total);
  });
}
