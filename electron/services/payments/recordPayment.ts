import type { PaymentMethod, PaymentView } from '../../../shared/contract/payments';
import { invalidAs, notFound, refuseAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { openSessionOf, requireOpenSession } from '../drawer/drawerSessions';
import { creditBalance, post } from '../ledger/ledgerRepo';
import type { LedgerRow } from '../ledger/ledgerRepo';
import { issueReceipt, toReceiptView } from '../receipts/receiptsRepo';
import { queueReceiptMail } from '../mail/mailOutbox';
import { itemRowsOfEnrollment } from '../schedules/scheduleItemsRepo';
import { fill, targetItems, totalOwed } from './allocate';
import type { Share } from './allocate';
import { newId } from '../../store/ids';

export type NewPayment = {
  requestId: string | null;
  enrollmentId: string;
  method: PaymentMethod;
  amount: number;
  currency: string;
  tendered?: number | undefined;
  check?: { number: string; bank?: string | undefined; date?: string | undefined } | undefined;
  reference?: string | undefined;
  note?: string | undefined;
  receivedAt: Date;
  itemIds?: string[] | undefined;
  useCredit?: boolean | undefined;
  stripe?: { paymentIntentId: string; chargeId: string | null } | undefined;
  deskCode: string;
  createdBy: string | null;
};

type PayingEnrollment = { id: string; payerId: string; status: 'active' | 'cancelled' | 'completed'; currency: string; payerName: string; productName: string };

/** What a payment needs of its enrollment, with the names its view shows, in one read. */
function payingEnrollment(store: Store, id: string): PayingEnrollment {
  const e = store.get<PayingEnrollment>(sql`SELECT e.id, e.payer_id AS payerId, e.status, e.currency, py.name AS payerName, pr.name AS productName
    FROM enrollments e JOIN payers py ON py.id = e.payer_id JOIN products pr ON pr.id = e.product_id WHERE e.id = ${id}`);
  if (!e) throw notFound('Enrollment', id);
  return e;
}

/**
 * The payment's allocations as `paymentsRepo` reads them back from the ledger: one line per
 * item in the order the item was first posted, credit and money shares of an item summed.
 */
function allocationsOf(shares: readonly Share[]): PaymentView['allocations'] {
  const byItem = new Map<string, { itemId: string; seq: number; amount: number }>();
  for (const s of shares) {
    const line = byItem.get(s.itemId);
    if (line) line.amount += s.amount;
    else byItem.set(s.itemId, { itemId: s.itemId, seq: s.seq, amount: s.amount });
  }
  return [...byItem.values()];
}

/**
 * Records one payment with its allocations, credit movements, drawer cash and receipt as
 * one set of writes; the caller's transaction makes them commit together or not at all.
 * Reads the items inside that transaction, so a second payment on the last due item sees
 * the first one's allocation and turns into payer credit instead of double-allocating.
 */
export function recordPayment(store: Store, p: NewPayment, at: Date): PaymentView {
  const enrollment = payingEnrollment(store, p.enrollmentId);
  const fromStripe = p.method === 'card';
  if (!fromStripe) {
    if (enrollment.status === 'cancelled') throw refuseAs('CONFLICT', 'payment.enrollmentCancelled', {}, { enrollmentId: enrollment.id });
    if (p.currency !== enrollment.currency) throw invalidAs('currency', 'payment.currencyMismatch', { currency: enrollment.currency });
  }
  if (p.receivedAt.getTime() > at.getTime() + 5 * 60_000) throw invalidAs('receivedAt', 'payment.inFuture', {});
  if (p.method === 'cash') {
    const tendered = p.tendered ?? p.amount;
    if (tendered < p.amount) throw invalidAs('tendered', 'payment.tenderedBelow', {});
  } else if (p.tendered !== undefined) throw invalidAs('tendered', 'payment.tenderedNotCash', {});
  if (p.method === 'check' && !p.check) throw invalidAs('check', 'payment.checkNeedsNumber', {});
  if (p.method !== 'check' && p.check) throw invalidAs('check', 'payment.checkOnlyChecks', { method: p.method });
  if ((p.method === 'bank_transfer' || p.method === 'card_terminal') && !p.reference) throw invalidAs('reference', 'payment.needsReference', { method: p.method });
  if (p.method === 'credit' && p.useCredit) throw invalidAs('useCredit', 'payment.creditTwice', {});

  const session = p.method === 'cash' || p.method === 'check'
    ? requireOpenSession(store, p.deskCode, p.currency, p.method === 'cash' ? 'cash' : 'check')
    : ((s) => (s && s.currency === p.currency ? s : undefined))(openSessionOf(store, p.deskCode));

  // Money in a currency the enrollment does not use (only possible from Stripe) is all payer credit.
  const items = p.currency === enrollment.currency && enrollment.status !== 'cancelled' ? itemRowsOfEnrollment(store, enrollment.id) : [];
  const targets = items.length === 0 && fromStripe ? [] : targetItems(items, p.itemIds);
  // Only a payment that spends credit needs the balance (a sum over the payer's credit rows).
  const balance = p.method === 'credit' || p.useCredit ? creditBalance(store, enrollment.payerId, p.currency) : 0;

  let creditUsed = 0;
  let creditShares: Share[] = [];
  if (p.method === 'credit') {
    if (p.amount > balance) throw invalidAs('amount', 'payment.overCredit', { balance: { amount: balance, currency: p.currency } });
    const owed = totalOwed(targets);
    if (p.amount > owed) throw invalidAs('amount', 'payment.creditOverOwed', { owed: { amount: owed, currency: p.currency } });
    creditUsed = p.amount;
  } else if (p.useCredit) {
    creditUsed = Math.min(balance, totalOwed(targets));
  }
  if (creditUsed > 0) creditShares = fill(targets, creditUsed).shares;
  const already = new Map(creditShares.map((s) => [s.itemId, s.amount]));
  const money = p.method === 'credit' ? { shares: [], left: 0 } : fill(targets, p.amount, already);
  const creditCreated = money.left;

  const id = newId('pay');
  const tendered = p.method === 'cash' ? (p.tendered ?? p.amount) : null;
  try {
    store.run(sql`INSERT INTO payments (id, request_id, enrollment_id, payer_id, method, amount, currency, credit_applied, credit_created, tendered, change_due,
        check_number, check_bank, check_date, reference, stripe_payment_intent_id, stripe_charge_id, note, received_at, session_id, status, created_by, created_at)
      VALUES (${id}, ${p.requestId}, ${enrollment.id}, ${enrollment.payerId}, ${p.method}, ${p.amount}, ${p.currency}, ${p.method === 'credit' ? 0 : creditUsed}, ${creditCreated},
        ${tendered}, ${tendered === null ? null : tendered - p.amount}, ${p.check?.number ?? null}, ${p.check?.bank ?? null}, ${p.check?.date ?? null},
        ${p.reference ?? null}, ${p.stripe?.paymentIntentId ?? null}, ${p.stripe?.chargeId ?? null}, ${p.note ?? null}, ${p.receivedAt.toISOString()},
        ${session?.id ?? null}, 'completed', ${p.createdBy}, ${at.toISOString()})`);
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw refuseAs('CONFLICT', 'payment.duplicate', {});
    throw e;
  }
  const base = { currency: p.currency, payerId: enrollment.payerId, enrollmentId: enrollment.id, paymentId: id };
  const rows: LedgerRow[] = [];
  if (p.method !== 'credit') rows.push({ ...base, account: 'received', amount: p.amount });
  if (creditUsed > 0) rows.push({ ...base, account: 'credit', amount: -creditUsed });
  const shares = [...creditShares, ...money.shares];
  for (const s of shares) rows.push({ ...base, account: 'allocated', amount: s.amount, itemId: s.itemId });
  if (creditCreated > 0) rows.push({ ...base, account: 'credit', amount: creditCreated });
  if (p.method === 'cash' && session) rows.push({ account: 'drawer', amount: p.amount, currency: p.currency, sessionId: session.id, paymentId: id, payerId: enrollment.payerId });
  post(store, 'payment', at, rows);
  const receipt = issueReceipt(store, p.deskCode, id, at);
  // The view of what was just written, built from the values written rather than read back
  // (getPaymentView's join and allocation query); a test holds it equal to payments:list.
  const view: PaymentView = {
    id,
    enrollmentId: enrollment.id,
    payerId: enrollment.payerId,
    payerName: enrollment.payerName,
    productName: enrollment.productName,
    method: p.method,
    amount: p.amount,
    currency: p.currency,
    creditApplied: p.method === 'credit' ? 0 : creditUsed,
    creditCreated,
    tendered,
    changeDue: tendered === null ? null : tendered - p.amount,
    check: p.check ? { number: p.check.number, bank: p.check.bank ?? null, date: p.check.date ?? null } : null,
    reference: p.reference ?? null,
    stripePaymentIntentId: p.stripe?.paymentIntentId ?? null,
    note: p.note ?? null,
    receivedAt: p.receivedAt.toISOString(),
    sessionId: session?.id ?? null,
    status: 'completed',
    voidedAt: null,
    voidReason: null,
    allocations: allocationsOf(shares.filter((s) => s.amount !== 0)),
    receipt: toReceiptView(receipt),
  };
  // The receipt mail, when the office mails receipts, exists exactly when the payment does.
  queueReceiptMail(store, view, at, p.createdBy);
  return view;
}
