import { createPeriodicJob } from '../../core/periodicJob';
import type { PeriodicJob } from '../../core/periodicJob';
import type { SecretStore } from '../../secrets/secretStore';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { receiptPdf } from '../receipts/receiptPdf';
import { readSettings } from '../settings/settingsRepo';
import { receiptFileName } from './mailBodies';
import { MAIL_MAX_TRIES } from './mailOutbox';
import type { OutboxRow } from './mailOutbox';
import { mailConfigured, readMailSettings } from './mailSettings';
import type { MailSettings } from './mailSettings';
import { composeMail, defaultSmtpTimeouts, openSmtp, smtpFailure } from './smtpClient';
import type { SmtpFailure, SmtpSession, SmtpTimeouts } from './smtpClient';

/** Test-only points where a crash test kills its own process (kill -9) to prove no mail goes twice. */
export type MailHooks = {
  /** The "final dot about to go" mark is written; the dot is not sent yet. */
  afterDotMarked?(id: string): void;
  /** The server accepted the mail (250); the outbox does not know yet. */
  afterAccepted?(id: string): void;
  afterSent?(id: string): void;
};

export type MailWorkerOptions = {
  store: Store;
  now: () => Date;
  secrets: SecretStore;
  logError: (message: string, error: unknown) => void;
  onChanged: () => void;
  timeouts?: SmtpTimeouts;
  /** First retry after this long, doubling each try up to an hour (default 1 minute). */
  retryBaseMs?: number;
  maxTries?: number;
  /** Mails taken per run (default 200). */
  batch?: number;
  hooks?: MailHooks;
};

export type MailRunResult = { attempted: number; sent: number; retrying: number; failed: number; unconfirmed: number; waiting: number };

export type MailWorker = PeriodicJob<MailRunResult> & { readonly maxTries: number; readonly timeouts: SmtpTimeouts };

const UNCONFIRMED = 'The desk stopped after the whole message had gone to the mail server and before the server’s answer was saved. It was most likely delivered; it is not sent again by itself (mail cannot be recalled or checked).';

/**
 * Sends the mail outbox through the office's SMTP server, one connection per run.
 *
 * Exactly-once, as far as SMTP allows. SMTP has no idempotency key: a server that accepted a
 * message cannot be asked about it, and sending again makes a second mail. So the worker
 * records the one moment that matters — the end of DATA, the `.` after which the server may
 * have the mail — and never sends a mail again past it:
 * 1. envelope and message go out (nothing recorded: until the dot the server throws the
 *    message away if the connection drops, so a crash here just leaves the row `queued`);
 * 2. `sending` + `dot_at` + one more try are committed (WAL write without fsync: it must be
 *    on disk before the dot, and waiting for the disk would only widen the gap), then the
 *    dot is written in the same turn;
 * 3. the server's 250 is committed as `sent` with its words (also without fsync: should a
 *    power cut undo it, the row reads as step 2 and is never resent).
 * At the next run a row still `sending` with `dot_at` set (a crash between 2 and 3) becomes
 * `unconfirmed` — shown in the mail log, never resent by itself. What is left: a kill in the
 * microseconds between the commit of 2 and the write of the dot leaves a mail `unconfirmed`
 * that the server never got (visible, never silent), and a power cut right after 2 may lose
 * the mark and send once more with the same Message-ID.
 */
