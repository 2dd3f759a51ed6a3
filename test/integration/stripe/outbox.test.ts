import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { enrolled, makeCardCore, standinEnv, useStandinCore } from '../../support/card/cardFixture';
import { rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { stripeFor } from '../../support/stripe/client';
import { startStripeStandin } from '../../support/stripe/server';
import type { StripeStandin } from '../../support/stripe/server';

const root = resolve(import.meta.dirname, '../../..');

/** An enrollment paid in full by card, ready to be refunded. */
async function paidByCard(core: TestCore): Promise<{ enrollmentId: string; paymentIntentId: string; payerId: string }> {
  const { enrollmentId, payerId } = await enrolled(core, 20_000);
  const intent = await core.ok('card:createIntent', { requestId: rid('ci'), enrollmentId });
  return { enrollmentId, payerId, paymentIntentId: intent.paymentIntentId ?? '' };
}

/** The student pays; the desk records it (as the status check would) and the payment id is returned. */
async function settle(core: TestCore, standin: StripeStandin, paid: { enrollmentId: string; paymentIntentId: string }): Promise<string> {
  standin.pay(paid.paymentIntentId);
  const rows = await core.ok('payments:list', { enrollmentId: paid.enrollmentId, limit: 10, offset: 0 });
  const requests = core.store.raw.prepare('SELECT id FROM card_requests WHERE enrollment_id = ?').all(paid.enrollmentId) as { id: string }[];
  for (const r of requests) await core.ok('card:intentStatus', { cardRequestId: r.id });
  const after = await core.ok('payments:list', { enrollmentId: paid.enrollmentId, limit: 10, offset: 0 });
  expect(after.payments.length).toBe(rows.payments.length + 1);
  return after.payments[0]?.id ?? '';
}

const cardRefund = (core: TestCore, enrollmentId: string, paymentId: string, amount: number) =>
  core.ok('refunds:create', { requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId }, amount, reason: 'Student moved away', split: [{ method: 'card', amount, paymentId }] });

const stripeRefundsOf = (standin: StripeStandin, paymentIntentId: string) => Object.values(standin.data().refunds).filter((r) => r.payment_intent === paymentIntentId);

describe('Stripe outbox', () => {
  let standin: StripeStandin;
  let core: TestCore;
  useStandinCore({ standin: (s) => (standin = s), core: (c) => (core = c) });

  it('a card refund waits in the outbox, is sent once with its derived key, and the local refund succeeds', async () => {
    const paid = await paidByCard(core);
    const paymentId = await settle(core, standin, paid);
    const refund = await cardRefund(core, paid.enrollmentId, paymentId, 5_000);
    expect(refund.refunds[0]).toMatchObject({ method: 'card', status: 'pending' });
    const listed = await core.ok('outbox:list', {});
    expect(listed.summary).toBe('1 refund waiting for a connection');
    expect(listed.rows[0]).toMatchObject({ state: 'pending', amount: 5_000, currency: 'USD', attempts: 0 });

    expect(await core.ok('outbox:flush', {})).toEqual({ attempted: 1, done: 1, failed: 0, retrying: 0 });
    expect(await core.ok('outbox:flush', {})).toEqual({ attempted: 0, done: 0, failed: 0, retrying: 0 });
    const refunds = await core.ok('refunds:list', { enrollmentId: paid.enrollmentId });
    expect(refunds.refunds[0]).toMatchObject({ status: 'succeeded', stripeRefundId: expect.stringMatching(/^re_/) });
    const atStripe = stripeRefundsOf(standin, paid.paymentIntentId);
    expect(atStripe).toHaveLength(1);
    expect(atStripe[0]?.metadata?.bursar_refund_id).toBe(refund.refunds[0]?.id);
    expect((await core.ok('outbox:list', {})).summary).toBe('Nothing waiting to send to Stripe');
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('offline: the refund shows pending, then done once Stripe is back, with no action by anyone', async () => {
    const paid = await paidByCard(core);
    const paymentId = await settle(core, standin, paid);
    await standin.stop();
    await cardRefund(core, paid.enrollmentId, paymentId, 7_000);
    const tried = await core.ok('outbox:flush', {});
    expect(tried).toMatchObject({ attempted: 1, retrying: 1 });
    const waiting = await core.ok('outbox:list', {});
    expect(waiting.rows[0]).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringMatching(/not reachable/) });
    expect((await core.ok('sync:status', {})).outboxPending).toBe(1);

    core.services.outbox.start(100);
    await standin.start();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await core.ok('outbox:list', {})).rows[0]?.state !== 'done') await new Promise((r) => setTimeout(r, 100));
    core.services.outbox.stop();
    expect((await core.ok('outbox:list', {})).rows[0]?.state).toBe('done');
    expect((await core.ok('refunds:list', { enrollmentId: paid.enrollmentId })).refunds[0]?.status).toBe('succeeded');
    expect(stripeRefundsOf(standin, paid.paymentIntentId)).toHaveLength(1);
  });

  it('an admin cancels a refund never sent: it goes to payer credit; a sent one cannot be cancelled', async () => {
    const paid = await paidByCard(core);
    const paymentId = await settle(core, standin, paid);
    await cardRefund(core, paid.enrollmentId, paymentId, 3_000);
    const row = (await core.ok('outbox:list', {})).rows[0];
    const cancelled = await core.ok('outbox:cancel', { requestId: rid(), outboxId: row?.id ?? '', reason: 'Student asked for cash instead' });
    expect(cancelled.state).toBe('cancelled');
    expect((await core.ok('refunds:list', { enrollmentId: paid.enrollmentId })).refunds[0]?.status).toBe('failed');
    const credit = await core.ok('payers:credit', { payerId: paid.payerId });
    expect(JSON.stringify(credit)).toContain('3000');

    await cardRefund(core, paid.enrollmentId, paymentId, 2_000);
    await core.ok('outbox:flush', {});
    const sent = (await core.ok('outbox:list', { state: 'done' })).rows[0];
    const e = await core.fail('outbox:cancel', { requestId: rid(), outboxId: sent?.id ?? '', reason: 'too late' });
    expect(e.code).toBe('CONFLICT');
    expect(stripeRefundsOf(standin, paid.paymentIntentId)).toHaveLength(1);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('Stripe refusing for good (refunded already in the Dashboard) fails the refund into payer credit, not a retry loop', async () => {
    const paid = await paidByCard(core);
    const paymentId = await settle(core, standin, paid);
    await stripeFor(standin).refunds.create({ payment_intent: paid.paymentIntentId });
    await cardRefund(core, paid.enrollmentId, paymentId, 4_000);
    expect(await core.ok('outbox:flush', {})).toMatchObject({ attempted: 1, failed: 1 });
    expect((await core.ok('outbox:list', {})).rows[0]).toMatchObject({ state: 'failed' });
    expect((await core.ok('refunds:list', { enrollmentId: paid.enrollmentId })).refunds[0]?.status).toBe('failed');
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });
});

