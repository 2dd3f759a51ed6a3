import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { officeFormat, officeLines } from '../documents/officeFormat';
import { DocumentWriter } from '../documents/pdfWriter';
import { METHOD_LABEL } from '../receipts/receiptPdf';
import { readSettings } from '../settings/settingsRepo';
import { drawerMovements } from './drawerMovements';
import { zReport } from './zReport';
import { drawerLineWords } from '../../../shared/documentLines';
import { catalogWords } from '../documents/catalogWords';

/**
 * The Z report of a closed drawer session on the office's paper: office, desk, who opened
 * and closed it and when (office zone), the float, sales by method, voids, refunds, every
 * paid in and out, the cash movements adding up to the expected cash, the count against it,
 * denominations and checks. Built from the session's rows only: same session, same bytes.
 */
export async function zReportPdf(store: Store, sessionId: string): Promise<{ number: string; bytes: Uint8Array }> {
  const z = zReport(store, sessionId);
  const s = z.session;
  const settings = readSettings(store);
  const fmt = officeFormat(settings);
  const money = (n: number) => fmt.money(n, s.currency);
  const names = store.get<{ opened: string | null; closed: string | null }>(sql`SELECT (SELECT display_name FROM users WHERE id = ${s.openedBy}) AS opened,
    (SELECT display_name FROM users WHERE id = ${s.closedBy}) AS closed`);
  const number = z.title.replace(/^Z report /, '');
  const w = await DocumentWriter.create({ paper: settings.receiptPaper, title: z.title, at: new Date(s.closedAt ?? s.openedAt) });
  const office = officeLines(settings);
  await w.title(office.name);
  for (const l of office.lines) await w.text(l, { align: w.narrow ? 'center' : 'left' });
  w.rule();
  await w.text(z.title, { bold: true, size: w.base + 2 });
  w.space(4);
  await w.pair('Desk', s.deskCode);
  await w.pair('Opened', fmt.dateTime(s.openedAt));
  if (names?.opened) await w.pair('Opened by', names.opened);
  if (s.closedAt) await w.pair('Closed', fmt.dateTime(s.closedAt));
  if (names?.closed) await w.pair('Closed by', names.closed);
  await w.pair('Float', money(s.openingFloat));

  w.rule();
  await w.text('Sales by method', { bold: true });
  if (z.totalsByMethod.length === 0) await w.text('No payments kept in this session.');
  for (const t of z.totalsByMethod) await w.pair(`${METHOD_LABEL[t.method]} (${t.count})`, money(t.amount));
  await w.pair(`Payments kept (${z.paymentCount})`, money(z.paymentTotal), { bold: true });
  await w.pair(`Voids (${z.voids.count})`, money(z.voids.amount));
  for (const r of z.refunds) await w.pair(`Refunds by ${METHOD_LABEL[r.method].toLowerCase()} (${r.count})`, money(r.amount));
  if (z.refunds.length === 0) await w.pair('Refunds (0)', money(0));

  const m = drawerMovements(store, sessionId);
  if (m.moves.length > 0) {
    w.rule();
    await w.text('Paid in and out', { bold: true });
    for (const mv of m.moves) await w.pair(`${mv.kind === 'paid_in' ? 'Paid in' : 'Paid out'}: ${mv.reason}`, money(mv.kind === 'paid_in' ? mv.amount : -mv.amount));
  }
  if (m.refunds.length > 0) {
    w.rule();
    await w.text('Refunds', { bold: true });
    for (const r of m.refunds) await w.pair(`${METHOD_LABEL[r.method]}: ${r.payerName}${r.receiptNumber ? ` (${r.receiptNumber})` : ''}`, money(r.amount));
  }

  w.rule();
  await w.text('Cash in the drawer', { bold: true });
  const words = catalogWords(settings.locale);
  for (const l of m.lines) await w.pair(drawerLineWords(l.kind, words), money(l.amount));
  await w.pair('Expected cash', money(s.expectedCash), { bold: true });
  await w.pair('Counted cash', money(s.countedCash ?? 0), { bold: true });
  const os = s.overShort ?? 0;
  await w.pair('Over / short', os === 0 ? 'even' : `${money(Math.abs(os))} ${os < 0 ? 'short' : 'over'}`);
  if (s.closeNote) await w.pair('Note', s.closeNote);
  if (z.denominations && z.denominations.length > 0) {
    w.rule();
    await w.text('Counted by denomination', { bold: true });
    for (const d of z.denominations) await w.pair(`${money(d.value)} × ${d.count}`, money(d.value * d.count));
  }
  if (z.checks.length > 0) {
    w.rule();
    await w.text('Checks', { bold: true });
    for (const k of z.checks) await w.pair(`Check ${k.number}${k.bank ? ` (${k.bank})` : ''}: ${k.payerName}, ${k.receiptNumber}`, money(k.amount));
  }
  w.space(6);
  await w.text(`Printed from ${z.title}, closed ${s.closedAt ? fmt.dateTime(s.closedAt) : ''}.`, { size: w.base - 1.5, align: w.narrow ? 'center' : 'left' });
  return { number, bytes: await w.save() };
}
