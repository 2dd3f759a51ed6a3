import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { officeFormat, officeLines } from '../documents/officeFormat';
import { DocumentWriter } from '../documents/pdfWriter';
import { readSettings } from '../settings/settingsRepo';
import { getDeposit } from './deposits';
import { catalogWords } from '../documents/catalogWords';

/**
 * A bank deposit slip on A4 (a bank counter takes a sheet): the office, slip number, desk,
 * the cash of each drawer session (by its Z report) and each check with its drawer, bank and
 * payer, the cash and check totals and the slip total; a float kept back in the drawer is
 * named. Built from the deposit's rows only: same deposit, same bytes.
 */
export async function depositSlipPdf(store: Store, depositId: string): Promise<{ number: string; bytes: Uint8Array }> {
  const d = getDeposit(store, depositId);
  const settings = readSettings(store);
  const fmt = officeFormat(settings);
  const money = (n: number) => fmt.money(n, d.currency);
  const sessions = store.all<{ z_number: number; desk_code: string; counted_cash: number; closed_at: string }>(sql`SELECT z_number, desk_code, counted_cash, closed_at
    FROM drawer_sessions WHERE deposit_id = ${d.id} ORDER BY closed_at, id`);
  const checks = store.all<{ number: string; bank: string | null; amount: number; payer: string; receipt: string }>(sql`SELECT p.check_number AS number, p.check_bank AS bank, p.amount, py.name AS payer, r.number AS receipt
    FROM payments p JOIN payers py ON py.id = p.payer_id JOIN receipts r ON r.payment_id = p.id
    WHERE p.session_id IN (SELECT id FROM drawer_sessions WHERE deposit_id = ${d.id}) AND p.method = 'check' AND p.status = 'completed' ORDER BY p.received_at, p.id`);
  const by = store.get<{ name: string | null }>(sql`SELECT (SELECT display_name FROM users WHERE id = deposits.created_by) AS name FROM deposits WHERE id = ${d.id}`);
  // Headings and labels in the office's language, from the window's catalog.
  const words = catalogWords(settings.locale);
  const title = words('pdf.depositSlip.title', { number: d.slipNumber });
  const w = await DocumentWriter.create({ paper: 'a4', title, at: new Date(d.createdAt) });
  const office = officeLines(settings);
  await w.title(office.name);
  for (const l of office.lines) await w.text(l);
  w.rule();
  await w.text(title, { bold: true, size: w.base + 2 });
  w.space(4);
  await w.pair(words('pdf.depositSlip.prepared'), fmt.dateTime(d.createdAt));
  if (by?.name) await w.pair(words('pdf.depositSlip.preparedBy'), by.name);
  await w.pair(words('pdf.common.desk'), d.deskCode);
  await w.pair(words('pdf.depositSlip.currency'), d.currency);
  w.rule();
  await w.text(words('pdf.depositSlip.cash'), { bold: true });
  for (const s of sessions) await w.pair(words('pdf.depositSlip.drawerCounted', { drawer: `${s.desk_code}-Z${String(s.z_number).padStart(4, '0')}` }), money(s.counted_cash));
  if (d.floatKept > 0) await w.pair(words('pdf.depositSlip.floatKept'), money(-d.floatKept));
  await w.pair(words('pdf.depositSlip.cashDeposited'), money(d.cashAmount), { bold: true });
  w.rule();
  await w.text(words('pdf.depositSlip.checks', { count: d.checkCount }), { bold: true });
  if (checks.length === 0) await w.text(words('pdf.depositSlip.noChecks'));
  for (const k of checks) await w.row([{ text: words('pdf.depositSlip.check', { number: k.number }), width: 0.18 }, { text: k.bank ?? '', width: 0.22 }, { text: k.payer, width: 0.3 }, { text: k.receipt, width: 0.16 }, { text: money(k.amount), width: 0.14, align: 'right' }]);
  await w.pair(words('pdf.depositSlip.checksDeposited'), money(d.checkAmount), { bold: true });
  w.rule();
  await w.pair(words('pdf.depositSlip.total'), money(d.total), { bold: true });
  if (d.status === 'deposited') await w.pair(words('pdf.depositSlip.deposited'), `${d.depositedAt ? fmt.dateTime(d.depositedAt) : ''}${d.bankReference ? `, ${words('pdf.depositSlip.bankReference', { reference: d.bankReference })}` : ''}`);
  w.space(18);
  await w.text(words('pdf.depositSlip.signatures'));
  return { number: d.slipNumber, bytes: await w.save() };
}
