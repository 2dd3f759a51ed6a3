import type { z } from 'zod';
import type { enrollmentsContract } from '../../../shared/contract/enrollments';
import type { Store } from '../../store/store';
import { creditBalance } from '../ledger/ledgerRepo';
import { listPayments } from '../payments/paymentsRepo';
import { getPayer } from '../payers/payersRepo';
import { listRefunds } from '../refunds/refundsRepo';
import { getPlan } from '../plans/plansRepo';
import { getProduct } from '../products/productsRepo';
import { proposeLateFees } from '../schedules/lateFees';
import { itemRowsOfEnrollment, toItemView } from '../schedules/scheduleItemsRepo';
import { getEnrollment } from './enrollmentsRepo';

const sumOf = <T>(xs: readonly T[], pick: (x: T) => number): number => xs.reduce((s, x) => s + pick(x), 0);

type Details = z.output<(typeof enrollmentsContract)['enrollments:paymentDetails']['output']>;

/** Everything the enrollment detail screen shows, as of `today`. Reads only. */
export function paymentDetails(store: Store, enrollmentId: string, today: string): Details {
  const enrollment = getEnrollment(store, enrollmentId);
  const plan = getPlan(store, enrollment.planId);
  const items = itemRowsOfEnrollment(store, enrollmentId).map((r) => toItemView(r, today));
  const sum = (pick: (i: (typeof items)[number]) => number) => items.reduce((s, i) => s + pick(i), 0);
  // From the cashier's ledger: payments as taken (voided ones marked), refunds by line.
  const payments = listPayments(store, { enrollmentId, limit: 500, offset: 0 }).payments.map((p) => ({
    id: p.id, receivedAt: p.receivedAt, method: p.method, amount: p.amount, currency: p.currency, status: p.status, receiptNumber: p.receipt.number,
    allocations: p.allocations.map((a) => ({ itemId: a.itemId, amount: a.amount })), creditApplied: p.creditApplied, creditCreated: p.creditCreated,
  }));
  const refunds = listRefunds(store, { enrollmentId, limit: 500, offset: 0 }).refunds.map((r) => ({
    id: r.id, createdAt: r.createdAt, method: r.method, amount: r.amount, currency: r.currency, reason: r.reason, receiptNumber: r.receiptNumber, source: r.source, status: r.status,
  }));
  const kept = payments.filter((p) => p.status === 'completed');
  const open = items.filter((i) => i.status === 'due' || i.status === 'overdue' || i.status === 'partially_paid');
  return {
    enrollment,
    payer: getPayer(store, enrollment.payerId),
    product: getProduct(store, enrollment.productId),
    plan,
    items,
    payments,
    refunds,
    paidMadeOf: {
      // A credit payment's amount is credit spent, not money taken.
      payments: sumOf(kept.filter((p) => p.method !== 'credit'), (p) => p.amount),
      creditApplied: sumOf(kept, (p) => (p.method === 'credit' ? p.amount : p.creditApplied)),
      keptAsCredit: sumOf(kept, (p) => p.creditCreated),
      refunded: sumOf(refunds.filter((r) => r.source === 'enrollment' && r.status !== 'failed'), (r) => r.amount),
    },
    creditOnAccount: creditBalance(store, enrollment.payerId, enrollment.currency),
    totals: {
      scheduled: sum((i) => i.amount),
      paid: sum((i) => i.paid),
      waived: sum((i) => (i.state === 'waived' ? i.amount - i.paid : 0)),
      cancelled: sum((i) => (i.state === 'cancelled' ? i.amount - i.paid : 0)),
    },
    balance: sum((i) => i.outstanding),
    // What a payment without a pick can pay now (paused items wait); more than this is an overpayment.
    payable: sum((i) => (i.state === 'open' ? i.outstanding : 0)),
    nextDue: open.reduce<(typeof items)[number] | null>((best, i) => (best === null || i.dueDate < best.dueDate ? i : best), null),
    lateFees: proposeLateFees(items.map((i) => ({ ...i, feePosted: items.some((f) => f.feeForItemId === i.id) })), plan.lateFee, today),
    asOf: today,
  };
}
