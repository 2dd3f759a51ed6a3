import { describe, expect, it } from 'vitest';
import { sql } from '../../../electron/store/sql';
import { applyAll, eventsAbout, subscribed } from '../../support/billing/billingFixture';
import { enrolled, useStandinCore } from '../../support/card/cardFixture';
import { makeCashier } from '../../integration/catalog/fixtures';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import type { StripeStandin } from '../../support/stripe/server';

const paymentsOf = (core: TestCore, enrollmentId: string) => core.ok('enrollments:paymentDetails', { enrollmentId });

describe('subscriptions and invoices through invoke, against the stand-in Stripe', () => {
  let standin: StripeStandin;
  let core: TestCore;
  useStandinCore({ standin: (s) => (standin = s), core: (c) => (core = c) });

  it('subscriptions:create starts one Stripe subscription per request id, with a hosted first invoice; paying it records the first period once', async () => {
    const { enrollmentId, itemIds } = await subscribed(core);
    const requestId = rid('sub');
    const sub = await core.ok('subscriptions:create', { requestId, enrollmentId });
    expect(sub).toMatchObject({ enrollmentId, status: 'incomplete', cancelAtPeriodEnd: false, periods: 3 });
    expect(sub.subscriptionId).toMatch(/^sub_/);
    expect(sub.hostedUrl).toMatch(/\/_standin\/hosted\/invoices\/in_/);
    const again = await core.ok('subscriptions:create', { requestId, enrollmentId });
    expect(again.subscriptionId).toBe(sub.subscriptionId);
    expect(Object.values(standin.data().subscriptions).filter((s) => s.metadata.bursar_enrollment === enrollmentId)).toHaveLength(1);
    expect(Object.values(standin.data().prices).filter((p) => p.unit_amount === 5_000 && p.recurring?.interval === 'month').length).toBeGreaterThanOrEqual(1);
    // Another request id while one is live: refused, no second subscription.
    expect((await core.fail('subscriptions:create', { requestId: rid('sub'), enrollmentId })).code).toBe('CONFLICT');

    standin.pay(sub.firstInvoiceId ?? '');
    const events = [...eventsAbout(standin, sub.firstInvoiceId ?? ''), ...eventsAbout(standin, sub.subscriptionId ?? '')];
    applyAll(core, events);
    applyAll(core, events); // duplicates
    const details = await paymentsOf(core, enrollmentId);
    expect(details.payments).toHaveLength(1);
    expect(details.payments[0]).toMatchObject({ method: 'card', amount: 5_000 });
    expect(details.items.find((i) => i.id === itemIds[0])?.status).toBe('paid');
    const billing = await core.ok('invoices:ofEnrollment', { enrollmentId });
    expect(billing.subscription?.status).toBe('active');
    expect(billing.invoices).toHaveLength(1);
    expect(billing.invoices[0]).toMatchObject({ source: 'subscription', status: 'paid', itemIds: [itemIds[0]] });
    expect(billing.invoices[0]?.receiptNumber).toMatch(/^DESK1-/);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('refuses a subscription for an enrollment that is not on a subscription plan', async () => {
    const { enrollmentId } = await enrolled(core);
    const err = await core.fail('subscriptions:create', { requestId: rid('sub'), enrollmentId });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/not a subscription plan/);
    expect(Object.keys(standin.data().subscriptions).filter((id) => standin.data().subscriptions[id]?.metadata.bursar_enrollment === enrollmentId)).toHaveLength(0);
  });

  it('subscriptions:cancel is admin-only; at period end keeps it active until then, now cancels it; webhooks agree', async () => {
    const { enrollmentId } = await subscribed(core, null);
    const sub = await core.ok('subscriptions:create', { requestId: rid('sub'), enrollmentId });
    standin.pay(sub.firstInvoiceId ?? '');
    const cashier = makeCashier(core);
    expect((await core.fail('subscriptions:cancel', { requestId: rid('c'), enrollmentId, atPeriodEnd: true }, cashier)).code).toBe('FORBIDDEN');
    const atEnd = await core.ok('subscriptions:cancel', { requestId: rid('c'), enrollmentId, atPeriodEnd: true });
    expect(atEnd).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    const now = await core.ok('subscriptions:cancel', { requestId: rid('c'), enrollmentId, atPeriodEnd: false });
    expect(now.status).toBe('canceled');
    expect(standin.data().subscriptions[sub.subscriptionId ?? '']?.status).toBe('canceled');
    // Every event of the subscription, reversed and twice: the local status stays canceled.
    const events = eventsAbout(standin, sub.subscriptionId ?? '').reverse();
    applyAll(core, [...events, ...events]);
    expect((await core.ok('invoices:ofEnrollment', { enrollmentId })).subscription?.status).toBe('canceled');
    const audit = core.store.all<{ action: string }>(sql`SELECT action FROM audit_log WHERE action LIKE 'subscription.%' ORDER BY seq`).map((r) => r.action);
    expect(audit).toEqual(['subscription.create', 'subscription.cancel', 'subscription.cancel']);
  });

  it('invoices:create sends one invoice per request id for the chosen items; the stand-in pays it and the events record it once in any order', async () => {
    const { enrollmentId, itemIds } = await enrolled(core);
    const requestId = rid('inv');
    const chosen = [itemIds[0] ?? '', itemIds[1] ?? ''];
    const cashier = makeCashier(core);
    const invoice = await core.ok('invoices:create', { requestId, enrollmentId, itemIds: chosen }, cashier);
    expect(invoice).toMatchObject({ source: 'invoice', status: 'open', amount: 60_000, currency: 'USD', itemIds: chosen });
    expect(invoice.hostedUrl).toMatch(/^http/);
    const replay = await core.ok('invoices:create', { requestId, enrollmentId, itemIds: chosen }, cashier);
    expect(replay.invoiceId).toBe(invoice.invoiceId);
    expect(Object.values(standin.data().invoices).filter((i) => i.metadata?.bursar_enrollment === enrollmentId)).toHaveLength(1);
    expect(standin.data().invoices[invoice.invoiceId ?? '']?.lines.data.map((l) => l.metadata.bursar_item)).toEqual(chosen);

    standin.pay(invoice.invoiceId ?? '');
    const events = eventsAbout(standin, invoice.invoiceId ?? '');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['invoice.paid', 'invoice_payment.paid']));
    // Shuffled (reversed, interleaved) and duplicated.
    const shuffled = [...events].reverse().flatMap((e, i) => (i % 2 === 0 ? [e, e] : [e]));
    applyAll(core, shuffled);
    applyAll(core, events);
    const details = await paymentsOf(core, enrollmentId);
    expect(details.payments).toHaveLength(1);
    expect(details.payments[0]).toMatchObject({ method: 'card', amount: 60_000 });
    expect(details.items.filter((i) => chosen.includes(i.id)).map((i) => i.status)).toEqual(['paid', 'paid']);
    expect(details.items.find((i) => i.id === itemIds[2])?.status).not.toBe('paid');
    const row = (await core.ok('invoices:ofEnrollment', { enrollmentId })).invoices[0];
    expect(row).toMatchObject({ status: 'paid', paymentId: details.payments[0]?.id });
    const audit = core.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'invoice.create'`);
    expect(audit?.n).toBe(1);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('invoice.paid alone (no payment intent in the payload) is recorded by the billing job; invoice_payment.paid later is a no-op', async () => {
    const { enrollmentId } = await enrolled(core);
    const invoice = await core.ok('invoices:create', { requestId: rid('inv'), enrollmentId });
    // As if the desk had never learnt the payment intent at creation.
    core.store.run(sql`UPDATE stripe_invoices SET payment_intent_id = NULL WHERE id = ${invoice.id}`);
    standin.pay(invoice.invoiceId ?? '');
    applyAll(core, eventsAbout(standin, invoice.invoiceId ?? '', ['invoice.paid']));
    expect((await core.ok('invoices:ofEnrollment', { enrollmentId })).invoices[0]).toMatchObject({ status: 'paid', paymentId: null });
    expect((await paymentsOf(core, enrollmentId)).payments).toHaveLength(0);
    const run = await core.services.billing.runOnce();
    expect(run.recorded).toBe(1);
    applyAll(core, eventsAbout(standin, invoice.invoiceId ?? '', ['invoice_payment.paid']));
    expect((await paymentsOf(core, enrollmentId)).payments).toHaveLength(1);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('the invoice intent’s own payment_intent.succeeded (no Bursar metadata) records the same single payment when it comes first', async () => {
    const { enrollmentId } = await enrolled(core);
    const invoice = await core.ok('invoices:create', { requestId: rid('inv'), enrollmentId });
    standin.pay(invoice.invoiceId ?? '');
    const intentId = core.store.get<{ payment_intent_id: string }>(sql`SELECT payment_intent_id FROM stripe_invoices WHERE id = ${invoice.id}`)?.payment_intent_id ?? '';
    expect(intentId).toMatch(/^pi_/);
    expect(applyAll(core, eventsAbout(standin, intentId, ['payment_intent.succeeded']))).toEqual(['applied']);
    expect((await paymentsOf(core, enrollmentId)).payments).toHaveLength(1);
    applyAll(core, eventsAbout(standin, invoice.invoiceId ?? ''));
    const details = await paymentsOf(core, enrollmentId);
    expect(details.payments).toHaveLength(1);
    expect(details.payments[0]).toMatchObject({ amount: 90_000, method: 'card' });
    expect((await core.ok('invoices:ofEnrollment', { enrollmentId })).invoices[0]).toMatchObject({ status: 'paid', paymentId: details.payments[0]?.id });
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('a failure then a success, applied in either order, ends paid with no retry planned', async () => {
    const { enrollmentId } = await enrolled(core);
    const invoice = await core.ok('invoices:create', { requestId: rid('inv'), enrollmentId });
    expect(() => standin.pay(invoice.invoiceId ?? '', { paymentMethod: 'pm_card_chargeDeclined' })).toThrow();
    standin.pay(invoice.invoiceId ?? '');
    const events = eventsAbout(standin, invoice.invoiceId ?? '', ['invoice.payment_failed', 'invoice.paid', 'invoice_payment.paid']);
    expect(events.map((e) => e.type)).toContain('invoice.payment_failed');
    applyAll(core, [...events].reverse());
    const row = (await core.ok('invoices:ofEnrollment', { enrollmentId })).invoices[0];
    expect(row).toMatchObject({ status: 'paid', nextRetryAt: null });
    expect((await paymentsOf(core, enrollmentId)).payments).toHaveLength(1);
  });

  it('says plainly when Stripe is not configured, and when it is not reachable', async () => {
    const bare = await makeCore();
    try {
      const { enrollmentId } = await enrolled(bare);
      const err = await bare.fail('invoices:create', { requestId: rid('inv'), enrollmentId });
      expect(err).toMatchObject({ code: 'UNAVAILABLE' });
      expect(err.message).toMatch(/Stripe is not configured/);
      expect((await bare.fail('subscriptions:create', { requestId: rid('sub'), enrollmentId })).message).toMatch(/Stripe is not configured/);
    } finally {
      bare.dispose();
    }
    const { enrollmentId } = await enrolled(core);
    await standin.stop();
    try {
      const err = await core.fail('invoices:create', { requestId: rid('inv'), enrollmentId });
      expect(err.code).toBe('UNAVAILABLE');
      expect(err.message).toMatch(/not reachable/);
    } finally {
      await standin.start();
    }
  });
  it('a send or start cut off by a lost connection is finished by the next one (same keys): one invoice, one subscription', async () => {
    const { enrollmentId, itemIds } = await enrolled(core);
    await standin.stop();
    expect((await core.fail('invoices:create', { requestId: rid('inv'), enrollmentId, itemIds: [itemIds[0] ?? ''] })).code).toBe('UNAVAILABLE');
    await standin.start();
    const resumed = await core.ok('invoices:create', { requestId: rid('inv'), enrollmentId });
    expect(resumed.itemIds).toEqual([itemIds[0]]);
    expect(Object.values(standin.data().invoices).filter((i) => i.metadata?.bursar_enrollment === enrollmentId)).toHaveLength(1);
    // Items on an open invoice are not invoiced twice: named → refused; "all owed" → the rest.
    expect((await core.fail('invoices:create', { requestId: rid('inv'), enrollmentId, itemIds: [itemIds[0] ?? ''] })).code).toBe('CONFLICT');
    const rest = await core.ok('invoices:create', { requestId: rid('inv'), enrollmentId });
    expect(rest.itemIds).toEqual([itemIds[1], itemIds[2]]);

    const sub = await subscribed(core);
    await standin.stop();
    expect((await core.fail('subscriptions:create', { requestId: rid('sub'), enrollmentId: sub.enrollmentId })).code).toBe('UNAVAILABLE');
    await standin.start();
    const started = await core.ok('subscriptions:create', { requestId: rid('sub'), enrollmentId: sub.enrollmentId });
    expect(started.status).toBe('incomplete');
    expect(Object.values(standin.data().subscriptions).filter((x) => x.metadata.bursar_enrollment === sub.enrollmentId)).toHaveLength(1);
  });
});
