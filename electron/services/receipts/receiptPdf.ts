import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { PaymentView } from '../../../shared/contract/payments';
import { formatMoney } from '../../../shared/money';

export type ReceiptFacts = { officeName: string; locale: string; payment: PaymentView; itemDueDates: ReadonlyMap<string, string> };

export const METHOD_LABEL: Record<PaymentView['method'], string> = {
  cash: 'Cash',
  check: 'Check',
  bank_transfer: 'Bank transfer',
  card_terminal: 'Card (terminal)',
  card: 'Card (online)',
  credit: 'Account credit',
};

/**
 * The standard PDF fonts speak WinAnsi only: Intl's narrow no-break spaces (fr-FR, de-CH)
 * become plain spaces, and anything else the font cannot draw a `?`, rather than failing.
 */
const printable = (text: string): string => text.replace(/[\u202f\u2009\u2007]/g, ' ').replace(/[^\x20-\x7e\xa0-\xff\u20ac\u2018\u2019\u201c\u201d\u2013\u2014]/g, '?');

/**
 * The receipt as a one-page PDF, built in the core with pdf-lib. Dates in the document are
 * the receipt's own, so the same receipt always gives the same bytes.
 */
export async function receiptPdf(f: ReceiptFacts): Promise<Uint8Array> {
  const p = f.payment;
  const money = (amount: number) => formatMoney(amount, p.currency, f.locale);
  const issued = new Date(p.receipt.issuedAt);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Receipt ${p.receipt.number}`);
  doc.setCreator('Bursar');
  doc.setProducer('Bursar (pdf-lib)');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  const page = doc.addPage([420, 595]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let y = 555;
  const line = (text: string, opts: { size?: number; bold?: boolean; x?: number; gap?: number } = {}) => {
    const size = opts.size ?? 10;
    page.drawText(printable(text), { x: opts.x ?? 36, y, size, font: opts.bold ? bold : regular, color: rgb(0, 0, 0) });
    y -= opts.gap ?? size + 6;
  };
  const pair = (label: string, value: string) => {
    page.drawText(printable(label), { x: 36, y, size: 10, font: regular });
    page.drawText(printable(value), { x: 200, y, size: 10, font: bold });
    y -= 16;
  };

  line(f.officeName, { size: 16, bold: true, gap: 24 });
  line(`Receipt ${p.receipt.number}`, { size: 13, bold: true });
  if (p.receipt.status === 'void') line(`VOID — voided ${new Intl.DateTimeFormat(f.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(p.voidedAt ?? p.receipt.issuedAt))}`, { size: 12, bold: true });
  y -= 6;
  pair('Date', new Intl.DateTimeFormat(f.locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(p.receivedAt)));
  pair('Received from', p.payerName);
  pair('For', p.productName);
  pair('Method', METHOD_LABEL[p.method]);
  if (p.check) pair('Check', [p.check.number, p.check.bank, p.check.date].filter(Boolean).join(', '));
  if (p.reference) pair('Reference', p.reference);
  pair('Amount', money(p.amount));
  if (p.creditApplied > 0) pair('Credit used', money(p.creditApplied));
  if (p.tendered !== null) pair('Tendered', money(p.tendered));
  if (p.changeDue !== null) pair('Change due', money(p.changeDue));
  if (p.creditCreated > 0) pair('Kept as credit', money(p.creditCreated));
  y -= 8;
  line('Applied to', { bold: true });
  if (p.allocations.length === 0) line('Nothing due: the whole amount is kept as credit on the account.');
  for (const a of p.allocations) {
    const due = f.itemDueDates.get(a.itemId);
    line(`Installment ${a.seq}${due ? ` due ${due}` : ''}`, { gap: 0 });
    page.drawText(printable(money(a.amount)), { x: 300, y, size: 10, font: regular });
    y -= 16;
  }
  if (p.note) {
    y -= 8;
    line(`Note: ${p.note.slice(0, 90)}`);
  }
  y = 40;
  line(`Issued ${issued.toISOString()} — keep this receipt.`, { size: 8 });
  return doc.save();
}
