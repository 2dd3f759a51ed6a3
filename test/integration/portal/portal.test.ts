import { afterEach, describe, expect, it, vi } from 'vitest';
import { rid } from '../../support/core';
import { waitFor } from '../../support/hostileRelay';
import { enroll, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { auditRows, createPayer } from '../catalog/fixtures';
import { deskFor, freePort, openLink, startRelay } from './fixtures';
import { pdfText } from '../../support/pdfText';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(today = '2025-03-15') {
  const relay = await startRelay();
  cleanups.push(() => relay.dispose());
  const core = await deskFor(relay.url, relay.token, today, relay.clock);
  cleanups.push(() => core.dispose());
  return { relay, core };
}

const links = (core: CashierCore) => core.store.raw.prepare('SELECT * FROM portal_links ORDER BY created_at, id').all() as { id: string; key: string; dirty: number; version: number; revoke_pending: number }[];

describe('portal:publish', () => {
  it('a Spanish office publishes its item labels and methods in Spanish, with its locale and currency for the page to word the rest', async () => {
    const { core } = await setup();
    await core.ok('settings:update', { requestId: rid('set'), patch: { locale: 'es-ES', timeZone: 'Europe/Madrid', defaultCurrency: 'EUR' } });
    const { payerId, enrollment } = await enroll(core, { product: { name: 'Piano Grado 3', currency: 'EUR' } });
    await openDrawer(core);
    await payCash(core, enrollment.id, 150_00, { currency: 'EUR' });
    const { link } = await core.ok('portal:publish', { requestId: rid('publish'), payerId }, core.cashier);
    const s = (await openLink(link.url ?? '')).statement;
    expect(s).toMatchObject({ locale: 'es-ES', currency: 'EUR', timeZone: 'Europe/Madrid' });
    expect(s?.enrollments[0]?.items.map((i) => [i.label, i.status])).toEqual([
      ['Cuota 1 de 3', 'paid'],
      ['Cuota 2 de 3', 'partly_paid'],
      ['Cuota 3 de 3', 'due'],
    ]);
    expect(s?.movements.map((m) => m.method)).toEqual(['Efectivo']);
  });

  it("seals the payer's statement from the books under a fresh link; the link opens it, the relay holds only ciphertext, the audit trail no key", async () => {
    const { relay, core } = await setup();
    const { payerId, enrollment } = await enroll(core, { product: { name: 'Piano Grade 3' } });
    await openDrawer(core);
    const payment = await payCash(core, enrollment.id, 150_00);

    const requestId = rid('publish');
    const { link } = await core.ok('portal:publish', { requestId, payerId }, core.cashier);
    expect(link).toMatchObject({ state: 'published', lastError: null });
    expect(link.url).toMatch(new RegExp(`^${relay.url}/p/[A-Za-z0-9_-]{22}#k=[A-Za-z0-9_-]{43}$`));
    expect(link.expiresAt).toBe(new Date(core.clock.at.getTime() + 90 * 86_400_000).toISOString());

    const page = await openLink(link.url ?? '');
    expect(page.status).toBe(200);
    const s = page.statement;
    expect(s?.payer.name).toMatch(/^Student \d+$/);
    expect(s?.currency).toBe('USD');
    expect(s?.enrollments).toHaveLength(1);
    expect(s?.enrollments[0]?.product).toBe('Piano Grade 3');
    expect(s?.enrollments[0]?.items.map((i) => [i.label, i.dueDate, i.amount, i.paid, i.status])).toEqual([
      // The item labels the receipt and the statement print (documents/itemLabels.ts).
      ['Installment 1 of 3', '2025-03-15', 100_00, 100_00, 'paid'],
      ['Installment 2 of 3', '2025-04-15', 100_00, 50_00, 'partly_paid'],
      ['Installment 3 of 3', '2025-05-15', 100_00, 0, 'due'],
    ]);
    expect(s?.movements).toEqual([{ date: '2025-03-15', kind: 'payment', receipt: payment.receipt.number, method: 'Cash', amount: 150_00 }]);
    expect(s?.balance).toBe(150_00);

    // The same request again is the same link, not a second one.
    const again = await core.ok('portal:publish', { requestId, payerId }, core.cashier);
    expect(again.link.id).toBe(link.id);
    expect(links(core)).toHaveLength(1);

    const stored = await relay.store.portal.get(link.id);
    expect(stored?.orgId).toBe('school');
    expect(stored?.ct).not.toContain('Piano');
    const key = links(core)[0]?.key ?? '';
    const audit = auditRows(core, 'portal.publish');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_name).toBe('cashier1');
    expect(JSON.stringify(audit)).not.toContain(key);

    const listed = await core.ok('portal:links', { payerId }, core.cashier);
    expect(listed.links.map((l) => [l.id, l.state, l.url])).toEqual([[link.id, 'published', link.url]]);
  });

  it("the receipt and the statement print the payer's live page link as a QR code by themselves; a withdrawn link is not printed", async () => {
    const { core } = await setup();
    const { payerId, enrollment } = await enroll(core, { product: { name: 'Piano Grade 3' } });
    await openDrawer(core);
    const before = await payCash(core, enrollment.id, 50_00);
    const unpublished = await pdfText(Buffer.from((await core.ok('receipts:pdf', { receiptId: before.receipt.id }, core.cashier)).base64, 'base64'));
    expect(unpublished).not.toContain('Your account online');

    const { link } = await core.ok('portal:publish', { requestId: rid('publish'), payerId }, core.cashier);
    const pageId = (link.url ?? '').split('/p/')[1]?.split('#')[0] ?? 'none';
    const receipt = await pdfText(Buffer.from((await core.ok('receipts:pdf', { receiptId: before.receipt.id }, core.cashier)).base64, 'base64'));
    expect(receipt).toContain('Your account online');
    expect(receipt.replace(/\s+/g, '')).toContain(pageId);
    const statement = await pdfText(Buffer.from((await core.ok('statements:pdf', { payerId, from: '2025-03-01', to: '2025-06-30' }, core.cashier)).base64, 'base64'));
    expect(statement).toContain('Your account online');
    expect(statement.replace(/\s+/g, '')).toContain(pageId);

    await core.ok('portal:revoke', { requestId: rid('revoke'), scope: 'link', linkId: link.id }, core.cashier);
    const after = await pdfText(Buffer.from((await core.ok('receipts:pdf', { receiptId: before.receipt.id }, core.cashier)).base64, 'base64'));
    expect(after).not.toContain('Your account online');
  });

  it('links expire after the days set in Settings; a second publish is a new link with its own key', async () => {
    const { relay, core } = await setup();
    const { payerId } = await enroll(core);
    await core.ok('settings:update', { requestId: rid('days'), patch: { payerLinkDays: 10 } });
    const first = (await core.ok('portal:publish', { requestId: rid('p1'), payerId })).link;
    const second = (await core.ok('portal:publish', { requestId: rid('p2'), payerId })).link;
    expect(first.expiresAt).toBe(new Date(core.clock.at.getTime() + 10 * 86_400_000).toISOString());
    expect((await relay.store.portal.get(first.id))?.expiresAt).toBe(Date.parse(first.expiresAt));
    expect(second.id).not.toBe(first.id);
    expect(new URL(second.url ?? '').hash).not.toBe(new URL(first.url ?? '').hash);
    expect((await core.fail('settings:update', { requestId: rid('days'), patch: { payerLinkDays: 400 } })).fields).toEqual({ 'patch.payerLinkDays': 'must be at most 366 days' });
    core.setToday('2025-03-26');
    expect((await core.ok('portal:links', { payerId })).links.map((l) => [l.state, l.url])).toEqual([['expired', null], ['expired', null]]);
  });

  it('refuses without a relay, for an unknown payer, and for a payer in two currencies, writing nothing', async () => {
    const { core } = await setup();
    const { payerId } = await enroll(core);
    const noPayer = await core.fail('portal:publish', { requestId: rid('x'), payerId: 'pyr_missing' });
    expect(noPayer.code).toBe('NOT_FOUND');
    expect(noPayer.message).toMatch(/^This payer does not exist/);
    expect(noPayer).toMatchObject({ key: 'record.notFound', params: { what: 'payer' } });
    await enroll(core, { payerId, product: { currency: 'EUR', name: 'Euro course' } });
    const two = await core.fail('portal:publish', { requestId: rid('x'), payerId });
    expect(two.code).toBe('VALIDATION');
    expect(two.message).toMatch(/more than one currency \(.*EUR.*\).*Print or email the statement instead/);
    await core.ok('settings:relay', { requestId: rid('relay'), url: null });
    const other = await createPayer(core);
    const none = await core.fail('portal:publish', { requestId: rid('x'), payerId: other.id });
    expect(none.message).toMatch(/cloud relay, which is not set up/);
    expect(links(core)).toHaveLength(0);
  });
});

