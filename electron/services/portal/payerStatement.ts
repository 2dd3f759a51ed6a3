import type { PayerStatement } from '../../../shared/portal/statement';
import type { ItemStatus } from '../../../shared/contract/schedules';
import { dateInZone } from '../../../shared/dateInZone';
import { notFound, refuseFieldAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { paymentDetails } from '../enrollments/paymentDetails';
import { creditBalances } from '../ledger/ledgerRepo';
import { itemLineWords } from '../../../shared/documentLines';
import type { Words } from '../../../shared/documentLines';
import { catalogWords } from '../documents/catalogWords';
import { itemLabels } from '../documents/itemLabels';
import { itemLabel } from '../mail/mailBodies';
import { readMailSettings } from '../mail/mailSettings';
import { officeTimeZone } from '../settings/officeDate';
import { readSettings } from '../settings/settingsRepo';

type StatementStatus = PayerStatement['enrollments'][number]['items'][number]['status'];
const STATUS: Record<Exclude<ItemStatus, 'cancelled'>, StatementStatus> = { due: 'due', overdue: 'overdue', partially_paid: 'partly_paid', paid: 'paid', paused: 'paused', waived: 'waived' };

/** What the page's schema holds at most (shared/portal/statement.ts); a longer history keeps its newest part. */
const MAX_ENROLLMENTS = 200;
const MAX_ITEMS = 500;
const MAX_MOVEMENTS = 2000;
/** A payment or refund method in the office's words ("Cash", "Efectivo"); a code the catalog lacks reads as itself, spaced. */
const methodWords = (w: Words, m: string): string => {
  const text = w(`method.${m}`);
  return text === `method.${m}` ? m.replace(/_/g, ' ') : text;
};
const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export type PayButtons = PayerStatement['pay'];

/**
 * Who the statement is for and which enrollments it shows (the newest 200), refusing what
 * cannot be a page: an unknown payer, or enrollments in two currencies. `portal:publish` asks
 * this before it writes anything instead of building the whole statement a first time (the
 * worker builds it once, as the books are when it goes up).
 */
export function statementSource(store: Store, payerId: string): { payer: { name: string }; ids: { id: string; currency: string }[] } {
  const payer = store.get<{ name: string }>(sql`SELECT name FROM payers WHERE id = ${payerId}`);
  if (!payer) throw notFound('Payer', payerId);
  const ids = store.all<{ id: string; currency: string }>(sql`SELECT id, currency FROM enrollments WHERE payer_id = ${payerId} ORDER BY created_at DESC, id DESC LIMIT ${MAX_ENROLLMENTS}`);
  const currencies = new Set(ids.map((e) => e.currency));
  if (currencies.size > 1) {
    throw refuseFieldAs('VALIDATION', 'payerId', 'portal.manyCurrencies', { payer: payer.name, currencies: [...currencies].join(', ') });
  }
  return { payer, ids };
}

/**
 * The payer's statement from the books as of `at`, in the page's shape: every enrollment with
 * its schedule, payments and refunds with receipt numbers, credit and balance. A page shows
 * one currency; a payer with enrollments in two is refused (and stays printable and mailable).
 */
export function buildPayerStatement(store: Store, payerId: string, at: Date, payOverride?: PayButtons): PayerStatement {
  const { payer, ids } = statementSource(store, payerId);
  const settings = readSettings(store);
  const zone = officeTimeZone(store);
  const today = dateInZone(at, zone);
  const currency = ids[0]?.currency ?? settings.defaultCurrency;
  const details = ids.reverse().map((e) => paymentDetails(store, e.id, today));
  // The desk words what is data on its side (item labels, methods) in the office's language, from
  // the window's catalog; the page words its own headings and statuses by the statement's `locale`.
  const w = catalogWords(settings.locale);
  // Oldest first, by the instant each happened.
  const timed: { at: string; m: PayerStatement['movements'][number] }[] = [];
  for (const d of details) {
    for (const p of d.payments) {
      if (p.status === 'voided') continue;
      timed.push({ at: p.receivedAt, m: { date: dateInZone(new Date(p.receivedAt), zone), kind: 'payment', receipt: p.receiptNumber, method: methodWords(w, p.method), amount: p.amount } });
    }
    for (const r of d.refunds) timed.push({ at: r.createdAt, m: { date: dateInZone(new Date(r.createdAt), zone), kind: 'refund', receipt: null, method: methodWords(w, r.method), amount: r.amount } });
  }
  // Same instant (a frozen test clock, or two at once): by receipt number, which counts up.
  const key = (t: (typeof timed)[number]) => `${t.at}|${t.m.receipt ?? ''}`;
  timed.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const movements = timed.map((t) => t.m);
  const mail = readMailSettings(store);
  return {
    v: 1,
    office: { name: clip(settings.officeName), address: null, email: mail.replyTo ?? mail.fromAddress, phone: null },
    payer: { name: clip(payer.name) },
    currency,
    locale: settings.locale,
    timeZone: zone,
    publishedAt: at.toISOString(),
    enrollments: details.map((d) => {
      const labels = itemLabels(store, d.enrollment.id);
      return {
        student: clip(payer.name),
        product: clip(d.product.name),
        status: d.enrollment.status,
        items: d.items
          .filter((i): i is typeof i & { status: Exclude<ItemStatus, 'cancelled'> } => i.status !== 'cancelled')
          .slice(-MAX_ITEMS)
          .map((i) => {
            const line = labels.get(i.id)?.line;
            return { label: clip(line ? itemLineWords(line, w) : itemLabel(i.kind, i.seq, w)), dueDate: i.dueDate, amount: i.amount, paid: i.paid, status: STATUS[i.status] };
          }),
      };
    }),
    movements: movements.slice(-MAX_MOVEMENTS),
    credit: creditBalances(store, payerId).find((c) => c.currency === currency)?.amount ?? 0,
    balance: details.reduce((s, d) => s + d.balance, 0),
    pay: payOverride ?? payButtons(store, payerId),
  };
}

type OpenInvoice = { hosted_url: string; amount: number; currency: string; item_ids_json: string };

/**
 * The Pay buttons: Stripe-hosted invoice pages the desk already made for this payer (Send an
 * invoice, `invoices:create`), which Stripe serves and takes payment on while the desk is
 * offline; the payment comes back as `invoice.paid` through the relay and the usual apply.
 * An invoice is offered only while it asks for exactly what its items still owe, so a payment
 * taken meanwhile at the counter never leaves a button asking for it again.
 * - next: an open invoice that covers the earliest item still owed (the one with fewest items);
 * - balance: an open invoice for everything the payer owes now.
 */
export function payButtons(store: Store, payerId: string): PayButtons {
  const invoices = store.all<OpenInvoice>(sql`SELECT hosted_url, amount, currency, item_ids_json FROM stripe_invoices
    WHERE payer_id = ${payerId} AND source = 'invoice' AND status = 'open' AND hosted_url IS NOT NULL ORDER BY created_at DESC`);
  if (invoices.length === 0) return { next: null, balance: null };
  const owed = store.all<{ id: string; due_date: string; owed: number }>(sql`SELECT id, due_date, amount - paid_amount AS owed FROM schedule_items
    WHERE payer_id = ${payerId} AND state = 'open' AND amount > paid_amount ORDER BY due_date, seq`);
  const owedOf = new Map(owed.map((i) => [i.id, i.owed]));
  const current = invoices
    .map((inv) => ({ ...inv, items: JSON.parse(inv.item_ids_json) as string[] }))
    .filter((inv) => inv.items.length > 0 && inv.items.every((id) => owedOf.has(id)) && inv.items.reduce((sum, id) => sum + (owedOf.get(id) ?? 0), 0) === inv.amount);
  const first = owed[0];
  const total = owed.reduce((sum, i) => sum + i.owed, 0);
  const next = first ? current.filter((inv) => inv.items.includes(first.id)).sort((a, b) => a.items.length - b.items.length)[0] : undefined;
  const whole = current.find((inv) => inv.amount === total && inv.items.length === owed.length);
  return {
    next: next && first ? { amount: next.amount, url: next.hosted_url, dueDate: first.due_date } : null,
    balance: whole ? { amount: whole.amount, url: whole.hosted_url } : null,
  };
}
