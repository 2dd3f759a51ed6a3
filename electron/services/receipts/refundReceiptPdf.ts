import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { officeFormat, officeLines } from '../documents/officeFormat';
import { DocumentWriter } from '../documents/pdfWriter';
import { refundsOfOperation } from '../refunds/refundsRepo';
import { readSettings } from '../settings/settingsRepo';
import { METHOD_LABEL } from './receiptPdf';
import type { RefundReceiptRow } from './refundReceipts';

/**
 * A refund receipt (money paid back) or credit note (kept as payer credit) for one refund
 * operation: every line with its method, the receipt it gives money back from, the reason
 * and who issued it. Same row, same bytes.
 */
export async function refundReceiptPdf(store: Store, rr: RefundReceiptRow): Promise<Uint8Array> {
  const settings = readSettings(store);
  const fmt = officeFormat(settings);
  const refunds = refundsOfOperation(store, rr.operation_id);
  const first = refunds[0];
  const currency = first?.currency ?? settings.defaultCurrency;
  const money = (n: number) => fmt.money(n, currency);
  const who = store.get<{ payer: string; student_id: string | null; issuer: string | null; product: string | null }>(sql`SELECT py.name AS payer, py.external_id AS student_id,
      (SELECT u.display_name FROM refunds rf JOIN users u ON u.id = rf.created_by WHERE rf.operation_id = ${rr.operation_id} LIMIT 1) AS issuer,
      (SELECT pr.name FROM enrollments e JOIN products pr ON pr.id = e.product_id WHERE e.id = ${first?.enrollmentId ?? null}) AS product
    FROM payers py WHERE py.id = ${rr.payer_id}`);
  const receiptOf = new Map(store.all<{ payment_id: string; number: string }>(sql`SELECT r.payment_id, r.number FROM receipts r
    WHERE r.payment_id IN (SELECT payment_id FROM refunds WHERE operation_id = ${rr.operation_id} AND payment_id IS NOT NULL)`).map((r) => [r.payment_id, r.number]));
  const title = rr.kind === 'credit_note' ? 'Credit note' : 'Refund receipt';
  const w = await DocumentWriter.create({ paper: settings.receiptPaper, title: `${title} ${rr.number}`, at: new Date(rr.issued_at) });
  const office = officeLines(settings);
  await w.title(office.name);
  for (const l of office.lines) await w.text(l, { align: w.narrow ? 'center' : 'left' });
  w.rule();
  await w.text(`${title} ${rr.number}`, { bold: true, size: w.base + 2 });
  w.space(4);
  await w.pair('Date', fmt.dateTime(rr.issued_at));
  if (who?.issuer) await w.pair('Issued by', who.issuer);
  await w.pair(rr.kind === 'credit_note' ? 'Credited to' : 'Paid to', who?.payer ?? '', { bold: true });
  if (who?.student_id) await w.pair('Student ID', who.student_id);
  await w.pair('For', who?.product ?? 'Credit on account');
  if (first) await w.pair('Reason', first.reason);
  w.rule();
  let total = 0;
  for (const r of refunds) {
    total += r.amount;
    const how = r.method === 'credit' ? 'Kept as credit on account' : METHOD_LABEL[r.method];
    const detail = [r.checkNumber ? `check ${r.checkNumber}` : null, r.reference, r.paymentId && receiptOf.get(r.paymentId) ? `from receipt ${receiptOf.get(r.paymentId)}` : null, r.status === 'pending' ? 'pending with the card processor' : null, r.status === 'failed' ? 'failed: not paid out' : null].filter(Boolean).join(', ');
    await w.pair(detail ? `${how} (${detail})` : how, money(r.amount));
  }
  w.rule();
  await w.pair(rr.kind === 'credit_note' ? 'Total credited' : 'Total refunded', money(total), { bold: true });
  w.space(6);
  await w.text(`Issued ${fmt.dateTime(rr.issued_at)}. Keep this ${rr.kind === 'credit_note' ? 'credit note' : 'refund receipt'}.`, { size: w.base - 1.5, align: w.narrow ? 'center' : 'left' });
  return w.save();
}