describe('the outbox', () => {
  it('a publish while the relay cannot be reached waits, and goes up once the relay is there', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await startRelay(port);
    const token = first.token;
    // The relay's database outlives the process: stop it, publish, start it again on the same port and data.
    const core = await deskFor(url, token, '2025-03-15', first.clock);
    cleanups.push(() => core.dispose());
    await first.relay.close();
    const { payerId } = await enroll(core);
    const { link } = await core.ok('portal:publish', { requestId: rid('off'), payerId });
    expect(link.state).toBe('waiting');
    expect(link.lastError).toMatch(/The relay cannot be reached/);
    expect(link.url).toMatch(new RegExp(`^${url}/p/`));

    const { createRelayServer } = await import('../../../relay/server');
    const back = await createRelayServer({ store: first.store, logLevel: 'silent', pruneIntervalMs: 0, port, now: () => core.clock.at.getTime() });
    await back.listen();
    cleanups.push(async () => {
      await back.close();
      await first.store.close();
    });
    // The retry waits out its backoff; the clock moves past it.
    core.clock.at = new Date(core.clock.at.getTime() + 60_000);
    expect(await core.services.portal.runOnce()).toMatchObject({ uploaded: 1 });
    const [view] = (await core.ok('portal:links', { payerId })).links;
    expect(view).toMatchObject({ state: 'published', lastError: null });
    expect((await openLink(link.url ?? '')).statement?.balance).toBe(300_00);
  });
});

