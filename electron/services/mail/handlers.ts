import { invalidAs } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import { decodeCursor, olderThan, pageOf } from '../../core/pageCursor';
import { sql } from '../../store/sql';
import { getPaymentView } from '../payments/paymentsRepo';
import { readSettings } from '../settings/settingsRepo';
import { LOG_SELECT, getLogRow, queueReceiptAgain, queueStatement, toLogRow } from './mailOutbox';
import type { OutboxRow } from './mailOutbox';
import { mailConfigured, mailSettingsView, readMailSettings, reminderSettingsView, writeMailSettings } from './mailSettings';
import type { MailSettings } from './mailSettings';
import { composeMail, openSmtp, smtpFailure } from './smtpClient';

/** What the audit trail keeps of the mail settings: never the password, only whether one is set. */
const auditable = (s: MailSettings, passwordSet: boolean) => ({ ...s, passwordSet });

export const mailHandlers = defineHandlers({
  'mail:settings': {
    kind: 'query',
    access: 'admin',
    run: (_input, ctx) => mailSettingsView(readMailSettings(ctx.store), ctx.services.secrets),
  },
  // An action: the password goes to the secret store (a file), which a SQLite transaction cannot hold.
  'mail:saveSettings': {
    kind: 'action',
    access: 'admin',
    run: async ({ patch }, ctx) => {
      const before = readMailSettings(ctx.store);
      const beforePassword = ctx.services.secrets.get('mail.password') !== null;
      const next: MailSettings = {
        ...before,
        ...(patch.host !== undefined ? { host: patch.host } : {}),
        ...(patch.port !== undefined ? { port: patch.port } : {}),
        ...(patch.security !== undefined ? { security: patch.security } : {}),
        ...(patch.username !== undefined ? { username: patch.username || null } : {}),
        ...(patch.fromAddress !== undefined ? { fromAddress: patch.fromAddress } : {}),
        ...(patch.replyTo !== undefined ? { replyTo: patch.replyTo } : {}),
        ...(patch.receiptsEnabled !== undefined ? { receiptsEnabled: patch.receiptsEnabled } : {}),
      };
      if (next.host !== null && next.fromAddress === null) throw invalidAs('fromAddress', 'mail.needsSender', {});
      if (patch.password !== undefined) ctx.services.secrets.set('mail.password', patch.password === '' ? null : patch.password);
      const passwordSet = ctx.services.secrets.get('mail.password') !== null;
      ctx.store.transaction(() => {
        writeMailSettings(ctx.store, next, ctx.now());
        ctx.audit({ action: 'settings.mail', entityType: 'settings', entityId: 'mail', before: auditable(before, beforePassword), after: auditable(next, passwordSet) });
      });
      return mailSettingsView(readMailSettings(ctx.store), ctx.services.secrets);
    },
  },
  'mail:test': {
    kind: 'action',
    access: 'admin',
    run: async ({ to }, ctx) => {
      const s = readMailSettings(ctx.store);
      if (!s.host) return { ok: false, message: 'No mail server is set yet.' };
      try {
        const session = await openSmtp({ host: s.host, port: s.port, security: s.security, username: s.username, password: ctx.services.secrets.get('mail.password') }, ctx.services.mail.timeouts);
        try {
          if (!to) return { ok: true, message: `Connected to ${s.host}:${s.port}${s.username ? ` and signed in as ${s.username}` : ''}.` };
          if (!s.fromAddress) return { ok: false, message: 'Connected, but no sender address is set, so no test mail was sent.' };
          const office = readSettings(ctx.store).officeName;
          const raw = await composeMail({ from: s.fromAddress, fromName: office, to, replyTo: s.replyTo, subject: `Test mail from ${office}`, text: 'This is a test mail from Bursar. Mail to payers will come from this address.\n', html: '<p>This is a test mail from Bursar. Mail to payers will come from this address.</p>', messageId: `<test-${ctx.now().getTime()}@${s.fromAddress.split('@')[1] ?? 'bursar.invalid'}>`, date: ctx.now() });
          const response = await session.send(s.fromAddress, to, raw, () => {});
          return { ok: true, message: `The server accepted the test mail to ${to}: ${response}` };
        } finally {
          session.close();
        }
      } catch (e) {
        return { ok: false, message: smtpFailure(e).words };
      }
    },
  },
  'mail:send': {
    kind: 'mutation',
    access: 'staff',
    run: (input, ctx) => {
      const by = ctx.session?.userId ?? null;
      const requestId = ctx.requestId ?? input.requestId;
      const id = input.kind === 'statement'
        ? queueStatement(ctx.store, input.payerId, requestId, ctx.now(), by, input.linkId)
        : queueReceiptAgain(ctx.store, getPaymentView(ctx.store, input.paymentId), requestId, ctx.now(), by);
      const mail = getLogRow(ctx.store, id, ctx.services.mail.maxTries);
      ctx.audit({ action: `mail.${input.kind}`, entityType: 'payer', entityId: mail.payerId, after: { mailId: id, kind: input.kind, to: mail.to, subject: mail.subject, ...(input.kind === 'statement' && input.linkId ? { payerPage: input.linkId } : {}) } });
      return { mail };
    },
  },
  'reminders:settings': {
    kind: 'query',
    access: 'admin',
    run: (_input, ctx) => reminderSettingsView(readMailSettings(ctx.store)),
  },
  'reminders:saveSettings': {
    kind: 'mutation',
    access: 'admin',
    run: ({ patch }, ctx) => {
      const before = readMailSettings(ctx.store);
      const next: MailSettings = {
        ...before,
        ...(patch.enabled !== undefined ? { remindersEnabled: patch.enabled } : {}),
        ...(patch.daysBefore !== undefined ? { reminderDaysBefore: patch.daysBefore } : {}),
        ...(patch.overdue !== undefined ? { reminderOverdue: patch.overdue } : {}),
      };
      if (next.remindersEnabled && !mailConfigured(next)) throw invalidAs('enabled', 'mail.remindersNeedServer', {});
      writeMailSettings(ctx.store, next, ctx.now());
      const after = readMailSettings(ctx.store);
      ctx.audit({ action: 'settings.reminders', entityType: 'settings', entityId: 'reminders', before: reminderSettingsView(before), after: reminderSettingsView(after) });
      return reminderSettingsView(after);
    },
  },
  'reminders:list': {
    kind: 'query',
    access: 'staff',
    run: (input, ctx) => {
      const key = input.cursor ? decodeCursor(input.cursor, 'reminders:list') : null;
      const where = [sql`1 = 1`];
      if (input.state) where.push(sql`m.state = ${input.state}`);
      if (input.kind) where.push(sql`m.kind = ${input.kind}`);
      if (input.payerId) where.push(sql`m.payer_id = ${input.payerId}`);
      if (key) where.push(olderThan(sql`m.created_at`, sql`m.id`, key));
      const found = ctx.store.all<OutboxRow & { payer_name: string }>(sql`${LOG_SELECT} WHERE ${sql.join(where, ' AND ')} ORDER BY m.created_at DESC, m.id DESC LIMIT ${input.limit + 1}`);
      const page = pageOf(found, input.limit, 'reminders:list', (r) => ({ at: r.created_at, id: r.id }));
      const counts = { queued: 0, sending: 0, sent: 0, unconfirmed: 0, failed: 0 };
      for (const c of ctx.store.all<{ state: keyof typeof counts; n: number }>(sql`SELECT state, count(*) AS n FROM mail_outbox GROUP BY state`)) counts[c.state] = c.n;
      return { rows: page.rows.map((r) => toLogRow(r, ctx.services.mail.maxTries)), nextCursor: page.nextCursor, counts };
    },
  },
});
