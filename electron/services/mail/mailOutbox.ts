import type { MailLogRow, MailState } from '../../../shared/contract/mail';
import type { ScheduleItemKind } from '../../../shared/contract/schedules';
import type { PaymentView } from '../../../shared/contract/payments';
import { invalidAs, notFound, refuseAs } from '../../core/errors';
import { newId } from '../../store/ids';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { paymentDetails } from '../enrollments/paymentDetails';
import { creditBalances } from '../ledger/ledgerRepo';
import { readSetting } from '../settings/settingsRepo';
import { officeDate, officeTimeZone } from '../settings/officeDate';
import type { MailBody, Office } from './mailBodies';
import { receiptMail, statementMail } from './mailBodies';
import { livePayerPage } from '../portal/portalLinks';
import { mailConfigured, readMailSettings } from './mailSettings';
import type { MailSettings } from './mailSettings';

/** Tries before a mail is given up (and shown as failed in the mail log). */
export const MAIL_MAX_TRIES = 5;

export type MailKind = 'receipt' | 'statement' | 'reminder';

export type OutboxRow = {
  id: string; kind: MailKind; dedupe_key: string; payer_id: string; to_address: string; message_id: string; subject: string; body_text: string; body_html: string;
  receipt_id: string | null; state: MailState; tries: number; next_try_at: string; dot_at: string | null; last_error: string | null; server_response: string | null;
  created_by: string | null; created_at: string; updated_at: string; sent_at: string | null;
};

export const officeOf = (store: Store): Office => ({ name: readSetting(store, 'officeName'), locale: readSetting(store, 'locale'), timeZone: officeTimeZone(store) });

/** The domain of the sender address, for Message-IDs (`<id@school.example>`). */
const domainOf = (address: string | null): string => (address?.split('@')[1] ?? 'bursar.invalid').toLowerCase();

/**
 * Writes one mail to the outbox, inside the caller's transaction (the payment, the statement
 * request, the reminder rule), so the mail exists exactly when its cause does. A second
 * enqueue with the same `dedupeKey` is a no-op and returns null.
 */
export function enqueueMail(store: Store, settings: MailSettings, m: { kind: MailKind; dedupeKey: string; payerId: string; to: string; body: MailBody; receiptId?: string | null; createdBy?: string | null }, at: Date): string | null {
  const id = newId('mail');
  const ts = at.toISOString();
  const r = store.run(sql`INSERT INTO mail_outbox (id, kind, dedupe_key, payer_id, to_address, message_id, subject, body_text, body_html, receipt_id, state, tries, next_try_at, created_by, created_at, updated_at)
    VALUES (${id}, ${m.kind}, ${m.dedupeKey}, ${m.payerId}, ${m.to}, ${`<${id}@${domainOf(settings.fromAddress)}>`}, ${m.body.subject}, ${m.body.text}, ${m.body.html},
      ${m.receiptId ?? null}, 'queued', 0, ${ts}, ${m.createdBy ?? null}, ${ts}, ${ts})
    ON CONFLICT (dedupe_key) DO NOTHING`);
  return r.changes === 1 ? id : null;
}

type Mailable = { id: string; name: string; email: string | null; mail_opt_out: number };

/**
 * The payer's address for a mail a person asked for, or a refusal naming the field: a payer
 * without an email or who opted out cannot be mailed (the statement and receipt still print).
 */
export function requireMailable(store: Store, payerId: string): { name: string; email: string } {
  const p = store.get<Mailable>(sql`SELECT id, name, email, mail_opt_out FROM payers WHERE id = ${payerId}`);
  if (!p) throw notFound('Payer', payerId);
  if (!p.email) throw invalidAs('email', 'mail.noEmail', { payer: p.name });
  if (p.mail_opt_out === 1) throw invalidAs('mailOptOut', 'mail.optedOut', { payer: p.name });
  return { name: p.name, email: p.email };
}

export function requireConfigured(store: Store): MailSettings {
  const settings = readMailSettings(store);
  if (!mailConfigured(settings)) throw refuseAs('CONFLICT', 'mail.notSetUp', {});
  return settings;
}

/** The receipt mail of a payment; `balance` is what the enrollment still owes (after this payment, or now when re-sent). */
function receiptBody(store: Store, office: Office, p: PaymentView): MailBody {
  const ids = p.allocations.map((a) => a.itemId);
  const items = ids.length === 0 ? [] : store.all<{ id: string; kind: ScheduleItemKind; due_date: string }>(sql`SELECT id, kind, due_date FROM schedule_items WHERE id IN ${sql.in(ids)}`);
  const byId = new Map(items.map((i) => [i.id, i]));
  const owed = store.get<{ n: number }>(sql`SELECT coalesce(sum(max(amount - paid_amount, 0)), 0) AS n FROM schedule_items WHERE enrollment_id = ${p.enrollmentId} AND state IN ('open', 'paused')`)?.n ?? 0;
  return receiptMail(office, {
    payerName: p.payerName, receiptNumber: p.receipt.number, receivedAt: p.receivedAt, method: p.method, productName: p.productName, amount: p.amount, currency: p.currency,
    creditApplied: p.creditApplied, creditCreated: p.creditCreated, balanceAfter: owed,
    paid: p.allocations.map((a) => ({ kind: byId.get(a.itemId)?.kind ?? 'installment', seq: a.seq, dueDate: byId.get(a.itemId)?.due_date ?? null, amount: a.amount })),
  });
}

