import type { PaymentMethod } from '../../../shared/contract/payments';
import type { RefundView } from '../../../shared/contract/refunds';
import { notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import { newId } from '../../store/ids';

export type RefundRow = {
  id: string;
  operation_id: string;
  cancellation_id: string | null;
  enrollment_id: string | null;
  payer_id: string;
  payment_id: string | null;
  method: PaymentMethod;
  amount: number;
  currency: string;
  source: 'enrollment' | 'credit';
  status: RefundView['status'];
  reason: string;
  check_number: string | null;
  reference: string | null;
  session_id: string | null;
  stripe_refund_id: string | null;
  failure_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

/** `receipt_number`: the operation's refund receipt or credit note, where the query joined it. */
export const toRefundView = (r: RefundRow & { receipt_number?: string | null }): RefundView => ({
  id: r.id,
  operationId: r.operation_id,
  cancellationId: r.cancellation_id,
  enrollmentId: r.enrollment_id,
  payerId: r.payer_id,
  paymentId: r.payment_id,
  method: r.method,
  amount: r.amount,
  currency: r.currency,
  source: r.source,
  status: r.status,
  reason: r.reason,
  checkNumber: r.check_number,
  reference: r.reference,
  sessionId: r.session_id,
  stripeRefundId: r.stripe_refund_id,
  failureReason: r.failure_reason,
  createdAt: r.created_at,
  receiptNumber: r.receipt_number ?? null,
});

export type NewRefund = Omit<RefundRow, 'id' | 'stripe_refund_id' | 'failure_reason' | 'created_at' | 'updated_at'>;

export function insertRefund(store: Store, r: NewRefund, at: Date): RefundRow {
  const id = newId('rfd');
  const ts = at.toISOString();
  store.run(sql`INSERT INTO refunds (id, operation_id, cancellation_id, enrollment_id, payer_id, payment_id, method, amount, currency, source, status, reason,
      check_number, reference, session_id, created_by, created_at, updated_at)
    VALUES (${id}, ${r.operation_id}, ${r.cancellation_id}, ${r.enrollment_id}, ${r.payer_id}, ${r.payment_id}, ${r.method}, ${r.amount}, ${r.currency}, ${r.source},
      ${r.status}, ${r.reason}, ${r.check_number}, ${r.reference}, ${r.session_id}, ${r.created_by}, ${ts}, ${ts})`);
  return getRefundRow(store, id);
}

export function getRefundRow(store: Store, id: string): RefundRow {
  const r = store.get<RefundRow>(sql`SELECT * FROM refunds WHERE id = ${id}`);
  if (!r) throw notFound('Refund', id);
  return r;
}

/** What is still refundable of one payment: its money less refunds that have not failed. */
export function refundedOfPayment(store: Store, paymentId: string): number {
  return store.get<{ n: number }>(sql`SELECT coalesce(sum(amount), 0) AS n FROM refunds WHERE payment_id = ${paymentId} AND status <> 'failed'`)?.n ?? 0;
}

const RECEIPT_NUMBER = sql`(SELECT rr.number FROM refund_receipts rr WHERE rr.operation_id = refunds.operation_id) AS receipt_number`;

export type RefundFilter = { enrollmentId?: string | undefined; payerId?: string | undefined; status?: RefundView['status'] | undefined; limit: number; offset: number };

export function listRefunds(store: Store, f: RefundFilter): { refunds: RefundView[]; total: number } {
  const where: SqlQuery[] = [];
  if (f.enrollmentId) where.push(sql`enrollment_id = ${f.enrollmentId}`);
  if (f.payerId) where.push(sql`payer_id = ${f.payerId}`);
  if (f.status) where.push(sql`status = ${f.status}`);
  const clause = sql.join(where, ' AND ', '1 = 1');
  const rows = store.all<RefundRow>(sql`SELECT refunds.*, ${RECEIPT_NUMBER} FROM refunds WHERE ${clause} ORDER BY created_at DESC, rowid DESC LIMIT ${f.limit} OFFSET ${f.offset}`);
  const total = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM refunds WHERE ${clause}`)?.n ?? 0;
  return { refunds: rows.map(toRefundView), total };
}

export function refundsOfOperation(store: Store, operationId: string): RefundView[] {
  return store.all<RefundRow>(sql`SELECT refunds.*, ${RECEIPT_NUMBER} FROM refunds WHERE operation_id = ${operationId} ORDER BY rowid`).map(toRefundView);
}
