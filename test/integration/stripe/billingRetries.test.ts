import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../../electron/store/sql';
import { applyAll, eventsAbout, subscribed } from '../../support/billing/billingFixture';
import { enrolled, standinEnv } from '../../support/card/cardFixture';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { stripeFor } from '../../support/stripe/client';
import { startStripeStandin } from '../../support/stripe/server';
import type { StripeStandin } from '../../support/stripe/server';

const DAY = 86_400_000;

describe('failed off-session payments: retries at +1, +3, +7 days, then delinquent', () => {
  let standin: StripeStandin;
  let core: TestCore;
  const clock = { at: new Date() };
  beforeAll(async () => {
    standin = await startStripeStandin();
  });
  afterAll(async () => {
    await standin.stop();
  });
  beforeEach(async () => {
    clock.at = new Date();
    core = await makeCore({ env: standinEnv(standin), now: () => clock.at });
  });
  afterEach(() => core.dispose());

  /** An invoice for the enrollment's first item whose first payment was declined, applied from the webhook. */
  async function failedInvoice(savedCard: string) {
    const { enrollmentId, itemIds } = await enrolled(core);
    const invoice = await core.ok('invoices:create', { requestId: rid('inv'), enrollmentId, itemIds: [itemIds[0] ?? ''] });
    const customer = String(standin.data().invoices[invoice.invoiceId ?? '']?.customer);
    await stripeFor(standin).customers.update(customer, { invoice_settings: { default_payment_method: savedCard } });
    expect(() => standin.pay(invoice.invoiceId ?? '', { paymentMethod: 'pm_card_chargeDeclined' })).toThrow();
    const failed = eventsAbout(standin, invoice.invoiceId ?? '', ['invoice.payment_failed']);
    expect(failed).toHaveLength(1);
    applyAll(core, [...failed, ...failed], () => clock.at);
    const first = (failed[0]?.created ?? 0) * 1000;
    return { enrollmentId, itemIds, invoice, customer, first };
  }

  /** Requests that reached the stand-in's `invoices.pay` (every invoice: callers take differences). */
  const payCalls = () => standin.counters().requestsByPath['POST /v1/invoices/:id/pay'] ?? 0;

  const rowOf = async (enrollmentId: string) => (await core.ok('invoices:ofEnrollment', { enrollmentId })).invoices[0];

  it('retries with the saved card at +1, +3 and +7 days (one key per attempt), then lists the item as delinquent; ledger holds', async () => {
    const { enrollmentId, itemIds, invoice, first } = await failedInvoice('pm_card_chargeDeclined');
    expect(await rowOf(enrollmentId)).toMatchObject({ status: 'open', retriesDone: 0, nextRetryAt: new Date(first + 1 * DAY).toISOString() });

    clock.at = new Date(first + 1 * DAY - 60_000);
    expect((await core.services.billing.runOnce()).retried).toBe(0); // not yet due

    const base = payCalls();
    const attemptsAt = () => payCalls() - base;
    for (const [n, day] of [[1, 1], [2, 3], [3, 7]] as const) {
      clock.at = new Date(first + day * DAY);
      const run = await core.services.billing.runOnce();
      expect(run).toMatchObject({ retried: 1, failed: 1, paid: 0 });
      expect(attemptsAt()).toBe(n);
      const row = await rowOf(enrollmentId);
      expect(row?.retriesDone).toBe(n);
      expect(row?.failureMessage).toMatch(/declined/i);
      if (n < 3) expect(row?.nextRetryAt).toBe(new Date(first + [1, 3, 7][n]! * DAY).toISOString());
      // The stand-in's own failure event for the retry changes nothing.
      applyAll(core, eventsAbout(standin, invoice.invoiceId ?? '', ['invoice.payment_failed']), () => clock.at);
    }
    const keys = Object.keys(standin.data().idempotency).filter((k) => k.includes(`bursar-retry-${invoice.invoiceId ?? ''}-`));
    expect(keys.map((k) => k.slice(k.indexOf('bursar-retry-'))).sort()).toEqual([1, 2, 3].map((n) => `bursar-retry-${invoice.invoiceId ?? ''}-${n}`));
    const final = await rowOf(enrollmentId);
    expect(final).toMatchObject({ retriesDone: 3, nextRetryAt: null });
    expect(final?.delinquentAt).not.toBeNull();
    const delinquent = await core.ok('schedules:delinquent', {});
    expect(delinquent.items.map((i) => i.itemId)).toEqual([itemIds[0]]);
    expect(delinquent.items[0]).toMatchObject({ enrollmentId, payerName: 'Card Payer', amount: 30_000, paid: 0, invoiceId: invoice.invoiceId });

    // Nothing more runs, even much later.
    clock.at = new Date(first + 30 * DAY);
    expect((await core.services.billing.runOnce()).retried).toBe(0);
    expect(attemptsAt()).toBe(3);
    const audited = core.store.all<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'invoice.retry'`);
    expect(audited[0]?.n).toBe(3);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('a retry that succeeds records the payment once (the later webhooks are no-ops) and stops the plan', async () => {
    const { enrollmentId, itemIds, invoice, customer, first } = await failedInvoice('pm_card_chargeDeclined');
    clock.at = new Date(first + 1 * DAY);
    expect((await core.services.billing.runOnce()).failed).toBe(1);
    await stripeFor(standin).customers.update(customer, { invoice_settings: { default_payment_method: 'pm_card_visa' } });
    clock.at = new Date(first + 3 * DAY);
    const run = await core.services.billing.runOnce();
    expect(run).toMatchObject({ retried: 1, paid: 1, recorded: 1 });
    applyAll(core, eventsAbout(standin, invoice.invoiceId ?? ''), () => clock.at);
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId });
    expect(details.payments).toHaveLength(1);
    expect(details.items.find((i) => i.id === itemIds[0])?.status).toBe('paid');
    expect(await rowOf(enrollmentId)).toMatchObject({ status: 'paid', retriesDone: 2, nextRetryAt: null, delinquentAt: null });
    clock.at = new Date(first + 7 * DAY);
    expect((await core.services.billing.runOnce()).retried).toBe(0);
    expect((await core.ok('schedules:delinquent', {})).items).toHaveLength(0);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('paused items are skipped: no charge while paused; the missed retry runs once resumed', async () => {
    const { enrollmentId, itemIds, first } = await failedInvoice('pm_card_chargeDeclined');
    await core.ok('schedules:pause', { requestId: rid('p'), target: { itemId: itemIds[0] ?? '' }, reason: 'Medical leave' });
    const base = payCalls();
    for (const day of [1, 3, 7, 10]) {
      clock.at = new Date(first + day * DAY);
      expect(await core.services.billing.runOnce()).toMatchObject({ retried: 0, skippedPaused: 1 });
    }
    expect(payCalls() - base).toBe(0);
    expect((await core.ok('schedules:delinquent', {})).items).toHaveLength(0);
    await core.ok('schedules:resume', { requestId: rid('r'), target: { itemId: itemIds[0] ?? '' } });
    const run = await core.services.billing.runOnce();
    expect(run).toMatchObject({ retried: 1, failed: 1 });
    // A desk that was closed keeps the gap between retries instead of running them back to back.
    const row = await rowOf(enrollmentId);
    expect(row?.nextRetryAt).toBe(new Date(clock.at.getTime() + 2 * DAY).toISOString());
  });

  it('offline: a due retry stays due (same attempt, same key) and runs when Stripe is back', async () => {
    const { enrollmentId, invoice, first } = await failedInvoice('pm_card_chargeDeclined');
    clock.at = new Date(first + 1 * DAY);
    const base = payCalls();
    await standin.stop();
    try {
      const run = await core.services.billing.runOnce();
      expect(run.failed).toBe(0);
      expect(await rowOf(enrollmentId)).toMatchObject({ retriesDone: 0, nextRetryAt: new Date(first + 1 * DAY).toISOString() });
    } finally {
      await standin.start();
    }
    expect((await core.services.billing.runOnce()).failed).toBe(1);
    expect(payCalls() - base).toBe(1);
    expect(standin.data().invoices[invoice.invoiceId ?? '']?.status).toBe('open');
  });
});

describe('subscription status from webhooks: duplicates and reordering end in the same state', () => {
  let standin: StripeStandin;
  let core: TestCore;
  beforeAll(async () => {
    standin = await startStripeStandin();
    core = await makeCore({ env: standinEnv(standin) });
  });
  afterAll(async () => {
    core.dispose();
    await standin.stop();
  });

  it('forward, reversed and duplicated deliveries agree with Stripe (ties inside one second broken by how far along the status is)', async () => {
    const { enrollmentId } = await subscribed(core, null);
    const sub = await core.ok('subscriptions:create', { requestId: rid('sub'), enrollmentId });
    standin.pay(sub.firstInvoiceId ?? '');
    await stripeFor(standin).subscriptions.update(sub.subscriptionId ?? '', { cancel_at_period_end: true });
    const events = eventsAbout(standin, sub.subscriptionId ?? '');
    expect(events.map((e) => e.type)).toEqual(['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.updated']);
    const reset = () => {
      core.store.run(sql`DELETE FROM processed_events WHERE object_id = ${sub.subscriptionId}`);
      core.store.run(sql`DELETE FROM stripe_object_versions WHERE object_id = ${sub.subscriptionId}`);
      core.store.run(sql`UPDATE stripe_subscriptions SET status = 'creating', status_at = 0, cancel_at_period_end = 0 WHERE subscription_id = ${sub.subscriptionId}`);
    };
    const state = async () => {
      const s = (await core.ok('invoices:ofEnrollment', { enrollmentId })).subscription;
      return { status: s?.status, cancelAtPeriodEnd: s?.cancelAtPeriodEnd };
    };
    const stripeSide = standin.data().subscriptions[sub.subscriptionId ?? ''];
    const expected = { status: stripeSide?.status, cancelAtPeriodEnd: stripeSide?.cancel_at_period_end };
    expect(expected).toEqual({ status: 'active', cancelAtPeriodEnd: true });
    const orders = [events, [...events].reverse(), [events[1], events[2], events[0], events[2], events[1]], [events[2], events[0], events[0], events[1]]];
    for (const order of orders) {
      reset();
      applyAll(core, order.filter((e): e is NonNullable<typeof e> => e !== undefined));
      expect(await state()).toEqual(expected);
    }
  });
});
