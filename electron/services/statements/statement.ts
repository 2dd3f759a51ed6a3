import type { StatementView } from '../../../shared/contract/statements';
import { dateInZone } from '../../../shared/dateInZone';
import { notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { itemLabels } from '../documents/itemLabels';
import { creditBalances } from '../ledger/ledgerRepo';
import { METHOD_LABEL } from '../receipts/receiptPdf';
import { readSettings } from '../settings/settingsRepo';
import { statementLineWords } from '../../../shared/documentLines';
import { catalogWords } from '../documents/catalogWords';

type Entry = StatementView['entries'][number];

/**
 * A payer's account statement for a date range, as a ledger with a running balance (the
 * ERPNext "Statement of Account" shape): every schedule item is a charge on its due date,
 * every payment (not voided) a credit on the office day it was received, every refund paid
 * out a charge again on its day. What fell before `from` is the opening balance. One currency
 * per statement (the enrollments' currency asked for).
 */
export function buildStatement(store: Store, input: { payerId: string; from: string; to: string; currency?: string | undefined }): StatementView {
  const settings = readSettings(store);
  // `description` stays in English (exports, logs); the window and the PDF word `line` in the office's language.
  const english = catalogWords('en-US');
  const payer = store.get<{ id: string; name: string; external_id: string | null }>(sql`SELECT id, name, external_id FROM payers WHERE id = ${input.payerId}`);
  if (!payer) throw notFound('Payer', input.payerId);
  const enrollments = store.all<{ id: string; currency: string; product: string; enrolled_on: string; status: string; total_amount: number }>(sql`SELECT e.id, e.currency, p.name AS product, e.enrolled_on, e.status, e.total_amount
    FROM enrollments e JOIN products p ON p.id = e.product_id WHERE e.payer_id = ${input.payerId} ORDER BY e.enrolled_on, e.id`);
  const currency = input.currency ?? enrollments[0]?.currency ?? settings.defaultCurrency;
  const mine = enrollments.filter((e) => e.currency === currency);
  const all: (Entry & { sort: string })[] = [];
  for (const e of mine) {
    for (const { line, item } of itemLabels(store, e.id).values()) {
      if (item.state === 'cancelled' || item.state === 'waived') continue;
      const what = { product: e.product, item: line, method: null };
      all.push({ date: item.due_date, kind: 'charge', line: what, description: statementLineWords('charge', what, english), reference: null, charge: item.amount, payment: 0, balance: 0, sort: `${item.due_date} 0 ${e.id} ${String(item.seq).padStart(6, '0')}` });
    }
  }
  const ids = mine.map((e) => e.id);
  if (ids.length > 0) {
    const payments = store.all<{ id: string; method: keyof typeof METHOD_LABEL; amount: number; credit_applied: number; received_at: string; number: string; product: string }>(sql`SELECT p.id, p.method, p.amount, p.credit_applied, p.received_at, r.number, pr.name AS product
      FROM payments p JOIN receipts r ON r.payment_id = p.id JOIN enrollments e ON e.id = p.enrollment_id JOIN products pr ON pr.id = e.product_id
      WHERE p.enrollment_id IN ${sql.in(ids)} AND p.status = 'completed'`);
    for (const p of payments) {
      const day = dateInZone(new Date(p.received_at), settings.timeZone);
      const what = { product: p.product, item: null, method: p.method };
      all.push({ date: day, kind: 'payment', line: what, description: statementLineWords('payment', what, english), reference: p.number, charge: 0, payment: p.amount + p.credit_applied, balance: 0, sort: `${day} 1 ${p.received_at} ${p.id}` });
    }
    const refunds = store.all<{ id: string; method: keyof typeof METHOD_LABEL; amount: number; created_at: string; number: string | null; product: string }>(sql`SELECT f.id, f.method, f.amount, f.created_at,
        (SELECT rr.number FROM refund_receipts rr WHERE rr.operation_id = f.operation_id) AS number, pr.name AS product
      FROM refunds f JOIN enrollments e ON e.id = f.enrollment_id JOIN products pr ON pr.id = e.product_id
      WHERE f.enrollment_id IN ${sql.in(ids)} AND f.status <> 'failed'`);
    for (const f of refunds) {
      const day = dateInZone(new Date(f.created_at), settings.timeZone);
      const what = { product: f.product, item: null, method: f.method };
      all.push({ date: day, kind: 'refund', line: what, description: statementLineWords('refund', what, english), reference: f.number, charge: f.amount, payment: 0, balance: 0, sort: `${day} 2 ${f.created_at} ${f.id}` });
    }
  }
  all.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  let opening = 0;
  let balance = 0;
  const entries: Entry[] = [];
  let charges = 0;
  let paid = 0;
  for (const { sort: _sort, ...e } of all) {
    if (e.date < input.from) {
      opening += e.charge - e.payment;
      balance = opening;
      continue;
    }
    if (e.date > input.to) continue;
    balance += e.charge - e.payment;
    charges += e.charge;
    paid += e.payment;
    entries.push({ ...e, balance });
  }
  return {
    payer: { id: payer.id, name: payer.name, studentId: payer.external_id },
    from: input.from,
    to: input.to,
    currency,
    enrollments: mine.map((e) => ({ id: e.id, product: e.product, enrolledOn: e.enrolled_on, status: e.status, total: e.total_amount })),
    opening,
    entries,
    totals: { charges, payments: paid },
    closing: balance,
    credit: creditBalances(store, payer.id).find((c) => c.currency === currency)?.amount ?? 0,
  };
}
