import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** How the test SMTP server behaves: accept, refuse recipients, refuse the message, or say nothing at all. */
export type PeerMode = 'accept' | 'refuseRecipient' | 'refuseData' | 'silent';

export type ReceivedMail = { raw: Buffer; parsed: ParsedMail; from: string; to: string[] };

export type SmtpPeer = {
  port: number;
  received: ReceivedMail[];
  mode: PeerMode;
  /** AUTH attempts the server refused. */
  authFailures: number;
  /** Resolves once `count` mails have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export const PEER_USER = 'office';
export const PEER_PASSWORD = 'right-password';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port, plain text
 * (no STARTTLS), with AUTH PLAIN/LOGIN for `office` / `right-password`. Every mail it accepts
 * is parsed back with mailparser.
 */
export async function startSmtpPeer(options: { mode?: PeerMode; auth?: boolean; port?: number; parse?: boolean } = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const peer = { mode: options.mode ?? 'accept', authFailures: 0 };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: options.auth === false,
    allowInsecureAuth: true,
    logger: false,
    banner: 'Bursar test peer',
    closeTimeout: 100,
    onConnect(_session, callback) {
      // Silent: accept the TCP connection and never greet, like a hung or firewalled server.
      if (peer.mode !== 'silent') callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === PEER_USER && auth.password === PEER_PASSWORD) return callback(null, { user: auth.username });
      peer.authFailures++;
      const error = Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 });
      callback(error);
    },
    onRcptTo(address, _session, callback) {
      if (peer.mode === 'refuseRecipient') return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown in virtual mailbox table`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (peer.mode === 'refuseData') return callback(Object.assign(new Error('5.7.1 Message rejected as spam by Content Filtering'), { responseCode: 554 }));
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        // Accept first, parse after: the order the server saw the mail is the order kept.
        const entry = { raw, from, to } as ReceivedMail;
        received.push(entry);
        callback();
        // Parsing off (the bench): only the Message-ID header is read, so the peer costs the sender little.
        const parse = options.parse === false
          ? Promise.resolve({ messageId: /^Message-ID:\s*(\S+)/im.exec(raw.subarray(0, 4096).toString('latin1'))?.[1] } as ParsedMail)
          : simpleParser(raw);
        void parse.then((parsed) => {
          entry.parsed = parsed;
          for (const w of waiters.splice(0)) {
            if (received.every((r) => r.parsed) && received.length >= w.count) w.resolve();
            else waiters.push(w);
          }
        });
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    get mode() {
      return peer.mode;
    },
    set mode(m: PeerMode) {
      peer.mode = m;
    },
    get authFailures() {
      return peer.authFailures;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise<ReceivedMail[]>((resolve, reject) => {
        const done = () => resolve(received);
        if (received.length >= count && received.every((r) => r.parsed)) return done();
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} mails arrived`)), timeoutMs);
        waiters.push({ count, resolve: () => {
          clearTimeout(timer);
          done();
        } });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
