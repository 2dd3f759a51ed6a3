import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { officeFormat, officeLines } from '../documents/officeFormat';
import { DocumentWriter } from '../documents/pdfWriter';
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
  // Headings, labels, method names and cash lines in the office's language, from the window's catalog.
  const words = catalogWords(settings.locale);
  const method = (m: string) => words(`method.${m}`);
  const title = words('pdf.zReport.title', { number });
  const w = await DocumentWriter.create({ paper: settings.receiptPaper, title, at: new Date(s.closedAt ?? s.openedAt) });
  const office = officeLines(settings);
  await w.title(office.name);
  for (const l of office.lines) await w.text(l, { align: w.narrow ? 'center' : 'left' });
  w.rule();
  await w.text(title, { bold: true, size: w.base + 2 });
  w.space(4);
  await w.pair(words('pdf.common.desk'), s.deskCode);
  await w.pair(words('pdf.zReport.opened'), fmt.dateTime(s.openedAt));
  if (names?.opened) await w.pair(words('pdf.zReport.openedBy'), names.opened);
  if (s.closedAt) await w.pair(words('pdf.zReport.closed'), fmt.dateTime(s.closedAt));
  if (names?.closed) await w.pair(words('pdf.zReport.closedBy'), names.closed);
  await w.pair(words('pdf.zReport.float'), money(s.openingFloat));

  w.rule();
  await w.text(words('pdf.zReport.salesByMethod'), { bold: true });
  if (z.totalsByMethod.length === 0) await w.text(words('pdf.zReport.noPayments'));
  for (const t of z.totalsByMethod) await w.pair(`${method(t.method)} (${t.count})`, money(t.amount));
  await w.pair(words('pdf.zReport.paymentsKept', { count: z.paymentCount }), money(z.paymentTotal), { bold: true });
  await w.pair(words('pdf.zReport.voids', { count: z.voids.count }), money(z.voids.amount));
  for (const r of z.refunds) await w.pair(words('pdf.zReport.refundsBy', { method: method(r.method).toLowerCase(), count: r.count }), money(r.amount));
  if (z.refunds.length === 0) await w.pair(words('pdf.zReport.refundsCount', { count: 0 }), money(0));

  const m = drawerMovements(store, sessionId);
  if (m.moves.length > 0) {
    w.rule();
    await w.text(words('pdf.zReport.paidInOut'), { bold: true });
    for (const mv of m.moves) await w.pair(words(mv.kind === 'paid_in' ? 'pdf.zReport.paidIn' : 'pdf.zReport.paidOut', { reason: mv.reason }), money(mv.kind === 'paid_in' ? mv.amount : -mv.amount));
  }
  if (m.refunds.length > 0) {
    w.rule();
    await w.text(words('pdf.zReport.refunds'), { bold: true });
    for (const r of m.refunds) await w.pair(`${method(r.method)}: ${r.payerName}${r.receiptNumber ? ` (${r.receiptNumber})` : ''}`, money(r.amount));
  }

  w.rule();
  await w.text(words('pdf.zReport.cashInDrawer'), { bold: true });
  for (const l of m.lines) await w.pair(drawerLineWords(l.kind, words), money(l.amount));
  await w.pair(words('pdf.zReport.expectedCash'), money(s.expectedCash), { bold: true });
  await w.pair(words('pdf.zReport.countedCash'), money(s.countedCash ?? 0), { bold: true });
  const os = s.overShort ?? 0;
  await w.pair(words('pdf.zReport.overShort'), os === 0 ? words('pdf.zReport.even') : words(os < 0 ? 'pdf.zReport.short' : 'pdf.zReport.over', { amount: money(Math.abs(os)) }));
  if (s.closeNote) await w.pair(words('pdf.zReport.note'), s.closeNote);
  if (z.denominations && z.denominations.length > 0) {
    w.rule();
    await w.text(words('pdf.zReport.byDenomination'), { bold: true });
    for (const d of z.denominations) await w.pair(`${money(d.value)} × ${d.count}`, money(d.value * d.count));
  }
  if (z.checks.length > 0) {
    w.rule();
    await w.text(words('pdf.zReport.checks'), { bold: true });
    for (const k of z.checks) await w.pair(`${words('pdf.zReport.check', { number: k.number })}${k.bank ? ` (${k.bank})` : ''}: ${k.payerName}, ${k.receiptNumber}`, money(k.amount));
  }
  w.space(6);
  await w.text(words('pdf.zReport.printedFrom', { title, at: s.closedAt ? fmt.dateTime(s.closedAt) : '' }), { size: w.base - 1.5, align: w.narrow ? 'center' : 'left' });
  return { number, bytes: await w.save() };
}
