import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { createCore } from '../../../electron/core';
import type { Session } from '../../../electron/core';
import { startSmtpPeer } from '../../../test/support/mail/smtpPeer';
import { PEER_PASSWORD, PEER_USER } from '../../../test/support/mail/smtpPeer';
import { composeMail, openSmtp } from '../../../electron/services/mail/smtpClient';
import type { BenchSuite } from '../types';

/**
 * Issue 15: 1,000 due reminders queued by the reminder rule (each once, in batches of 500 per
 * transaction) and handed to a local SMTP server (the `smtp-server` package on 127.0.0.1,
 * with AUTH) by the mail worker: one connection, and per mail the final-dot mark and the
 * `sent` commit (fsync). Its own small store, not the seeded one: only the reminders matter.
 * Figure: ms per reminder from rule to the server's 250; target ≥ 50 per second.
 */
export const mailSuite: BenchSuite = {
  name: 'mail',
  async prepare(ctx) {
    const count = ctx.quick ? 100 : 1_000;
    const peer = await startSmtpPeer({ parse: false });
    const clock = { at: new Date('2026-03-10T10:00:00Z') };
    const core = createCore({ dataDir: join(ctx.workDir, 'mail-bench'), checkOutput: false, now: () => clock.at, logError: () => {} });
    const setup = await core.connect().invoke('auth:setup', { requestId: 'bench-mail-setup', username: 'admin', displayName: 'Admin', password: 'bench-admin-pass' });
    if (!setup.ok) throw new Error(setup.error.message);
    const admin: Session = core.sessionFor(setup.value.user?.id ?? '');
    const ok = async (channel: string, input: unknown) => {
      const r = await core.invoke(channel, input, admin);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value as { id: string };
    };
    await ok('settings:update', { requestId: 'bench-mail-tz', patch: { timeZone: 'UTC', officeName: 'Bench College' } });
    const product = await ok('products:create', { requestId: 'bench-mail-product', product: { type: 'course', name: 'Bench course', price: 300_00, currency: 'USD' } });
    const plan = await ok('plans:create', { requestId: 'bench-mail-plan', plan: { productId: product.id, name: 'Two', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 2, interval: 'monthly', firstDue: { rule: 'days_after_enrollment', days: 2 } } } });
    for (let i = 0; i < count; i++) {
      const payer = await ok('payers:create', { requestId: `bench-mail-payer-${i}`, payer: { name: `Bench Payer ${i}`, email: `payer${i}@example.org` } });
      await ok('enrollments:create', { requestId: `bench-mail-enroll-${i}`, payerId: payer.id, productId: product.id, planId: plan.id });
    }
    await ok('mail:saveSettings', { requestId: 'bench-mail-smtp', patch: { host: '127.0.0.1', port: peer.port, security: 'none', username: PEER_USER, password: PEER_PASSWORD, fromAddress: 'office@bench.example', receiptsEnabled: false } });
    await ok('reminders:saveSettings', { requestId: 'bench-mail-rules', patch: { enabled: true, daysBefore: 3, overdue: false } });
    const reset = core.store.raw.prepare('DELETE FROM mail_outbox');
    return {
      cases: [
        {
          kind: 'sampled',
          name: `mail: ${count} reminders queued by the rule and handed to a local SMTP server (ms per reminder)`,
          source: 'issue 15',
          unit: 'ms',
          sample: async () => {
            const out: number[] = [];
            for (let run = 0; run < (ctx.quick ? 2 : 3); run++) {
              reset.run(); // bench only: the same reminders again, each run from an empty outbox
              const before = peer.received.length;
              const t0 = performance.now();
              const queued = await core.services.reminders.runOnce();
              let sent = 0;
              for (let r = await core.services.mail.runOnce(); r.attempted > 0; r = await core.services.mail.runOnce()) sent += r.sent;
              const ms = performance.now() - t0;
              if (queued.queued !== count || sent !== count) throw new Error(`queued ${queued.queued}, sent ${sent} of ${count}`);
              await peer.waitFor(before + count, 60_000);
              out.push(ms / count);
            }
            return out;
          },
          targets: [{ kind: 'minOpsPerSec', ops: 50 }],
          notes: 'one SMTP connection per worker run (200 mails); per mail a WAL write (no fsync) before the final dot and another for the 250; the peer in this process reads only the Message-ID',
        },
        {
          kind: 'sampled',
          name: `mail: baseline, the same ${count} messages composed by nodemailer and sent over one bare SMTP connection, no outbox (ms per message)`,
          source: 'issue 15',
          unit: 'ms',
          sample: async () => {
            const rows = core.store.raw.prepare('SELECT to_address, subject, body_text, body_html, message_id FROM mail_outbox').all() as { to_address: string; subject: string; body_text: string; body_html: string; message_id: string }[];
            const out: number[] = [];
            for (let run = 0; run < (ctx.quick ? 2 : 3); run++) {
              const t0 = performance.now();
              const session = await openSmtp({ host: '127.0.0.1', port: peer.port, security: 'none', username: PEER_USER, password: PEER_PASSWORD });
              for (const r of rows) {
                const raw = await composeMail({ from: 'office@bench.example', fromName: 'Bench College', to: r.to_address, replyTo: null, subject: r.subject, text: r.body_text, html: r.body_html, messageId: r.message_id, date: new Date() });
                await session.send('office@bench.example', r.to_address, raw, () => {});
              }
              session.close();
              out.push((performance.now() - t0) / Math.max(1, rows.length));
            }
            return out;
          },
          notes: 'what the outbox case costs beyond: the rule, the outbox rows and their two commits per mail',
        },
      ],
      cleanup: async () => {
        core.close();
        await peer.close();
      },
    };
  },
};