/**
 * Called by `recordPayment` inside the payment's transaction: queues the receipt mail when
 * email is set up with receipts on and the payer has an address and has not opted out.
 * Otherwise it costs one read of the one-row settings table.
 */
export function queueReceiptMail(store: Store, p: PaymentView, at: Date, createdBy: string | null): void {
  const settings = readMailSettings(store);
  if (!mailConfigured(settings) || !settings.receiptsEnabled) return;
  const payer = store.get<Mailable>(sql`SELECT id, name, email, mail_opt_out FROM payers WHERE id = ${p.payerId}`);
  if (!payer?.email || payer.mail_opt_out === 1) return;
  enqueueMail(store, settings, { kind: 'receipt', dedupeKey: `receipt:${p.receipt.id}`, payerId: p.payerId, to: payer.email, body: receiptBody(store, officeOf(store), p), receiptId: p.receipt.id, createdBy }, at);
}

/** A receipt mailed again at a cashier's request: a new mail, each request once. */
export function queueReceiptAgain(store: Store, p: PaymentView, requestId: string, at: Date, createdBy: string | null): string {
  const settings = requireConfigured(store);
  const payer = requireMailable(store, p.payerId);
  const id = enqueueMail(store, settings, { kind: 'receipt', dedupeKey: `receipt:${p.receipt.id}:${requestId}`, payerId: p.payerId, to: payer.email, body: receiptBody(store, officeOf(store), p), receiptId: p.receipt.id, createdBy }, at);
  if (!id) throw refuseAs('CONFLICT', 'mail.receiptQueued', {});
  return id;
}

/** The payer's statement as of today: every enrollment, its schedule, payments, refunds, credit and balance. */
export function statementBody(store: Store, payerId: string, at: Date, page: { url: string; expiresAt: string } | null = null): MailBody {
  const today = officeDate(store, at);
  const payer = store.get<{ name: string }>(sql`SELECT name FROM payers WHERE id = ${payerId}`);
  const enrollments = store.all<{ id: string }>(sql`SELECT id FROM enrollments WHERE payer_id = ${payerId} ORDER BY created_at, id`).map((e) => paymentDetails(store, e.id, today));
  return statementMail(officeOf(store), {
    payerName: payer?.name ?? '',
    asOf: today,
    enrollments: enrollments.map((d) => ({
      productName: d.product.name, status: d.enrollment.status, currency: d.enrollment.currency, balance: d.balance,
      items: d.items.map((i) => ({ kind: i.kind, seq: i.seq, dueDate: i.dueDate, amount: i.amount, paid: i.paid, outstanding: i.outstanding, status: i.status })),
      payments: [...d.payments].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).map((p) => ({ receivedAt: p.receivedAt, method: p.method, amount: p.amount, status: p.status, receiptNumber: p.receiptNumber })),
      refunds: [...d.refunds].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((r) => ({ createdAt: r.createdAt, method: r.method, amount: r.amount, reason: r.reason })),
    })),
    credit: creditBalances(store, payerId),
    page: page ? { url: page.url, until: officeDate(store, new Date(page.expiresAt)) } : null,
  });
}

export function queueStatement(store: Store, payerId: string, requestId: string, at: Date, createdBy: string | null, linkId?: string): string {
  const settings = requireConfigured(store);
  const payer = requireMailable(store, payerId);
  const page = linkId === undefined ? null : livePayerPage(store, payerId, linkId, at);
  const id = enqueueMail(store, settings, { kind: 'statement', dedupeKey: `statement:${payerId}:${requestId}`, payerId, to: payer.email, body: statementBody(store, payerId, at, page), createdBy }, at);
  if (!id) throw refuseAs('CONFLICT', 'mail.statementQueued', {});
  return id;
}

type LogJoined = OutboxRow & { payer_name: string };

export const toLogRow = (r: LogJoined, maxTries: number): MailLogRow => ({
  id: r.id, kind: r.kind, payerId: r.payer_id, payerName: r.payer_name, to: r.to_address, subject: r.subject, messageId: r.message_id, state: r.state,
  tries: r.tries, maxTries, nextTryAt: r.state === 'queued' ? r.next_try_at : null, lastError: r.last_error, serverResponse: r.server_response,
  createdAt: r.created_at, sentAt: r.sent_at,
});

export const LOG_SELECT = sql`SELECT m.*, p.name AS payer_name FROM mail_outbox m JOIN payers p ON p.id = m.payer_id`;

export function getLogRow(store: Store, id: string, maxTries: number): MailLogRow {
  const r = store.get<LogJoined>(sql`${LOG_SELECT} WHERE m.id = ${id}`);
  if (!r) throw notFound('Mail', id);
  return toLogRow(r, maxTries);
}
