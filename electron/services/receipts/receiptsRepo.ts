import type { ReceiptView } from '../../../shared/contract/payments';
import { notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { nextNumber, receiptNumber } from './deskCounters';
import { newId } from '../../store/ids';

export type ReceiptRow = { id: string; desk_code: string; seq: number; number: string; payment_id: string; status: 'issued' | 'void'; issued_at: string; voided_at: string | null };

export const toReceiptView = (r: ReceiptRow): ReceiptView => ({
  id: r.id,
  number: r.number,
  deskCode: r.desk_code,
  status: r.status,
  issuedAt: r.issued_at,
  voidedAt: r.voided_at,
  paymentId: r.payment_id,
});

/** Issues the next receipt of the desk for a payment; call inside the payment's transaction. */
export function issueReceipt(store: Store, deskCode: string, paymentId: string, at: Date): ReceiptRow {
  const seq = nextNumber(store, deskCode, 'receipt');
  const row: ReceiptRow = { id: newId('rct'), desk_code: deskCode, seq, number: receiptNumber(deskCode, seq), payment_id: paymentId, status: 'issued', issued_at: at.toISOString(), voided_at: null };
  store.run(sql`INSERT INTO receipts (id, desk_code, seq, number, payment_id, status, issued_at) VALUES (${row.id}, ${deskCode}, ${seq}, ${row.number}, ${paymentId}, 'issued', ${row.issued_at})`);
  return row;
}

/** The number stays used: a void receipt is marked, never deleted or renumbered. */
export function voidReceipt(store: Store, paymentId: string, at: Date): void {
  store.run(sql`UPDATE receipts SET status = 'void', voided_at = ${at.toISOString()} WHERE payment_id = ${paymentId}`);
}

export function receiptOfPayment(store: Store, paymentId: string): ReceiptRow {
  const r = store.get<ReceiptRow>(sql`SELECT * FROM receipts WHERE payment_id = ${paymentId}`);
  if (!r) throw notFound('Receipt', paymentId);
  return r;
}

export function findReceipt(store: Store, key: { receiptId: string } | { number: string }): ReceiptRow {
  const r = 'receiptId' in key
    ? store.get<ReceiptRow>(sql`SELECT * FROM receipts WHERE id = ${key.receiptId}`)
    : store.get<ReceiptRow>(sql`SELECT * FROM receipts WHERE number = ${key.number.trim().toUpperCase()}`);
  if (!r) throw notFound('Receipt', 'receiptId' in key ? key.receiptId : key.number);
  return r;
}
