import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { officeFormat, officeLines } from '../documents/officeFormat';
import { DocumentWriter } from '../documents/pdfWriter';
import { readSettings } from '../settings/settingsRepo';
import { getDeposit } from './deposits';

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
  const w = await DocumentWriter.create({ paper: 'a4', title: `Deposit slip ${d.slipNumber}`, at: new Date(d.createdAt) });
  const office = officeLines(settings);
  await w.title(office.name);
  for (const l of office.lines) await w.text(l);
  w.rule();
  await w.text(`Deposit slip ${d.slipNumber}`, { bold: true, size: w.base + 2 });
  w.space(4);
  await w.pair('Prepared', fmt.dateTime(d.createdAt));
  if (by?.name) await w.pair('Prepared by', by.name);
  await w.pair('Desk', d.deskCode);
  await w.pair('Currency', d.currency);
  w.rule();
  await w.text('Cash', { bold: true });
  for (const s of sessions) await w.pair(`Drawer ${s.desk_code}-Z${String(s.z_number).padStart(4, '0')} counted`, money(s.counted_cash));
  if (d.floatKept > 0) await w.pair('Float kept in the drawer', money(-d.floatKept));
  await w.pair('Cash deposited', money(d.cashAmount), { bold: true });
  w.rule();
  await w.text(`Checks (${d.checkCount})`, { bold: true });
  if (checks.length === 0) await w.text('No checks.');
  for (const k of checks) await w.row([{ text: `Check ${k.number}`, width: 0.18 }, { text: k.bank ?? '', width: 0.22 }, { text: k.payer, width: 0.3 }, { text: k.receipt, width: 0.16 }, { text: money(k.amount), width: 0.14, align: 'right' }]);
  await w.pair('Checks deposited', money(d.checkAmount), { bold: true });
  w.rule();
  await w.pair('Total deposit', money(d.total), { bold: true });
  if (d.status === 'deposited') await w.pair('Deposited', `${d.depositedAt ? fmt.dateTime(d.depositedAt) : ''}${d.bankReference ? `, bank reference ${d.bankReference}` : ''}`);
  w.space(18);
  await w.text('Counted by ____________________    Received by the bank ____________________');
  return { number: d.slipNumber, bytes: await w.save() };
}