describe('portal:revoke', () => {
  it('withdraws one link, then all of a payer’s; the relay answers 410 and a revoked link is never revived', async () => {
    const { core } = await setup();
    const { payerId, enrollment } = await enroll(core);
    const a = (await core.ok('portal:publish', { requestId: rid('a'), payerId })).link;
    const b = (await core.ok('portal:publish', { requestId: rid('b'), payerId })).link;

    const one = await core.ok('portal:revoke', { requestId: rid('r1'), scope: 'link', linkId: a.id }, core.cashier);
    expect(one.revoked).toBe(1);
    expect(one.links.find((l) => l.id === a.id)).toMatchObject({ state: 'revoking', url: null });
    expect(await core.services.portal.runOnce()).toMatchObject({ revoked: 1 });
    expect(await openLink(a.url ?? '')).toMatchObject({ status: 410, error: 'revoked' });
    expect((await openLink(b.url ?? '')).status).toBe(200);

    // A payment after the revocation republishes b only; a stays withdrawn.
    await openDrawer(core);
    await payCash(core, enrollment.id, 50_00);
    expect(links(core).find((l) => l.id === a.id)?.dirty).toBe(0);
    expect(await core.services.portal.runOnce()).toMatchObject({ uploaded: 1 });
    expect(await openLink(a.url ?? '')).toMatchObject({ status: 410 });

    const all = await core.ok('portal:revoke', { requestId: rid('r2'), scope: 'payer', payerId });
    expect(all.revoked).toBe(1);
    await core.services.portal.runOnce();
    expect(await openLink(b.url ?? '')).toMatchObject({ status: 410, error: 'revoked' });
    expect((await core.ok('portal:links', { payerId })).links.map((l) => l.state)).toEqual(['revoked', 'revoked']);
    expect(auditRows(core, 'portal.revoke')).toHaveLength(2);
    // Revoking again changes nothing; an unknown link is named.
    expect((await core.ok('portal:revoke', { requestId: rid('r3'), scope: 'payer', payerId })).revoked).toBe(0);
    const unknown = await core.fail('portal:revoke', { requestId: rid('r4'), scope: 'link', linkId: 'nope' });
    expect(unknown.fields).toEqual({ linkId: 'This payer page link does not exist (it may have been removed); reload and try again' });
    expect(unknown.fieldKeys).toEqual({ linkId: { key: 'record.notFound', params: { what: 'link' } } });
  });
  // The contract fuzzer once saw "roster:preview is a query but changed the database": a
  // revoke had armed the worker's debounce timer on a desk whose background jobs are off, and
  // the pass it started wrote the relay's refusal into portal_links during a later call.
  it('on a desk without background jobs a revoke starts no pass of its own: nothing is written after it answers', async () => {
    const port = await freePort();
    const core = await deskFor(`http://127.0.0.1:${port}`, 'tok_unreachable');
    cleanups.push(() => core.dispose());
    const { payerId } = await enroll(core);
    const { link } = await core.ok('portal:publish', { requestId: rid('p'), payerId });
    const pass = vi.spyOn(core.services.portal, 'runOnce');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      await core.ok('portal:revoke', { requestId: rid('r'), scope: 'link', linkId: link.id });
      const after = JSON.stringify(links(core));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(pass).not.toHaveBeenCalled();
      expect(JSON.stringify(links(core))).toBe(after);
    } finally {
      vi.useRealTimers();
      pass.mockRestore();
    }
  });

  it('on a desk with background jobs a revoke reaches the relay by itself', async () => {
    const clock = { at: new Date('2025-03-15T10:00:00Z') };
    const relay = await startRelay(undefined, { now: () => clock.at.getTime() });
    cleanups.push(() => relay.dispose());
    const { makeCore } = await import('../../support/core');
    const { makeCashier } = await import('../catalog/fixtures');
    const base = await makeCore({ now: () => clock.at, backgroundJobs: true, portalDebounceMs: 20, firstBackupDelayMs: 3_600_000 });
    const core = Object.assign(base, { clock, setToday: () => undefined, cashier: makeCashier(base) });
    cleanups.push(() => core.dispose());
    await core.ok('settings:relay', { requestId: rid('relay'), url: relay.url, token: relay.token });
    const { payerId } = await enroll(core);
    const { link } = await core.ok('portal:publish', { requestId: rid('p'), payerId });
    expect((await openLink(link.url ?? '')).status).toBe(200);
    await core.ok('portal:revoke', { requestId: rid('r'), scope: 'link', linkId: link.id }, core.cashier);
    await waitFor('the relay withdrew the page', async () => (await openLink(link.url ?? '')).status === 410);
  });
});