function runChild(dataDir: string, crashPoint: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/card/outboxChild.ts'), dataDir, crashPoint], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', fail);
    child.once('exit', (code, signal) => done({ code, signal, out }));
  });
}

describe('outbox crash safety: the desk killed with SIGKILL at each point, then restarted', () => {
  let standin: StripeStandin;
  beforeAll(async () => {
    standin = await startStripeStandin();
  });
  afterAll(async () => {
    await standin.stop();
  });

  it.each(['afterMarkedSending', 'requestInFlight', 'afterStripeAnswered'])('killed %s: after restart Stripe has exactly one refund', { timeout: 60_000 }, async (crashPoint) => {
    const core = await makeCardCore(standin);
    const paid = await paidByCard(core);
    const paymentId = await settle(core, standin, paid);
    const refund = await cardRefund(core, paid.enrollmentId, paymentId, 6_000);
    const dataDir = core.dataDir;
    core.close();

    if (crashPoint === 'requestInFlight') standin.faults.hangNext(1, { path: '/v1/refunds', after: true });
    const crashed = await runChild(dataDir, crashPoint, standinEnv(standin));
    expect(crashed.signal).toBe('SIGKILL');
    standin.faults.clear();
    const expectedBefore = crashPoint === 'afterMarkedSending' ? 0 : 1;
    expect(stripeRefundsOf(standin, paid.paymentIntentId)).toHaveLength(expectedBefore);

    const restarted = await runChild(dataDir, 'none', standinEnv(standin));
    expect(restarted.code).toBe(0);
    expect(JSON.parse(restarted.out)).toMatchObject({ attempted: 1, done: 1 });
    expect(stripeRefundsOf(standin, paid.paymentIntentId)).toHaveLength(1);

    const after = createCore({ dataDir, env: standinEnv(standin) });
    try {
      const local = after.store.raw.prepare('SELECT status, stripe_refund_id FROM refunds WHERE id = ?').get(refund.refunds[0]?.id) as { status: string; stripe_refund_id: string };
      expect(local.status).toBe('succeeded');
      expect(local.stripe_refund_id).toBe(stripeRefundsOf(standin, paid.paymentIntentId)[0]?.id);
      expect(after.store.raw.prepare(`SELECT state FROM outbox`).all()).toEqual([{ state: 'done' }]);
    } finally {
      after.close();
    }
  });
});
