import type { ItemStatus, ScheduleItemKind } from '../../../shared/contract/schedules';
import type { PaymentMethod } from '../../../shared/contract/payments';
import { formatMoney } from '../../../shared/money';
import type { Words } from '../../../shared/documentLines';
import { catalogWords } from '../documents/catalogWords';

/** What every mail is signed with and formatted in. */
export type Office = { name: string; locale: string; timeZone: string };

export type MailBody = { subject: string; text: string; html: string };

/**
 * Every word of a mail comes from the window's catalog (`mail.*`, `method.*` in
 * renderer/src/i18n) in the office's language, as the PDFs do (`catalogWords`); money in the
 * office's locale, dates in its locale and zone. The English catalog holds the words the mails
 * always had, so an English office's mail reads as before.
 */
const wordsOf = (office: Office): Words => catalogWords(office.locale);

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Building an Intl.DateTimeFormat costs far more than using one: a batch of reminders reuses them.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormat = (locale: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat => {
  const key = `${locale}|${timeZone}|${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone });
    dateFormats.set(key, f);
  }
  return f;
};
/** A calendar date (YYYY-MM-DD) in the office's words: "March 5, 2027". */
export const day = (office: Office, date: string): string => dateFormat(office.locale, 'UTC', false).format(new Date(`${date}T00:00:00Z`));
/** An instant on the office's clock. */
const instant = (office: Office, iso: string): string => dateFormat(office.locale, office.timeZone, true).format(new Date(iso));
const money = (office: Office, amount: number, currency: string): string => formatMoney(amount, currency, office.locale);
const english = catalogWords('en-US');
/** "Installment 2", "Deposit", "Cuota 2": an item of a schedule in `w`'s words (English by default, as the payer page shows it). */
export const itemLabel = (kind: ScheduleItemKind, seq: number, w: Words = english): string => w('mail.item', { kind, n: seq });
/**
 * The file name of a receipt PDF attached to a mail, in the office's language ("receipt-FD-000017.pdf",
 * "recibo-FD-000017.pdf"), in characters every mail client and file system keeps: letters and
 * digits without accents, '-', '_' and '.'; anything else becomes '-'.
 */
export function receiptFileName(locale: string, number: string): string {
  const words = catalogWords(locale)('mail.attachment.receipt', { number });
  const safe = words
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+(?=\.pdf$)|-+$/g, '')
    .slice(0, 120);
  return /\.pdf$/i.test(safe) ? safe : `${safe || 'receipt'}.pdf`;
}

/** A payment or refund method in words; a code the catalog does not know reads as itself, spaced. */
const methodWords = (w: Words, method: string): string => {
  const text = w(`method.${method}`);
  return text === `method.${method}` ? method.replace(/_/g, ' ') : text;
};

/** Plain text and a simple HTML page built from the same blocks, so the two never disagree. */
type Block = { kind: 'p'; text: string } | { kind: 'h'; text: string } | { kind: 'pairs'; rows: [string, string][] } | { kind: 'table'; head: string[]; rows: string[][]; numeric: number[] };

function render(office: Office, w: Words, subject: string, payerName: string, blocks: Block[]): MailBody {
  const greeting = w('mail.greeting', { name: payerName });
  const text: string[] = [greeting, ''];
  const html: string[] = [`<p>${esc(greeting)}</p>`];
  for (const b of blocks) {
    if (b.kind === 'p') {
      text.push(b.text, '');
      html.push(`<p>${esc(b.text)}</p>`);
    } else if (b.kind === 'h') {
      text.push(b.text, '-'.repeat(Math.min(60, b.text.length)));
      html.push(`<h2 style="font-size:16px;margin:20px 0 8px">${esc(b.text)}</h2>`);
    } else if (b.kind === 'pairs') {
      const width = Math.max(...b.rows.map(([k]) => k.length));
      for (const [k, v] of b.rows) text.push(`${`${k}:`.padEnd(width + 2)}${v}`);
      text.push('');
      html.push(`<table role="presentation" style="border-collapse:collapse">${b.rows.map(([k, v]) => `<tr><td style="padding:2px 16px 2px 0;color:#555">${esc(k)}</td><td style="padding:2px 0"><strong>${esc(v)}</strong></td></tr>`).join('')}</table>`);
    } else {
      text.push(b.head.join(' | '));
      for (const r of b.rows) text.push(r.join(' | '));
      text.push('');
      const cell = (tag: 'th' | 'td', v: string, i: number) => `<${tag} style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:${b.numeric.includes(i) ? 'right' : 'left'}">${esc(v)}</${tag}>`;
      html.push(`<table style="border-collapse:collapse;margin:4px 0 12px"><thead><tr>${b.head.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`).join('')}</tbody></table>`);
    }
  }
  text.push(office.name);
  html.push(`<p style="margin-top:24px;color:#555">${esc(office.name)}</p>`);
  return {
    subject,
    text: `${text.join('\n')}\n`,
    html: `<!doctype html><html lang="${esc(office.locale)}"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#111">${html.join('\n')}</body></html>`,
  };
}