export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { store, now } = options;
  const maxTries = options.maxTries ?? MAIL_MAX_TRIES;
  const base = options.retryBaseMs ?? 60_000;
  const backoff = (tries: number) => Math.min(base * 2 ** Math.max(0, tries - 1), 60 * 60_000);

  function recover(): void {
    const at = now().toISOString();
    store.transaction(() => {
      store.run(sql`UPDATE mail_outbox SET state = 'unconfirmed', last_error = ${UNCONFIRMED}, updated_at = ${at} WHERE state = 'sending' AND dot_at IS NOT NULL`);
      store.run(sql`UPDATE mail_outbox SET state = 'queued', updated_at = ${at} WHERE state = 'sending' AND dot_at IS NULL`);
    });
  }

  /** A failure the server (or the network) gave: try again later, or give up after the last try. */
  function retryOrGiveUp(rows: readonly OutboxRow[], f: SmtpFailure, countTry: boolean): { retrying: number; failed: number; waiting: number } {
    const at = now();
    const out = { retrying: 0, failed: 0, waiting: 0 };
    store.transaction(() => {
      for (const row of rows) {
        const tries = row.tries + (countTry ? 1 : 0);
        if (!countTry) {
          store.run(sql`UPDATE mail_outbox SET state = 'queued', dot_at = NULL, last_error = ${f.words}, next_try_at = ${new Date(at.getTime() + base).toISOString()}, updated_at = ${at.toISOString()} WHERE id = ${row.id}`);
          out.waiting++;
        } else if (tries >= maxTries) {
          store.run(sql`UPDATE mail_outbox SET state = 'failed', tries = ${tries}, dot_at = NULL, last_error = ${f.words}, updated_at = ${at.toISOString()} WHERE id = ${row.id}`);
          out.failed++;
        } else {
          store.run(sql`UPDATE mail_outbox SET state = 'queued', tries = ${tries}, dot_at = NULL, last_error = ${f.words}, next_try_at = ${new Date(at.getTime() + backoff(tries)).toISOString()}, updated_at = ${at.toISOString()} WHERE id = ${row.id}`);
          out.retrying++;
        }
      }
    });
    return out;
  }

  async function attachments(row: OutboxRow): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
    if (!row.receipt_id) return [];
    const receipt = store.get<{ number: string; payment_id: string }>(sql`SELECT number, payment_id FROM receipts WHERE id = ${row.receipt_id}`);
    if (!receipt) return [];
    const bytes = await receiptPdf(store, receipt.payment_id);
    return [{ filename: receiptFileName(readSettings(store).locale, receipt.number), content: Buffer.from(bytes), contentType: 'application/pdf' }];
  }

  async function compose(row: OutboxRow, settings: MailSettings): Promise<Buffer> {
    return composeMail({
      from: settings.fromAddress ?? '', fromName: readSettings(store).officeName, to: row.to_address, replyTo: settings.replyTo, subject: row.subject,
      text: row.body_text, html: row.body_html, messageId: row.message_id, date: new Date(row.created_at),
      headers: { 'X-Bursar-Mail': `${row.kind}; ${row.id}` }, attachments: await attachments(row),
    });
  }

  async function run(): Promise<MailRunResult> {
    const result: MailRunResult = { attempted: 0, sent: 0, retrying: 0, failed: 0, unconfirmed: 0, waiting: 0 };
    const settings = readMailSettings(store);
    if (!mailConfigured(settings) || !settings.host || !settings.fromAddress) return result;
    recover();
    const due = store.all<OutboxRow>(sql`SELECT * FROM mail_outbox WHERE state = 'queued' AND next_try_at <= ${now().toISOString()} ORDER BY next_try_at, id LIMIT ${options.batch ?? 200}`);
    if (due.length === 0) return result;
    const server = { host: settings.host, port: settings.port, security: settings.security, username: settings.username, password: options.secrets.get('mail.password') };
    let session: SmtpSession | null = null;
    try {
      // The next mail is composed while this one is on the wire.
      const composing = (row: OutboxRow | undefined) => (row ? compose(row, settings).then((raw) => ({ raw }), (error: unknown) => ({ error })) : null);
      let next = composing(due[0]);
      for (let i = 0; i < due.length; i++) {
        const row = due[i] as OutboxRow;
        const built = await (next as Promise<{ raw: Buffer } | { error: unknown }>);
        next = composing(due[i + 1]);
        let raw: Buffer;
        try {
          if ('error' in built) throw built.error;
          raw = built.raw;
        } catch (e) {
          options.logError('mail could not be composed', e);
          const r = retryOrGiveUp([row], { words: `Bursar could not build this mail: ${(e as Error).message}`, responseCode: null, offline: false }, true);
          result.retrying += r.retrying;
          result.failed += r.failed;
          continue;
        }
        if (!session?.usable) {
          session?.close();
          session = null;
          try {
            session = await openSmtp(server, options.timeouts ?? defaultSmtpTimeouts);
          } catch (e) {
            // No session: every mail left in this run gets the same words (offline: they wait without using a try).
            const f = smtpFailure(e);
            const r = retryOrGiveUp(due.slice(i), f, !f.offline);
            result.retrying += r.retrying;
            result.failed += r.failed;
            result.waiting += r.waiting;
            break;
          }
        }
        result.attempted++;
        let marked = false;
        try {
          const response = await session.send(settings.fromAddress, row.to_address, raw, () => {
            store.transactionWithoutSync(() =>
              store.run(sql`UPDATE mail_outbox SET state = 'sending', tries = tries + 1, dot_at = ${now().toISOString()}, updated_at = ${now().toISOString()} WHERE id = ${row.id}`));
            marked = true;
            options.hooks?.afterDotMarked?.(row.id);
          });
          options.hooks?.afterAccepted?.(row.id);
          const at = now().toISOString();
          // Not fsynced either: lost in a power cut, the row reads `sending` past the dot and becomes `unconfirmed`, never a resend.
          store.transactionWithoutSync(() =>
            store.run(sql`UPDATE mail_outbox SET state = 'sent', server_response = ${response.slice(0, 1000)}, last_error = NULL, sent_at = ${at}, updated_at = ${at} WHERE id = ${row.id}`));
          options.hooks?.afterSent?.(row.id);
          result.sent++;
        } catch (e) {
          const f = smtpFailure(e);
          if (marked && f.responseCode === null) {
            // The dot went and no answer came back: the server may have it. Never sent again.
            const at = now().toISOString();
            store.transaction(() => store.run(sql`UPDATE mail_outbox SET state = 'unconfirmed', last_error = ${`No answer after the whole message was sent (${f.words}); it may have been delivered, so it is not sent again.`}, updated_at = ${at} WHERE id = ${row.id}`));
            result.unconfirmed++;
          } else {
            // The server said no (at MAIL, RCPT, or after the dot), or the connection failed before the dot.
            const r = retryOrGiveUp([row], f, true);
            result.retrying += r.retrying;
            result.failed += r.failed;
          }
        }
      }
    } finally {
      session?.close();
      options.onChanged();
    }
    return result;
  }

  return Object.assign(createPeriodicJob('mail', run, 60_000, options.logError), { maxTries, timeouts: options.timeouts ?? defaultSmtpTimeouts });
}
