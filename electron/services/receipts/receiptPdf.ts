import type { PaymentView } from '../../../shared/contract/payments';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { itemLabels } from '../documents/itemLabels';
import { officeFormat, officeLines } from '../documents/officeFormat';
import { DocumentWriter } from '../documents/pdfWriter';
import { getPaymentView } from '../payments/paymentsRepo';
import { readSettings } from '../settings/settingsRepo';
import { METHOD_LABEL } from '../../../shared/methodLabel';
import { itemLineWords } from '../../../shared/documentLines';
import { catalogWords } from '../documents/catalogWords';
import type { ItemLine } from '../../../shared/documentLines';

/** Method names come from the one map the screens use too. */
export { METHOD_LABEL };

/** What an amount paid: the item as data (shared/documentLines.ts), worded in the office's language when printed. */
export type ReceiptLine = { line: ItemLine; amount: number };

/** What the receipt says beyond the payment itself, all as it stood when the payment was taken. */
export type ReceiptFacts = {
  payment: PaymentView;
  cashierName: string | null;
  studentId: string | null;
  /** One line per item the payment went to, printed "Installment 2 of 5", "Deposit", "Paid in full", "Late fee" (or in Spanish). */
  lines: ReceiptLine[];
  /** What the enrollment still owed right after this payment. */
  balanceAfter: number;
};

export function receiptFacts(store: Store, paymentId: string): ReceiptFacts {
  const payment = getPaymentView(store, paymentId);
  const extra = store.get<{ cashier: string | null; student_id: string | null; created_at: string }>(sql`SELECT u.display_name AS cashier, py.external_id AS student_id, p.created_at
    FROM payments p JOIN payers py ON py.id = p.payer_id LEFT JOIN users u ON u.id = p.created_by WHERE p.id = ${paymentId}`);
  // The payment's own ledger rows end at this seq: everything allocated up to it is "paid so far".
  const lastSeq = store.get<{ n: number | null }>(sql`SELECT max(seq) AS n FROM ledger_entries WHERE payment_id = ${paymentId} AND event = 'payment'`)?.n ?? 0;
  const labels = itemLabels(store, payment.enrollmentId);
  const paidThrough = new Map(store.all<{ item_id: string; paid: number }>(sql`SELECT item_id, sum(amount) AS paid FROM ledger_entries
    WHERE enrollment_id = ${payment.enrollmentId} AND account = 'allocated' AND seq <= ${lastSeq} GROUP BY item_id`).map((r) => [r.item_id, r.paid]));
  const lines = payment.allocations.map((a) => {
    const l = labels.get(a.itemId);
    const settled = l !== undefined && (paidThrough.get(a.itemId) ?? 0) >= l.item.amount;
    if (!l) return { line: { kind: 'item' as const, n: a.seq, of: 0, paid: null }, amount: a.amount };
    return { line: { ...l.line, paid: settled ? ('settled' as const) : ('part' as const) }, amount: a.amount };
  });
  const createdAt = extra?.created_at ?? payment.receivedAt;
  let owed = 0;
  for (const { item } of labels.values()) {
    if (item.state === 'waived' || item.state === 'cancelled') continue;
    owed += item.amount;
  }
  // Items added after the payment (a late fee posted later) are not part of what it left owing.
  const later = store.get<{ n: number }>(sql`SELECT coalesce(sum(amount), 0) AS n FROM schedule_items
    WHERE enrollment_id = ${payment.enrollmentId} AND created_at > ${createdAt} AND state NOT IN ('waived', 'cancelled')`)?.n ?? 0;
  const paid = [...paidThrough.values()].reduce((s, n) => s + n, 0);
  return { payment, cashierName: extra?.cashier ?? null, studentId: extra?.student_id ?? null, lines, balanceAfter: Math.max(0, owed - later - paid) };
}

/**
 * The receipt as a PDF made in the core, on the paper chosen in Settings, in a font that
 * holds every script (see documents/fonts.ts). Dates in the document are the receipt's own,
 * so the same receipt always gives the same bytes.
 */
export async function receiptPdf(store: Store, paymentId: string, opts: { payerPageUrl?: string | undefined } = {}): Promise<Uint8Array> {
  const settings = readSettings(store);
  const f = receiptFacts(store, paymentId);
  const p = f.payment;
  const fmt = officeFormat(settings);
  const money = (n: number) => fmt.money(n, p.currency);
  // Headings, labels and lines in the office's language, from the window's catalog.
  const words = catalogWords(settings.locale);
  const title = words('pdf.receipt.title', { number: p.receipt.number });
  const w = await DocumentWriter.create({ paper: settings.receiptPaper, title, at: new Date(p.receipt.issuedAt) });
  const office = officeLines(settings);
  await w.title(office.name);
  for (const l of office.lines) await w.text(l, { align: w.narrow ? 'center' : 'left' });
  w.rule();
  await w.text(title, { bold: true, size: w.base + 2 });
  if (p.receipt.status === 'void') await w.text(words('pdf.receipt.void', { at: fmt.dateTime(p.voidedAt ?? p.receipt.voidedAt ?? p.receipt.issuedAt) }), { bold: true, size: w.base + 2 });
  w.space(4);
  await w.pair(words('pdf.common.date'), fmt.dateTime(p.receivedAt));
  if (f.cashierName) await w.pair(words('pdf.receipt.cashier'), f.cashierName);
  await w.pair(words('pdf.receipt.receivedFrom'), p.payerName, { bold: true });
  if (f.studentId) await w.pair(words('pdf.common.studentId'), f.studentId);
  await w.pair(words('pdf.common.for'), p.productName);
  await w.pair(words('pdf.receipt.method'), words(`method.${p.method}`));
  if (p.check) await w.pair(words('pdf.receipt.check'), [p.check.number, p.check.bank, p.check.date].filter(Boolean).join(', '));
  if (p.reference) await w.pair(words('pdf.receipt.reference'), p.reference);
  w.rule();
  await w.pair(words('pdf.receipt.amount'), money(p.amount), { bold: true });
  if (p.creditApplied > 0) await w.pair(words('pdf.receipt.creditUsed'), money(p.creditApplied));
  if (p.tendered !== null) await w.pair(words('pdf.receipt.tendered'), money(p.tendered));
  if (p.changeDue !== null) await w.pair(words('pdf.receipt.changeDue'), money(p.changeDue));
  if (p.creditCreated > 0) await w.pair(words('pdf.receipt.keptAsCredit'), money(p.creditCreated));
  w.space(4);
  await w.text(words('pdf.receipt.paidTowards'), { bold: true });
  if (f.lines.length === 0) await w.text(words('pdf.receipt.nothingDue'));
  for (const l of f.lines) await w.pair(itemLineWords(l.line, words), money(l.amount));
  w.rule();
  await w.pair(words('pdf.receipt.balanceRemaining'), money(f.balanceAfter), { bold: true });
  if (p.note) await w.text(words('pdf.receipt.note', { note: p.note }));
  if (opts.payerPageUrl) {
    w.space(6);
    await w.qr(opts.payerPageUrl, words('pdf.common.accountOnline'));
  }
  w.space(6);
  await w.text(words('pdf.receipt.issued', { at: fmt.dateTime(p.receipt.issuedAt) }), { size: w.base - 1.5, align: w.narrow ? 'center' : 'left' });
  return w.save();
}