export type ReceiptMailFacts = {
  payerName: string;
  receiptNumber: string;
  receivedAt: string;
  method: PaymentMethod;
  productName: string;
  amount: number;
  currency: string;
  creditApplied: number;
  creditCreated: number;
  paid: { kind: ScheduleItemKind; seq: number; dueDate: string | null; amount: number }[];
  /** Still owed on the enrollment once this payment is counted. */
  balanceAfter: number;
};

export function receiptMail(office: Office, f: ReceiptMailFacts): MailBody {
  const w = wordsOf(office);
  const m = (n: number) => money(office, n, f.currency);
  const pairs: [string, string][] = [
    [w('mail.receipt.receipt'), f.receiptNumber],
    [w('mail.receipt.date'), instant(office, f.receivedAt)],
    [w('mail.receipt.for'), f.productName],
    [w('mail.receipt.method'), methodWords(w, f.method)],
    [w('mail.receipt.amount'), m(f.amount)],
  ];
  if (f.creditApplied > 0) pairs.push([w('mail.receipt.creditUsed'), m(f.creditApplied)]);
  if (f.creditCreated > 0) pairs.push([w('mail.receipt.keptAsCredit'), m(f.creditCreated)]);
  pairs.push([w('mail.receipt.balanceAfter'), m(f.balanceAfter)]);
  const blocks: Block[] = [
    { kind: 'p', text: w('mail.receipt.thanks', { amount: m(f.amount) }) },
    { kind: 'pairs', rows: pairs },
    { kind: 'h', text: w('mail.receipt.whatItPaid') },
  ];
  if (f.paid.length === 0) blocks.push({ kind: 'p', text: w('mail.receipt.nothingDue') });
  else blocks.push({ kind: 'table', head: [w('mail.col.item'), w('mail.col.due'), w('mail.col.paid')], numeric: [2], rows: f.paid.map((p) => [itemLabel(p.kind, p.seq, w), p.dueDate ? day(office, p.dueDate) : '', m(p.amount)]) });
  return render(office, w, w('mail.receipt.subject', { number: f.receiptNumber, office: office.name }), f.payerName, blocks);
}

export type StatementMailFacts = {
  payerName: string;
  asOf: string;
  enrollments: {
    productName: string;
    status: string;
    currency: string;
    items: { kind: ScheduleItemKind; seq: number; dueDate: string; amount: number; paid: number; outstanding: number; status: ItemStatus }[];
    payments: { receivedAt: string; method: string; amount: number; status: string; receiptNumber: string | null }[];
    refunds: { createdAt: string; method: string; amount: number; reason: string }[];
    balance: number;
  }[];
  credit: { currency: string; amount: number }[];
  /** The payer's page (statement online, with Pay buttons) and the last day its link works. */
  page?: { url: string; until: string } | null;
};

/** Sums per currency, in the order the currencies first appear. */
function perCurrency(rows: { currency: string; amount: number }[]): { currency: string; amount: number }[] {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.amount);
  return [...sums].map(([currency, amount]) => ({ currency, amount }));
}

