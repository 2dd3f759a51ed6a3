import type { PaymentMethod, PaymentView } from '../../../shared/contract/payments';
import { notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import type { ReceiptRow } from '../receipts/receiptsRepo';
import { toReceiptView } from '../receipts/receiptsRepo';

export type PaymentRow = {
  id: string;
  request_id: string | null;
  enrollment_id: string;
  payer_id: string;
  method: PaymentMethod;
  amount: number;
  currency: string;
  credit_applied: number;
  credit_created: number;
  tendered: number | null;
  change_due: number | null;
  check_number: string | null;
  check_bank: string | null;
  check_date: string | null;
  reference: string | null;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  note: string | null;
  received_at: string;
  session_id: string | null;
  status: 'completed' | 'voided';
  voided_at: string | null;
  voided_by: string | null;
  void_reason: string | null;
  created_by: string | null;
  created_at: string;
};

type JoinedRow = PaymentRow & { payer_name: string; product_name: string } & { r_id: string; r_desk_code: string; r_seq: number; r_number: string; r_status: ReceiptRow['status']; r_issued_at: string; r_voided_at: string | null };

const SELECT = sql`SELECT p.*, py.name AS payer_name, pr.name AS product_name,
    r.id AS r_id, r.desk_code AS r_desk_code, r.seq AS r_seq, r.number AS r_number, r.status AS r_status, r.issued_at AS r_issued_at, r.voided_at AS r_voided_at
  FROM payments p
  JOIN payers py ON py.id = p.payer_id
  JOIN enrollments e ON e.id = p.enrollment_id
  JOIN products pr ON pr.id = e.product_id
  JOIN receipts r ON r.payment_id = p.id`;

/** The allocations a payment made when it was taken (void reversals are not subtracted here). */
function allocationsOf(store: Store, paymentId: string): PaymentView['allocations'] {
  return store.all<{ itemId: string; seq: number; amount: number }>(sql`SELECT l.item_id AS itemId, i.seq AS seq, sum(l.amount) AS amount
    FROM ledger_entries l JOIN schedule_items i ON i.id = l.item_id
    WHERE l.payment_id = ${paymentId} AND l.event = 'payment' AND l.account = 'allocated' GROUP BY l.item_id ORDER BY min(l.seq)`);
}

function toView(store: Store, r: JoinedRow): PaymentView {
  return {
    id: r.id,
    enrollmentId: r.enrollment_id,
    payerId: r.payer_id,
    payerName: r.payer_name,
    productName: r.product_name,
    method: r.method,
    amount: r.amount,
    currency: r.currency,
    creditApplied: r.credit_applied,
    creditCreated: r.credit_created,
    tendered: r.tendered,
    changeDue: r.change_due,
    check: r.check_number === null ? null : { number: r.check_number, bank: r.check_bank, date: r.check_date },
    reference: r.reference,
    stripePaymentIntentId: r.stripe_payment_intent_id,
    note: r.note,
    receivedAt: r.received_at,
    sessionId: r.session_id,
    status: r.status,
    voidedAt: r.voided_at,
    voidReason: r.void_reason,
    allocations: allocationsOf(store, r.id),
    receipt: toReceiptView({ id: r.r_id, desk_code: r.r_desk_code, seq: r.r_seq, number: r.r_number, payment_id: r.id, status: r.r_status, issued_at: r.r_issued_at, voided_at: r.r_voided_at }),
  };
}

export function getPaymentRow(store: Store, id: string): PaymentRow {
  const r = store.get<PaymentRow>(sql`SELECT * FROM payments WHERE id = ${id}`);
  if (!r) throw notFound('Payment', id);
  return r;
}

export function getPaymentView(store: Store, id: string): PaymentView {
  const r = store.get<JoinedRow>(sql`${SELECT} WHERE p.id = ${id}`);
  if (!r) throw notFound('Payment', id);
  return toView(store, r);
}

/** For crash workloads and the sync engine: the payment a request (or a Stripe intent) made, if it committed. */
export function findPaymentByRequestId(store: Store, requestId: string): PaymentView | null {
  const r = store.get<{ id: string }>(sql`SELECT id FROM payments WHERE request_id = ${requestId}`);
  return r ? getPaymentView(store, r.id) : null;
}

export function findPaymentByIntent(store: Store, paymentIntentId: string): PaymentView | null {
  const r = store.get<{ id: string }>(sql`SELECT id FROM payments WHERE stripe_payment_intent_id = ${paymentIntentId}`);
  return r ? getPaymentView(store, r.id) : null;
}

export type PaymentFilter = { enrollmentId?: string | undefined; payerId?: string | undefined; sessionId?: string | undefined; receiptNumber?: string | undefined; limit: number; offset: number };

export function listPayments(store: Store, f: PaymentFilter): { payments: PaymentView[]; total: number } {
  const where: SqlQuery[] = [];
  if (f.enrollmentId) where.push(sql`p.enrollment_id = ${f.enrollmentId}`);
  if (f.payerId) where.push(sql`p.enrollment_id IN (SELECT id FROM enrollments WHERE payer_id = ${f.payerId})`);
  if (f.sessionId) where.push(sql`p.session_id = ${f.sessionId}`);
  if (f.receiptNumber) where.push(sql`r.number = ${f.receiptNumber.trim().toUpperCase()}`);
  const clause = sql.join(where, ' AND ', '1 = 1');
  const rows = store.all<JoinedRow>(sql`${SELECT} WHERE ${clause} ORDER BY p.received_at DESC, p.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`);
  const total = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM payments p JOIN receipts r ON r.payment_id = p.id WHERE ${clause}`)?.n ?? 0;
  return { payments: rows.map((r) => toView(store, r)), total };
}
