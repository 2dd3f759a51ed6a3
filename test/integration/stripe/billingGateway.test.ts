import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient, createStripeGateway } from '../../../electron/stripe/gateway';
import type { StripeGateway } from '../../../electron/stripe/gateway';
import { stripeFor } from '../../support/stripe/client';
import { startStripeStandin } from '../../support/stripe/server';
import type { StripeStandin } from '../../support/stripe/server';

describe('billing gateway functions against the stand-in (real SDK, real HTTP)', () => {
  let standin: StripeStandin;
  let gateway: StripeGateway;
  let customerId: string;
  beforeAll(async () => {
    standin = await startStripeStandin();
    gateway = createStripeGateway(createStripeClient({ secretKey: standin.secretKey, source: 'environment', endpoint: { host: standin.host, port: standin.port, protocol: 'http' } }, { timeoutMs: 2000 }));
    customerId = await gateway.getOrCreateCustomer({ id: 'pyr_billing_1', name: 'Bea Ruiz', email: 'bea@example.org', phone: null }, null);
  });
  afterAll(async () => {
    await standin.stop();
  });

  it('ensurePrice makes one product and one recurring price per plan amount; biweekly is every 2 weeks', async () => {
    const monthly = await gateway.ensurePrice({ planId: 'pln_1', name: 'Gym — Monthly', amount: 5000, currency: 'USD', interval: 'monthly' });
    const again = await gateway.ensurePrice({ planId: 'pln_1', name: 'Gym — Monthly', amount: 5000, currency: 'USD', interval: 'monthly' });
    expect(again).toEqual(monthly);
    const biweekly = await gateway.ensurePrice({ planId: 'pln_2', name: 'Gym — Biweekly', amount: 2500, currency: 'USD', interval: 'biweekly' });
    const weekly = await gateway.ensurePrice({ planId: 'pln_3', name: 'Gym — Weekly', amount: 1200, currency: 'USD', interval: 'weekly' });
    const prices = standin.data().prices;
    expect(prices[monthly.priceId]?.recurring).toMatchObject({ interval: 'month', interval_count: 1 });
    expect(prices[biweekly.priceId]?.recurring).toMatchObject({ interval: 'week', interval_count: 2 });
    expect(prices[weekly.priceId]?.recurring).toMatchObject({ interval: 'week', interval_count: 1 });
    expect(prices[monthly.priceId]).toMatchObject({ unit_amount: 5000, currency: 'usd', product: monthly.productId });
    expect(Object.keys(standin.data().products)).toHaveLength(3);
  });

  it('createSubscription leaves the first invoice open with a hosted link; the same key returns the same subscription', async () => {
    const { priceId } = await gateway.ensurePrice({ planId: 'pln_1', name: 'Gym — Monthly', amount: 5000, currency: 'USD', interval: 'monthly' });
    const args = { key: 'bursar-sub-test-1' as const, customerId, priceId, metadata: { bursar_enrollment: 'enr_1', bursar_subscription: 'bsub_1' } };
    const sub = await gateway.createSubscription(args);
    expect(await gateway.createSubscription(args)).toMatchObject({ id: sub.id });
    expect(sub).toMatchObject({ status: 'incomplete', cancelAtPeriodEnd: false, metadata: { bursar_enrollment: 'enr_1' } });
    expect(sub.latestInvoiceId).toMatch(/^in_/);
    const invoice = await gateway.retrieveInvoice(sub.latestInvoiceId ?? '');
    expect(invoice).toMatchObject({ status: 'open', amountDue: 5000, currency: 'USD', subscriptionId: sub.id });
    expect(invoice.hostedUrl).toMatch(/^http/);
    const payments = await gateway.listInvoicePayments(invoice.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]?.paymentIntentId).toMatch(/^pi_/);
    expect(Object.values(standin.data().subscriptions).filter((s) => s.metadata.bursar_subscription === 'bsub_1')).toHaveLength(1);
  });

  it('cancelSubscription at period end keeps it active; now cancels it', async () => {
    const { priceId } = await gateway.ensurePrice({ planId: 'pln_1', name: 'Gym — Monthly', amount: 5000, currency: 'USD', interval: 'monthly' });
    const sub = await gateway.createSubscription({ key: 'bursar-sub-test-2', customerId, priceId, metadata: {} });
    standin.pay(sub.latestInvoiceId ?? '');
    const atEnd = await gateway.cancelSubscription({ key: 'bursar-subcancel-test-2-end', subscriptionId: sub.id, atPeriodEnd: true });
    expect(atEnd).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    const now = await gateway.cancelSubscription({ key: 'bursar-subcancel-test-2-now', subscriptionId: sub.id, atPeriodEnd: false });
    expect(now.status).toBe('canceled');
    // The same key again: Stripe's stored answer, not a second cancellation (which it would refuse).
    expect((await gateway.cancelSubscription({ key: 'bursar-subcancel-test-2-now', subscriptionId: sub.id, atPeriodEnd: false })).status).toBe('canceled');
  });

  it('createInvoice sends a send_invoice invoice with one line per schedule item; a replay makes no second invoice', async () => {
    const args = {
      key: 'bursar-invoice-test-1' as const,
      customerId,
      currency: 'USD',
      daysUntilDue: 14,
      lines: [
        { itemId: 'itm_a', amount: 30000, description: 'Item 1' },
        { itemId: 'itm_b', amount: 20000, description: 'Item 2' },
      ],
      metadata: { bursar_invoice: 'binv_1', bursar_enrollment: 'enr_9', bursar_items: 'itm_a,itm_b' },
    };
    const before = standin.counters().invoicesCreated;
    const invoice = await gateway.createInvoice(args);
    const replay = await gateway.createInvoice(args);
    expect(replay.id).toBe(invoice.id);
    expect(standin.counters().invoicesCreated - before).toBe(1);
    expect(invoice).toMatchObject({ status: 'open', amountDue: 50000, currency: 'USD', metadata: { bursar_invoice: 'binv_1' } });
    expect(invoice.hostedUrl).toMatch(/\/_standin\/hosted\/invoices\/in_/);
    const stored = standin.data().invoices[invoice.id];
    expect(stored?.collection_method).toBe('send_invoice');
    expect(stored?.lines.data.map((l) => l.metadata.bursar_item)).toEqual(['itm_a', 'itm_b']);
    expect(standin.events().some((e) => e.type === 'invoice.sent' && (e.data.object as { id: string }).id === invoice.id)).toBe(true);
  });

  it('payInvoice charges the saved card off-session; a decline is a non-retryable CONFLICT; the key replays its answer', async () => {
    const invoice = await gateway.createInvoice({ key: 'bursar-invoice-test-2', customerId, currency: 'USD', daysUntilDue: 7, lines: [{ itemId: 'itm_c', amount: 1500, description: 'Item' }], metadata: {} });
    const stripe = stripeFor(standin);
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: 'pm_card_chargeDeclined' } });
    const declined = await gateway.payInvoice({ key: `bursar-retry-${invoice.id}-1`, invoiceId: invoice.id }).catch((e: unknown) => e);
    expect(declined).toMatchObject({ code: 'CONFLICT', retryable: false });
    const chargesBefore = standin.counters().chargesFailed;
    await gateway.payInvoice({ key: `bursar-retry-${invoice.id}-1`, invoiceId: invoice.id }).catch(() => undefined);
    expect(standin.counters().chargesFailed).toBe(chargesBefore); // replayed, not charged again
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const paid = await gateway.payInvoice({ key: `bursar-retry-${invoice.id}-2`, invoiceId: invoice.id });
    expect(paid).toMatchObject({ status: 'paid', amountPaid: 1500 });
    const payments = await gateway.listInvoicePayments(invoice.id);
    expect(payments.find((p) => p.status === 'paid')).toMatchObject({ amountPaid: 1500 });
  });
});