describe('republish', () => {
  it('after payments the same link shows them: one upload for several changes, under the same page id and key', async () => {
    const { core } = await setup();
    const { payerId, enrollment } = await enroll(core);
    const { link } = await core.ok('portal:publish', { requestId: rid('p'), payerId });
    await openDrawer(core);
    await payCash(core, enrollment.id, 60_00);
    await payCash(core, enrollment.id, 40_00);
    expect(links(core)[0]?.dirty).toBe(1);
    expect(await core.services.portal.runOnce()).toMatchObject({ uploaded: 1 });
    expect(await core.services.portal.runOnce()).toMatchObject({ uploaded: 0 });
    const page = await openLink(link.url ?? '');
    expect(page.statement?.movements.map((m) => m.amount)).toEqual([60_00, 40_00]);
    expect(page.statement?.balance).toBe(200_00);
  });

  it('a schedule change marks the link too (an item paused)', async () => {
    const { core } = await setup();
    const { payerId, items } = await enroll(core);
    await core.ok('portal:publish', { requestId: rid('p'), payerId });
    expect(links(core)[0]?.dirty).toBe(0);
    const item = items[2];
    if (!item) throw new Error('no item');
    await core.ok('schedules:pause', { requestId: rid('pause'), target: { itemId: item.id }, reason: 'Away for a month' });
    expect(links(core)[0]?.dirty).toBe(1);
  });

  it('runs by itself on a desk with background jobs: a payment, a refund and a schedule change at the desk each reach the page', async () => {
    const clock = { at: new Date('2025-03-15T10:00:00Z') };
    const relay = await startRelay(undefined, { now: () => clock.at.getTime() });
    cleanups.push(() => relay.dispose());
    const { makeCore } = await import('../../support/core');
    const { makeCashier } = await import('../catalog/fixtures');
    const base = await makeCore({ now: () => clock.at, backgroundJobs: true, portalDebounceMs: 20, firstBackupDelayMs: 3_600_000 });
    const core = Object.assign(base, { clock, setToday: () => undefined, cashier: makeCashier(base) });
    cleanups.push(() => core.dispose());
    await core.ok('settings:relay', { requestId: rid('relay'), url: relay.url, token: relay.token });
    const { payerId, enrollment, items } = await enroll(core);
    const { link } = await core.ok('portal:publish', { requestId: rid('p'), payerId });
    await openDrawer(core);
    const paid = await payCash(core, enrollment.id, 75_00);
    await waitFor('the page shows the payment', async () => (await openLink(link.url ?? '')).statement?.balance === 225_00);
    await core.ok('refunds:create', { requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 25_00, reason: 'Goodwill', split: [{ method: 'cash', amount: 25_00, paymentId: paid.id }] });
    await waitFor('the page shows the refund', async () => (await openLink(link.url ?? '')).statement?.movements.some((m) => m.kind === 'refund' && m.amount === 25_00) === true);
    const last = items[items.length - 1];
    if (!last) throw new Error('no item');
    await core.ok('schedules:pause', { requestId: rid('pause'), target: { itemId: last.id }, reason: 'Away for a month' });
    await waitFor('the page shows the paused item', async () => (await openLink(link.url ?? '')).statement?.enrollments[0]?.items.at(-1)?.status === 'paused');
  });
});

