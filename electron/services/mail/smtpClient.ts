import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { MailSecurity } from '../../../shared/contract/mail';

export type SmtpServer = { host: string; port: number; security: MailSecurity; username: string | null; password: string | null };
export type SmtpTimeouts = { connectMs: number; greetingMs: number; socketMs: number };
export const defaultSmtpTimeouts: SmtpTimeouts = { connectMs: 15_000, greetingMs: 15_000, socketMs: 30_000 };

/** What went wrong, in the server's words where it said any. */
export type SmtpFailure = {
  /** The server's own reply line (`550 5.1.1 <x@y>: Recipient address rejected`), or the network's words. */
  words: string;
  /** 4xx/5xx when the server answered; null for a timeout, a dropped or refused connection. */
  responseCode: number | null;
  /** No server reachable at all (offline, wrong host): the mail waits without using up a try. */
  offline: boolean;
};

const OFFLINE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ENETDOWN/;

export function smtpFailure(e: unknown): SmtpFailure {
  const err = e as { message?: string; response?: string; responseCode?: number; code?: string };
  const response = typeof err.response === 'string' && err.response.trim() ? err.response.trim() : null;
  const code = typeof err.responseCode === 'number' && err.responseCode >= 400 ? err.responseCode : null;
  const message = String(err.message ?? e);
  const offline = code === null && OFFLINE.test(`${err.code ?? ''} ${message}`);
  let words = response ?? message;
  if (err.code === 'ETIMEDOUT' && !response) words = `No answer from the mail server in time (${message})`;
  else if (offline) words = `Mail server not reachable (${message})`;
  return { words: words.slice(0, 1000), responseCode: code, offline };
}

export type OutgoingMail = {
  from: string; fromName: string; to: string; replyTo: string | null; subject: string; text: string; html: string; messageId: string; date: Date;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

/** The whole RFC 5322 message, built once by nodemailer's composer (so a retry sends the same bytes but for the Date). */
export function composeMail(m: OutgoingMail): Promise<Buffer> {
  return new MailComposer({
    from: { name: m.fromName, address: m.from },
    to: m.to,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    date: m.date,
    headers: { 'Auto-Submitted': 'auto-generated', ...m.headers },
    ...(m.attachments ? { attachments: m.attachments } : {}),
  }).compile().build();
}

/**
 * A message stream that holds back the end of DATA: it writes the message, then calls
 * `beforeDot` (which records, durably, that the end is about to go) and only then ends,
 * which makes nodemailer write the closing `<CRLF>.<CRLF>`. Until that dot the server
 * discards the message if the connection drops; from it on, the server may have it.
 */
class GatedMessage extends Readable {
  constructor(private readonly raw: Buffer, private readonly beforeDot: () => void) {
    super();
  }
  override _read(): void {}
  override pipe<T extends NodeJS.WritableStream>(destination: T): T {
    const dest = destination as unknown as Writable;
    dest.write(this.raw);
    this.beforeDot();
    dest.end();
    return destination;
  }
}

export type SmtpSession = {
  /** Sends one message; resolves with the server's acceptance line. */
  send(from: string, to: string, raw: Buffer, beforeDot: () => void): Promise<string>;
  /** Whether the connection can take another message. */
  readonly usable: boolean;
  close(): void;
};

/** Connects, says EHLO, upgrades to TLS as the settings ask, and signs in when a user is set. */
export function openSmtp(server: SmtpServer, timeouts: SmtpTimeouts = defaultSmtpTimeouts, clientName?: string): Promise<SmtpSession> {
  const conn = new SMTPConnection({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    socketCloseTimeout: 0,
    ...(clientName ? { name: clientName } : {}),
    logger: false,
  });
  let usable = false;
  let settled = false;
  let lastError: unknown = null;
  return new Promise<SmtpSession>((resolve, reject) => {
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      conn.close();
      reject(e);
    };
    conn.on('error', (e: unknown) => {
      lastError = e;
      usable = false;
      fail(e);
    });
    conn.on('end', () => {
      usable = false;
      fail(lastError ?? new Error('The mail server closed the connection'));
    });
    conn.connect((err) => {
      if (err) return fail(err);
      const ready = () => {
        if (settled) return;
        settled = true;
        usable = true;
        resolve({
          get usable() {
            return usable;
          },
          send: (from, to, raw, beforeDot) => new Promise<string>((res, rej) => {
            if (!usable) return rej(lastError ?? new Error('The connection to the mail server is closed'));
            conn.send({ from, to: [to] }, new GatedMessage(raw, beforeDot), (e, info) => {
              if (e) {
                // A refusal at MAIL/RCPT/DATA leaves the session usable; a timeout or a drop does not.
                if (typeof (e as { responseCode?: unknown }).responseCode !== 'number') usable = false;
                return rej(e);
              }
              const rejected = info?.rejected ?? [];
              if (rejected.length > 0) return rej(info?.rejectedErrors?.[0] ?? new Error(`The mail server refused ${to}`));
              res(String(info?.response ?? '250 OK'));
            });
          }),
          close: () => {
            usable = false;
            try {
              conn.quit();
            } catch {
              conn.close();
            }
          },
        });
      };
      if (!server.username) return ready();
      conn.login({ user: server.username, pass: server.password ?? '' }, (loginErr) => (loginErr ? fail(loginErr) : ready()));
    });
  });
}
