import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney } from '../../../shared/money';
import { rid } from '../../support/core';
import { startSmtpPeer } from '../../support/mail/smtpPeer';
import type { SmtpPeer } from '../../support/mail/smtpPeer';
import { enroll, openDrawer, payCash } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';
import { makeMailCore, outbox, useOfficeMail } from './fixtures';
import type { MailCore } from './fixtures';

const gbp = (minor: number, currency = 'USD') => formatMoney(minor, currency, 'en-GB');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function setup(opts: { peer?: Parameters<typeof startSmtpPeer>[0]; today?: string; mail?: Parameters<typeof makeMailCore>[1] } = {}): Promise<{ core: MailCore; peer: SmtpPeer }> {
  const peer = await startSmtpPeer(opts.peer);
  cleanups.push(() => peer.close());
  const core = await makeMailCore(opts.today ?? '2025-03-15', opts.mail ?? {});
  cleanups.push(() => core.dispose());
  await useOfficeMail(core, peer);
  return { core, peer };
}
const text = (m: { parsed: { text?: string } }) => (m.parsed.text ?? '').replace(/\u00a0/g, ' ');

describe('payer mail through the office SMTP server', () => {
  it('a payment queues its receipt in the same transaction; the worker sends it with the figures, the PDF and a stable Message-ID', async () => {
    const { core, peer } = await setup();
    const { enrollment, payerId } = await enroll(core);
    await openDrawer(core);
    const payment = await payCash(core, enrollment.id, 150_00);
    const queued = outbox(core);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'receipt', state: 'queued', tries: 0, dedupe_key: `receipt:${payment.receipt.id}` });

    const run = await core.services.mail.runOnce();
    expect(run).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = await peer.waitFor(1);
    if (!mail) throw new Error('no mail');
    expect(mail.to).toEqual([queued[0]?.to_address]);
    expect(mail.parsed.messageId).toBe(queued[0]?.message_id);
    expect(mail.parsed.subject).toBe(`Receipt ${payment.receipt.number} from Riverside College`);
    expect(mail.parsed.replyTo?.text).toBe('accounts@riverside.example');
    const body = text(mail);
    expect(body).toContain(`Receipt:`);
    expect(body).toContain(payment.receipt.number);
    expect(body).toMatch(new RegExp(`Amount:\\s+${escape(gbp(150_00))}`));
    expect(body).toMatch(/Method:\s+Cash/);
    expect(body).toMatch(new RegExp(`Balance after this payment:\\s+${escape(gbp(150_00))}`));
    expect(body).toContain(`Installment 1 | 15 March 2025 | ${gbp(100_00)}`);
    expect(body).toContain(`Installment 2 | 15 April 2025 | ${gbp(50_00)}`);
    expect(body).toContain('Riverside College');
    expect(mail.parsed.html).toContain(gbp(150_00).replace(/\u00a0/g, '&nbsp;').replace('&nbsp;', '\u00a0'));
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`receipt-${payment.receipt.number}.pdf`, 'application/pdf']]);
    expect(mail.parsed.attachments[0]?.content.subarray(0, 5).toString()).toBe('%PDF-');

    const log = await core.ok('reminders:list', { payerId });
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]).toMatchObject({ kind: 'receipt', state: 'sent', tries: 1, lastError: null });
    expect(log.rows[0]?.serverResponse).toMatch(/^250/);
    // Nothing is due any more: a second run sends nothing.
    expect(await core.services.mail.runOnce()).toMatchObject({ attempted: 0 });
    expect(peer.received).toHaveLength(1);
  });

  it('a statement on demand lists every enrollment, the schedule, payments with receipt numbers, credit and the balance', async () => {
    const { core, peer } = await setup();
    const a = await enroll(core, { product: { name: 'Welding 101' } });
    const b = await enroll(core, { product: { name: 'Pottery', price: 200_00 }, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } }, payerId: a.payerId });
    await openDrawer(core);
    const p1 = await payCash(core, a.enrollment.id, 100_00);
    const p2 = await payCash(core, b.enrollment.id, 250_00); // 50.00 over: payer credit
    await core.services.mail.runOnce(); // the two receipts
    const sent = await core.ok('mail:send', { requestId: rid('stmt'), kind: 'statement', payerId: a.payerId }, core.cashier);
    expect(sent.mail).toMatchObject({ kind: 'statement', state: 'queued' });
    await core.services.mail.runOnce();
    const mails = await peer.waitFor(3);
    const statement = mails.find((m) => m.parsed.subject === 'Your statement from Riverside College');
    if (!statement) throw new Error('no statement');
    const body = text(statement);
    expect(body).toContain('Here is your statement as of 15 March 2025.');
    expect(body).toContain('Welding 101');
    expect(body).toContain('Pottery');
    expect(body).toContain(`Installment 1 | 15 March 2025 | ${gbp(100_00)} | ${gbp(100_00)} | ${gbp(0)} | Paid`);
    expect(body).toContain(`Installment 2 | 15 April 2025 | ${gbp(100_00)} | ${gbp(0)} | ${gbp(100_00)} | Due`);
    expect(body).toContain(`| ${p1.receipt.number} | Cash | ${gbp(100_00)}`);
    expect(body).toContain(`| ${p2.receipt.number} | Cash | ${gbp(250_00)}`);
    expect(body).toMatch(new RegExp(`Credit on your account \\(USD\\):\\s+${escape(gbp(50_00))}`));
    expect(body).toMatch(new RegExp(`Total balance \\(USD\\):\\s+${escape(gbp(200_00))}`));
    expect(statement.parsed.html).toContain('<table');
  });

  it('reminders: N days before a due date and once when overdue, each once per item and rule', async () => {
    const { core, peer } = await setup();
    const { enrollment } = await enroll(core, { product: { name: 'Welding 101' } });
    await openDrawer(core);
    await payCash(core, enrollment.id, 100_00); // the first installment, due today
    await core.services.mail.runOnce();
    await peer.waitFor(1);
    const rules = await core.ok('reminders:saveSettings', { requestId: rid('rem'), patch: { enabled: true, daysBefore: 3, overdue: true } });
    expect(rules).toMatchObject({ enabled: true, daysBefore: 3, overdue: true });

    core.setToday('2025-04-11'); // 4 days before the second installment: nothing yet
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 0 });
    core.setToday('2025-04-12');
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 1 });
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 0 });
    core.setToday('2025-04-13');
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 0 });
    await core.services.mail.runOnce();
    const [, before] = await peer.waitFor(2);
    if (!before) throw new Error('no reminder');
    expect(before.parsed.subject).toBe('Payment due 15 April 2025: Installment 2 for Welding 101');
    expect(text(before)).toContain(`A friendly reminder: ${gbp(100_00)} is due on 15 April 2025.`);
    expect(text(before)).toMatch(new RegExp(`Amount due:\\s+${escape(gbp(100_00))}`));

    core.setToday('2025-04-16');
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 1 });
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 0 });
    await core.services.mail.runOnce();
    const overdue = (await peer.waitFor(3))[2];
    expect(overdue?.parsed.subject).toBe('Overdue: Installment 2 for Welding 101');
    expect(text(overdue ?? before)).toContain(`${gbp(100_00)} was due on 15 April 2025 and is now overdue`);
    const log = await core.ok('reminders:list', { kind: 'reminder' });
    expect(log.rows.map((r) => r.state)).toEqual(['sent', 'sent']);
  });

  it('a payer without an email cannot be mailed and the desk says so on the field; the receipt still prints', async () => {
    const { core } = await setup();
    const payer = await createPayer(core, { email: null });
    const { enrollment } = await enroll(core, { payerId: payer.id });
    await openDrawer(core);
    const payment = await payCash(core, enrollment.id, 100_00);
    expect(outbox(core)).toEqual([]);
    const error = await core.fail('mail:send', { requestId: rid('stmt'), kind: 'statement', payerId: payer.id }, core.cashier);
    expect(error.code).toBe('VALIDATION');
    expect(error.fields?.email).toMatch(/has no email address/);
    expect(error.message).not.toMatch(/pyr_|mail:send/);
    const again = await core.fail('mail:send', { requestId: rid('rcpt'), kind: 'receipt', paymentId: payment.id }, core.cashier);
    expect(again.fields?.email).toMatch(/has no email address/);
    expect(outbox(core)).toEqual([]);
    const pdf = await core.ok('receipts:pdf', { receiptId: payment.receipt.id }, core.cashier);
    expect(pdf.bytes).toBeGreaterThan(500);
  });

  it('opt-out is respected: no receipt, no reminder, and mail on demand is refused naming the choice', async () => {
    const { core } = await setup();
    const payer = await createPayer(core);
    const updated = await core.ok('payers:update', { requestId: rid('upd'), payerId: payer.id, patch: { mailOptOut: true } }, core.cashier);
    expect(updated.mailOptOut).toBe(true);
    const { enrollment } = await enroll(core, { payerId: payer.id });
    await openDrawer(core);
    await payCash(core, enrollment.id, 100_00);
    await core.ok('reminders:saveSettings', { requestId: rid('rem'), patch: { enabled: true, daysBefore: 3, overdue: true } });
    core.setToday('2025-04-14');
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 0 });
    expect(outbox(core)).toEqual([]);
    const error = await core.fail('mail:send', { requestId: rid('stmt'), kind: 'statement', payerId: payer.id });
    expect(error.fields?.mailOptOut).toMatch(/asked not to receive email/);
    // Opting back in: the next reminder goes.
    await core.ok('payers:update', { requestId: rid('upd'), payerId: payer.id, patch: { mailOptOut: false } });
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 1 });
    await core.services.mail.runOnce();
  });

  it('a refusal (5xx) is logged in the server’s words, retried with backoff, and given up after the last try', async () => {
    const { core, peer } = await setup({ peer: { mode: 'refuseRecipient' } });
    const { payerId } = await enroll(core);
    await core.ok('mail:send', { requestId: rid('stmt'), kind: 'statement', payerId });
    const start = core.clock.at.getTime();
    const delays: number[] = [];
    for (let t = 1; t <= 5; t++) {
      const r = await core.services.mail.runOnce();
      expect(r.attempted).toBe(1);
      const [row] = (await core.ok('reminders:list', {})).rows;
      expect(row?.tries).toBe(t);
      expect(row?.lastError).toMatch(/^550 5\.1\.1 .*Recipient address rejected/);
      if (t < 5) {
        expect(row?.state).toBe('queued');
        // Not due before its next try.
        expect(await core.services.mail.runOnce()).toMatchObject({ attempted: 0 });
        const next = Date.parse(row?.nextTryAt ?? '');
        delays.push(next - core.clock.at.getTime());
        core.clock.at = new Date(next);
      } else {
        expect(row?.state).toBe('failed');
        expect(row?.nextTryAt).toBeNull();
      }
    }
    expect(delays).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(core.clock.at.getTime() - start).toBe(900_000);
    core.clock.at = new Date(core.clock.at.getTime() + 24 * 3600_000);
    expect(await core.services.mail.runOnce()).toMatchObject({ attempted: 0 });
    expect((await core.ok('reminders:list', { state: 'failed' })).counts).toMatchObject({ failed: 1, queued: 0 });
    expect(peer.received).toHaveLength(0);
  });

  it('wrong credentials: the server’s 535 in the log, retried, given up; mail:test says the same words', async () => {
    const { core, peer } = await setup();
    await core.ok('mail:saveSettings', { requestId: rid('mail'), patch: { password: 'wrong-password' } });
    const settings = await core.ok('mail:settings', {});
    expect(settings.passwordSet).toBe(true);
    expect(JSON.stringify(settings)).not.toContain('wrong-password');
    const test = await core.ok('mail:test', {});
    expect(test).toEqual({ ok: false, message: expect.stringMatching(/535.*Authentication credentials invalid/) });
    const { payerId } = await enroll(core);
    await core.ok('mail:send', { requestId: rid('stmt'), kind: 'statement', payerId });
    for (let t = 1; t <= 5; t++) {
      await core.services.mail.runOnce();
      const [row] = (await core.ok('reminders:list', {})).rows;
      expect(row).toMatchObject({ tries: t, state: t < 5 ? 'queued' : 'failed' });
      expect(row?.lastError).toMatch(/535.*Authentication credentials invalid/);
      if (row?.nextTryAt) core.clock.at = new Date(row.nextTryAt);
    }
    expect(peer.authFailures).toBeGreaterThanOrEqual(6);
    expect(peer.received).toHaveLength(0);
  });

  it('a server that never answers times out: logged, retried, and sent once it answers', async () => {
    const { core, peer } = await setup({ peer: { mode: 'silent' }, mail: { timeouts: { connectMs: 1000, greetingMs: 300, socketMs: 2000 } } });
    const { payerId } = await enroll(core);
    await core.ok('mail:send', { requestId: rid('stmt'), kind: 'statement', payerId });
    await core.services.mail.runOnce();
    const [row] = (await core.ok('reminders:list', {})).rows;
    expect(row).toMatchObject({ state: 'queued', tries: 1 });
    expect(row?.lastError).toMatch(/No answer from the mail server in time/);
    peer.mode = 'accept';
    core.clock.at = new Date(row?.nextTryAt ?? '');
    expect(await core.services.mail.runOnce()).toMatchObject({ sent: 1 });
    expect((await peer.waitFor(1)).length).toBe(1);
  });

  it('offline (nothing listening): mail waits without using up its tries, and goes when the server is back', async () => {
    const first = await startSmtpPeer();
    const port = first.port;
    await first.close();
    const core = await makeMailCore();
    cleanups.push(() => core.dispose());
    await useOfficeMail(core, { port } as SmtpPeer);
    const { payerId } = await enroll(core);
    await core.ok('mail:send', { requestId: rid('stmt'), kind: 'statement', payerId });
    for (let i = 0; i < 7; i++) {
      expect(await core.services.mail.runOnce()).toMatchObject({ waiting: 1, failed: 0 });
      core.clock.at = new Date(core.clock.at.getTime() + 60_000);
    }
    const [row] = (await core.ok('reminders:list', {})).rows;
    expect(row).toMatchObject({ state: 'queued', tries: 0 });
    expect(row?.lastError).toMatch(/Mail server not reachable.*ECONNREFUSED/);
    const peer = await startSmtpPeer({ port });
    cleanups.push(() => peer.close());
    expect(await core.services.mail.runOnce()).toMatchObject({ sent: 1 });
    expect(await peer.waitFor(1)).toHaveLength(1);
  });

  it('after a crash: a row left sending past the final dot is never resent; one left before it is', async () => {
    const { core, peer } = await setup();
    const { payerId } = await enroll(core);
    const a = await core.ok('mail:send', { requestId: rid('a'), kind: 'statement', payerId });
    const b = await core.ok('mail:send', { requestId: rid('b'), kind: 'statement', payerId });
    const at = core.clock.at.toISOString();
    core.store.raw.prepare(`UPDATE mail_outbox SET state = 'sending', tries = 1, dot_at = ? WHERE id = ?`).run(at, a.mail.id);
    core.store.raw.prepare(`UPDATE mail_outbox SET state = 'sending', tries = 0, dot_at = NULL WHERE id = ?`).run(b.mail.id);
    expect(await core.services.mail.runOnce()).toMatchObject({ sent: 1 });
    const [got] = await peer.waitFor(1);
    expect(got?.parsed.messageId).toBe(b.mail.messageId);
    const states = Object.fromEntries((await core.ok('reminders:list', {})).rows.map((r) => [r.id, r.state]));
    expect(states).toEqual({ [a.mail.id]: 'unconfirmed', [b.mail.id]: 'sent' });
    expect(peer.received).toHaveLength(1);
  });

  it('settings: admin only, the password never returned nor audited, bad input names the field', async () => {
    const { core } = await setup();
    const denied = await core.fail('mail:settings', {}, core.cashier);
    expect(denied.code).toBe('FORBIDDEN');
    const bad = await core.fail('mail:saveSettings', { requestId: rid('m'), patch: { host: 'http://smtp.example.org', fromAddress: 'not an address' } });
    expect(bad.fields).toMatchObject({ 'patch.host': expect.stringMatching(/server name/), 'patch.fromAddress': 'is not an email address' });
    const audit = core.store.raw.prepare(`SELECT before_json, after_json FROM audit_log WHERE action = 'settings.mail'`).all() as { before_json: string; after_json: string }[];
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain('right-password');
    const payerBad = await core.fail('payers:update', { requestId: rid('u'), payerId: 'pyr_x', patch: { email: 'nope' } });
    expect(payerBad.fields).toEqual({ 'patch.email': 'is not an email address' });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