describe('the link by email', () => {
  it("mail:send of a statement with the payer's page link carries the link; a withdrawn link is refused on the field", async () => {
    const { startSmtpPeer } = await import('../../support/mail/smtpPeer');
    const { useOfficeMail } = await import('../mail/fixtures');
    const peer = await startSmtpPeer();
    cleanups.push(() => peer.close());
    const { core } = await setup();
    await useOfficeMail(core, peer);
    const { payerId } = await enroll(core);
    const { link } = await core.ok('portal:publish', { requestId: rid('p'), payerId });
    const sent = await core.ok('mail:send', { requestId: rid('m'), kind: 'statement', payerId, linkId: link.id }, core.cashier);
    expect(sent.mail.kind).toBe('statement');
    await core.services.mail.runOnce();
    const [mail] = await peer.waitFor(1);
    const text = (mail?.parsed.text ?? '').replace(/\u00a0/g, ' ');
    expect(text).toContain(link.url ?? 'no url');
    expect(text).toContain('works until 13 June 2025');
    expect(mail?.parsed.html).toContain(link.url ?? 'no url');

    await core.ok('portal:revoke', { requestId: rid('r'), scope: 'link', linkId: link.id });
    const refused = await core.fail('mail:send', { requestId: rid('m2'), kind: 'statement', payerId, linkId: link.id });
    expect(refused.fields).toEqual({ linkId: 'This payer page link was withdrawn or has expired: publish a new one first.' });
  });
});