export function statementMail(office: Office, f: StatementMailFacts): MailBody {
  const w = wordsOf(office);
  const blocks: Block[] = [{ kind: 'p', text: w('mail.statement.asOf', { date: day(office, f.asOf) }) }];
  if (f.page) blocks.push({ kind: 'p', text: w('mail.statement.online', { url: f.page.url, until: day(office, f.page.until) }) });
  if (f.enrollments.length === 0) blocks.push({ kind: 'p', text: w('mail.statement.noEnrollments') });
  for (const e of f.enrollments) {
    const m = (n: number) => money(office, n, e.currency);
    blocks.push({ kind: 'h', text: w('mail.statement.enrollment', { product: e.productName, status: e.status }) });
    blocks.push({ kind: 'table', head: [w('mail.col.item'), w('mail.col.due'), w('mail.col.amount'), w('mail.col.paid'), w('mail.col.owed'), w('mail.col.status')], numeric: [2, 3, 4],
      rows: e.items.map((i) => [itemLabel(i.kind, i.seq, w), day(office, i.dueDate), m(i.amount), m(i.paid), m(i.outstanding), w('mail.itemStatus', { status: i.status })]) });
    if (e.payments.length > 0) {
      blocks.push({ kind: 'table', head: [w('mail.col.payment'), w('mail.col.receipt'), w('mail.col.method'), w('mail.col.amount')], numeric: [3],
        rows: e.payments.map((p) => [instant(office, p.receivedAt), p.receiptNumber ?? '', p.status === 'voided' ? w('mail.statement.voided', { method: methodWords(w, p.method) }) : methodWords(w, p.method), m(p.amount)]) });
    }
    if (e.refunds.length > 0) {
      // The reason is what the admin typed when refunding: it is shown as written.
      blocks.push({ kind: 'table', head: [w('mail.col.refund'), w('mail.col.method'), w('mail.col.amount'), w('mail.col.reason')], numeric: [2],
        rows: e.refunds.map((r) => [instant(office, r.createdAt), methodWords(w, r.method), m(r.amount), r.reason]) });
    }
    blocks.push({ kind: 'pairs', rows: [[w('mail.statement.balance'), m(e.balance)]] });
  }
  const summary: [string, string][] = [];
  for (const c of f.credit.filter((c) => c.amount !== 0)) summary.push([w('mail.statement.credit', { currency: c.currency }), money(office, c.amount, c.currency)]);
  for (const b of perCurrency(f.enrollments.map((e) => ({ currency: e.currency, amount: e.balance })))) summary.push([w('mail.statement.totalBalance', { currency: b.currency }), money(office, b.amount, b.currency)]);
  if (summary.length > 0) blocks.push({ kind: 'h', text: w('mail.statement.summary') }, { kind: 'pairs', rows: summary });
  return render(office, w, w('mail.statement.subject', { office: office.name }), f.payerName, blocks);
}

export type ReminderMailFacts = {
  payerName: string;
  productName: string;
  kind: ScheduleItemKind;
  seq: number;
  dueDate: string;
  outstanding: number;
  currency: string;
  rule: 'before' | 'overdue';
};

export function reminderMail(office: Office, f: ReminderMailFacts): MailBody {
  const w = wordsOf(office);
  const amount = money(office, f.outstanding, f.currency);
  const date = day(office, f.dueDate);
  const item = w('mail.reminder.itemFor', { item: itemLabel(f.kind, f.seq, w), product: f.productName });
  const lead = f.rule === 'before' ? w('mail.reminder.leadBefore', { amount, date }) : w('mail.reminder.leadOverdue', { amount, date });
  return render(office, w, f.rule === 'before' ? w('mail.reminder.subjectBefore', { date, item }) : w('mail.reminder.subjectOverdue', { item }), f.payerName, [
    { kind: 'p', text: lead },
    { kind: 'pairs', rows: [[w('mail.col.item'), item], [w('mail.reminder.dueDate'), date], [w('mail.reminder.amountDue'), amount]] },
    { kind: 'p', text: w('mail.reminder.howToPay') },
  ]);
}
