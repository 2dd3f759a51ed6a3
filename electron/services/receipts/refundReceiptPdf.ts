import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { officeFormat, officeLines } from '../documents/officeFormat';
import { DocumentWriter } from '../documents/pdfWriter';
import { refundsOfOperation } from '../refunds/refundsRepo';
import { readSettings } from '../settings/settingsRepo';
import { catalogWords } from '../documents/catalogWords';
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
  // Headings, labels and method names in the office's language, from the window's catalog.
  const words = catalogWords(settings.locale);
  const note = rr.kind === 'credit_note';
  const title = words(note ? 'pdf.refundReceipt.creditNote' : 'pdf.refundReceipt.refund', { number: rr.number });
  const w = await DocumentWriter.create({ paper: settings.receiptPaper, title, at: new Date(rr.issued_at) });
  const office = officeLines(settings);
  await w.title(office.name);
  for (const l of office.lines) await w.text(l, { align: w.narrow ? 'center' : 'left' });
  w.rule();
  await w.text(title, { bold: true, size: w.base + 2 });
  w.space(4);
  await w.pair(words('pdf.common.date'), fmt.dateTime(rr.issued_at));
  if (who?.issuer) await w.pair(words('pdf.refundReceipt.issuedBy'), who.issuer);
  await w.pair(words(note ? 'pdf.refundReceipt.creditedTo' : 'pdf.refundReceipt.paidTo'), who?.payer ?? '', { bold: true });
  if (who?.student_id) await w.pair(words('pdf.common.studentId'), who.student_id);
  await w.pair(words('pdf.common.for'), who?.product ?? words('pdf.refundReceipt.creditOnAccount'));
  if (first) await w.pair(words('pdf.refundReceipt.reason'), first.reason);
  w.rule();
  let total = 0;
  for (const r of refunds) {
    total += r.amount;
    const how = r.method === 'credit' ? words('pdf.refundReceipt.keptAsCredit') : words(`method.${r.method}`);
    const detail = [r.checkNumber ? words('pdf.refundReceipt.check', { number: r.checkNumber }) : null, r.reference, r.paymentId && receiptOf.get(r.paymentId) ? words('pdf.refundReceipt.fromReceipt', { number: receiptOf.get(r.paymentId) ?? '' }) : null, r.status === 'pending' ? words('pdf.refundReceipt.pending') : null, r.status === 'failed' ? words('pdf.refundReceipt.failed') : null].filter(Boolean).join(', ');
    await w.pair(detail ? `${how} (${detail})` : how, money(r.amount));
  }
  w.rule();
  await w.pair(words(note ? 'pdf.refundReceipt.totalCredited' : 'pdf.refundReceipt.totalRefunded'), money(total), { bold: true });
  w.space(6);
  await w.text(words(note ? 'pdf.refundReceipt.issuedCreditNote' : 'pdf.refundReceipt.issuedRefund', { at: fmt.dateTime(rr.issued_at) }), { size: w.base - 1.5, align: w.narrow ? 'center' : 'left' });
  return w.save();
}
