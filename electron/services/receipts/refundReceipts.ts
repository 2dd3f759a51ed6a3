import { notFound } from '../../core/errors';
import { newId } from '../../store/ids';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { nextNumber, refundReceiptNumber } from './deskCounters';

export type RefundReceiptRow = { id: string; desk_code: string; seq: number; number: string; operation_id: string; payer_id: string; kind: 'refund' | 'credit_note'; issued_at: string };

/**
 * Numbers a refund operation in the desk's refund series; call inside the refund's
 * transaction, so a refund that rolls back gives its number back (no gaps). A refund kept
 * wholly as payer credit is a credit note; anything paid out makes it a refund receipt.
 */
export function issueRefundReceipt(store: Store, deskCode: string, operationId: string, payerId: string, kind: RefundReceiptRow['kind'], at: Date): RefundReceiptRow {
  const seq = nextNumber(store, deskCode, 'refund');
  const row: RefundReceiptRow = { id: newId('rrc'), desk_code: deskCode, seq, number: refundReceiptNumber(deskCode, seq), operation_id: operationId, payer_id: payerId, kind, issued_at: at.toISOString() };
  store.run(sql`INSERT INTO refund_receipts (id, desk_code, seq, number, operation_id, payer_id, kind, issued_at)
    VALUES (${row.id}, ${deskCode}, ${seq}, ${row.number}, ${operationId}, ${payerId}, ${kind}, ${row.issued_at})`);
  return row;
}

export function findRefundReceipt(store: Store, key: { operationId: string } | { number: string }): RefundReceiptRow {
  const r = 'operationId' in key
    ? store.get<RefundReceiptRow>(sql`SELECT * FROM refund_receipts WHERE operation_id = ${key.operationId}`)
    : store.get<RefundReceiptRow>(sql`SELECT * FROM refund_receipts WHERE number = ${key.number.trim().toUpperCase()}`);
  if (!r) throw notFound('Refund receipt', 'operationId' in key ? key.operationId : key.number);
  return r;
}
