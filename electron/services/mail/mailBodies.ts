import type { ItemStatus, ScheduleItemKind } from '../../../shared/contract/schedules';
import type { PaymentMethod } from '../../../shared/contract/payments';
import { formatMoney } from '../../../shared/money';
import { methodLabel } from '../../../shared/methodLabel';

/** What every mail is signed with and formatted in. */
export type Office = { name: string; locale: string; timeZone: string };

export type MailBody = { subject: string; text: string; html: string };

const KIND: Record<ScheduleItemKind, string> = { full: 'Full payment', deposit: 'Deposit', installment: 'Installment', period: 'Period', late_fee: 'Late fee' };
const STATUS: Record<ItemStatus, string> = { due: 'Due', paid: 'Paid', partially_paid: 'Partly paid', overdue: 'Overdue', paused: 'Paused', waived: 'Waived', cancelled: 'Cancelled' };

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
export const itemLabel = (kind: ScheduleItemKind, seq: number): string => (kind === 'installment' || kind === 'period' ? `${KIND[kind]} ${seq}` : KIND[kind]);

/** Plain text and a simple HTML page built from the same blocks, so the two never disagree. */
type Block = { kind: 'p'; text: string } | { kind: 'h'; text: string } | { kind: 'pairs'; rows: [string, string][] } | { kind: 'table'; head: string[]; rows: string[][]; numeric: number[] };

function render(office: Office, subject: string, greeting: string, blocks: Block[]): MailBody {
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
  const m = (n: number) => money(office, n, f.currency);
  const pairs: [string, string][] = [
    ['Receipt', f.receiptNumber],
    ['Date', instant(office, f.receivedAt)],
    ['For', f.productName],
    ['Method', methodLabel(f.method)],
    ['Amount', m(f.amount)],
  ];
  if (f.creditApplied > 0) pairs.push(['Credit used', m(f.creditApplied)]);
  if (f.creditCreated > 0) pairs.push(['Kept as credit', m(f.creditCreated)]);
  pairs.push(['Balance after this payment', m(f.balanceAfter)]);
  const blocks: Block[] = [
    { kind: 'p', text: `Thank you: we received your payment of ${m(f.amount)}. Your receipt is below and attached as a PDF.` },
    { kind: 'pairs', rows: pairs },
    { kind: 'h', text: 'What it paid' },
  ];
  if (f.paid.length === 0) blocks.push({ kind: 'p', text: 'Nothing was due: the whole amount is kept as credit on your account.' });
  else blocks.push({ kind: 'table', head: ['Item', 'Due', 'Paid'], numeric: [2], rows: f.paid.map((p) => [itemLabel(p.kind, p.seq), p.dueDate ? day(office, p.dueDate) : '', m(p.amount)]) });
  return render(office, `Receipt ${f.receiptNumber} from ${office.name}`, `Dear ${f.payerName},`, blocks);
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
  const blocks: Block[] = [{ kind: 'p', text: `Here is your statement as of ${day(office, f.asOf)}.` }];
  if (f.page) blocks.push({ kind: 'p', text: `You can also see it online, kept up to date, and pay there: ${f.page.url} (this link is for you alone and works until ${day(office, f.page.until)}).` });
  if (f.enrollments.length === 0) blocks.push({ kind: 'p', text: 'You have no enrollments with us.' });
  for (const e of f.enrollments) {
    const m = (n: number) => money(office, n, e.currency);
    blocks.push({ kind: 'h', text: `${e.productName}${e.status === 'active' ? '' : ` (${e.status})`}` });
    blocks.push({ kind: 'table', head: ['Item', 'Due', 'Amount', 'Paid', 'Owed', 'Status'], numeric: [2, 3, 4],
      rows: e.items.map((i) => [itemLabel(i.kind, i.seq), day(office, i.dueDate), m(i.amount), m(i.paid), m(i.outstanding), STATUS[i.status]]) });
    if (e.payments.length > 0) {
      blocks.push({ kind: 'table', head: ['Payment', 'Receipt', 'Method', 'Amount'], numeric: [3],
        rows: e.payments.map((p) => [instant(office, p.receivedAt), p.receiptNumber ?? '', `${methodLabel(p.method)}${p.status === 'voided' ? ' (voided)' : ''}`, m(p.amount)]) });
    }
    if (e.refunds.length > 0) {
      blocks.push({ kind: 'table', head: ['Refund', 'Method', 'Amount', 'Reason'], numeric: [2],
        rows: e.refunds.map((r) => [instant(office, r.createdAt), methodLabel(r.method), m(r.amount), r.reason]) });
    }
    blocks.push({ kind: 'pairs', rows: [['Balance', m(e.balance)]] });
  }
  const summary: [string, string][] = [];
  for (const c of f.credit.filter((c) => c.amount !== 0)) summary.push([`Credit on your account (${c.currency})`, money(office, c.amount, c.currency)]);
  for (const b of perCurrency(f.enrollments.map((e) => ({ currency: e.currency, amount: e.balance })))) summary.push([`Total balance (${b.currency})`, money(office, b.amount, b.currency)]);
  if (summary.length > 0) blocks.push({ kind: 'h', text: 'Summary' }, { kind: 'pairs', rows: summary });
  return render(office, `Your statement from ${office.name}`, `Dear ${f.payerName},`, blocks);
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
  const amount = money(office, f.outstanding, f.currency);
  const item = `${itemLabel(f.kind, f.seq)} for ${f.productName}`;
  const lead = f.rule === 'before'
    ? `A friendly reminder: ${amount} is due on ${day(office, f.dueDate)}.`
    : `Our records show ${amount} was due on ${day(office, f.dueDate)} and is now overdue. If you have already paid, thank you, and please ignore this message.`;
  return render(office, f.rule === 'before' ? `Payment due ${day(office, f.dueDate)}: ${item}` : `Overdue: ${item}`, `Dear ${f.payerName},`, [
    { kind: 'p', text: lead },
    { kind: 'pairs', rows: [['Item', item], ['Due date', day(office, f.dueDate)], ['Amount due', amount]] },
    { kind: 'p', text: 'You can pay at the office, or reply to this email with any question.' },
  ]);
}
