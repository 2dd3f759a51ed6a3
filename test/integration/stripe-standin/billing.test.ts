import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeFor } from '../../support/stripe/client';
import { startStripeStandin } from '../../support/stripe/server';
import type { StripeStandin } from '../../support/stripe/server';

let standin: StripeStandin;
let stripe: Stripe;

beforeAll(async () => {
  standin = await startStripeStandin();
  stripe = stripeFor(standin);
});
afterAll(() => standin.stop());

const monthly = async (amount: number, currency = 'usd') => {
  const product = await stripe.products.create({ name: `Course ${amount}` });
  return stripe.prices.create({ product: product.id, currency, unit_amount: amount, recurring: { interval: 'month' } });
};

const eventTypesFor = (objectId: string) =>
  standin
    .events()
    .filter((e) => (e.data.object as { id?: string }).id === objectId)
    .map((e) => e.type);

describe('invoices', () => {
  it('invoice items on a draft, finalize (number + hosted url), send, then the payer pays on the hosted page', async () => {
    const customer = await stripe.customers.create({ email: 'inv@example.org' });
    const invoice = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 14, metadata: { enrollment: 'E9' } });
    expect(invoice).toMatchObject({ object: 'invoice', status: 'draft', total: 0, number: null, hosted_invoice_url: null });
    const a = await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 12_000, currency: 'usd', description: 'Installment 1 of 3' });
    const b = await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 8_000, currency: 'usd', description: 'Registration fee' });
    expect(a).toMatchObject({ object: 'invoiceitem', invoice: invoice.id, amount: 12_000 });
    expect(b.id).toMatch(/^ii_/);
    const draft = await stripe.invoices.retrieve(invoice.id);
    expect(draft.total).toBe(20_000);
    expect(draft.lines.data.map((l) => l.amount)).toEqual([12_000, 8_000]);

    const open = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^[A-Z0-9]+-0001$/);
    expect(open.hosted_invoice_url).toBe(`${standin.url}/_standin/hosted/invoices/${invoice.id}`);
    expect(open.amount_due).toBe(20_000);
    const sent = await stripe.invoices.sendInvoice(invoice.id);
    expect(sent.status).toBe('open');

    // The QR code leads to a page; paying there is a form POST like a browser would make.
    const page = await fetch(String(open.hosted_invoice_url));
    expect(await page.text()).toContain('$200.00');
    const res = await fetch(`${standin.url}/_standin/pay/${invoice.id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'payment_method=pm_card_visa',
    });
    expect(res.status).toBe(303);

    const paid = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 20_000, amount_remaining: 0 });
    expect(paid.status_transitions.paid_at).toBeTypeOf('number');
    const payment = paid.payments?.data[0];
    expect(payment).toMatchObject({ object: 'invoice_payment', status: 'paid', amount_paid: 20_000 });
    const pi = await stripe.paymentIntents.retrieve(String(payment?.payment.payment_intent));
    expect(pi.status).toBe('succeeded');
    expect(eventTypesFor(invoice.id)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.sent', 'invoice.paid', 'invoice.payment_succeeded']);
    expect((await stripe.invoices.list({ customer: customer.id })).data.map((i) => i.id)).toEqual([invoice.id]);
  });

  it('pays a charge_automatically invoice through the API, and a declined card leaves it open with a failed attempt', async () => {
    const customer = await stripe.customers.create({});
    const invoice = await stripe.invoices.create({ customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 5_000, currency: 'usd' });
    const err = (await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_chargeDeclined' }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    const failed = await stripe.invoices.retrieve(invoice.id);
    expect(failed).toMatchObject({ status: 'open', attempted: true, attempt_count: 1 });
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('paid');
    const again = (await stripe.invoices.pay(invoice.id).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again.message).toBe('Invoice is already paid');
    expect(eventTypesFor(invoice.id)).toContain('invoice.payment_failed');
  });

  it('refuses an item on a finalized invoice and sending a charge_automatically invoice', async () => {
    const customer = await stripe.customers.create({});
    const invoice = await stripe.invoices.create({ customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 1_000, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(invoice.id);
    const late = (await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 1_000, currency: 'usd' }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(late.code).toBe('invoice_not_editable');
    const send = (await stripe.invoices.sendInvoice(invoice.id).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(send.statusCode).toBe(400);
  });

  it('invoice items can use a price and quantity', async () => {
    const customer = await stripe.customers.create({});
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2_500, product_data: { name: 'Book' } });
    const item = await stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id }, quantity: 3 });
    expect(item.amount).toBe(7_500);
    expect(item.pricing?.price_details?.price).toBe(price.id);
  });
});

describe('subscriptions', () => {
  it('with a default card: active at once, first invoice paid', async () => {
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    expect(customer.invoice_settings.default_payment_method).toMatch(/^pm_/);
    const price = await monthly(9_900);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], metadata: { plan: 'P1' }, expand: ['latest_invoice'] });
    expect(sub).toMatchObject({ object: 'subscription', status: 'active', customer: customer.id, cancel_at_period_end: false, metadata: { plan: 'P1' } });
    const item = sub.items.data[0];
    expect(item?.price.id).toBe(price.id);
    expect((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)).toBeGreaterThanOrEqual(28 * 86_400);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 9_900, billing_reason: 'subscription_create' });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    // Paid inside the create call: one `created` event that already says active.
    const subEvents = standin.events().filter((e) => (e.data.object as { id?: string }).id === sub.id);
    expect(subEvents.map((e) => [e.type, (e.data.object as Stripe.Subscription).status])).toEqual([['customer.subscription.created', 'active']]);
  });

  it('error_if_incomplete with a declined card: 402 and no subscription', async () => {
    const customer = await stripe.customers.create({ payment_method: 'pm_card_chargeDeclined', invoice_settings: { default_payment_method: 'pm_card_chargeDeclined' } });
    const price = await monthly(2_000);
    const before = standin.counters().subscriptionsCreated;
    const err = (await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'error_if_incomplete' }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toEqual([]);
    expect(standin.counters().subscriptionsCreated).toBe(before);
    // allow_incomplete (the default) keeps it, incomplete, with the failure on its invoice.
    const kept = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], expand: ['latest_invoice'] });
    expect(kept.status).toBe('incomplete');
    expect((kept.latest_invoice as Stripe.Invoice).attempt_count).toBe(1);
  });

  it('without a card: incomplete until the first invoice is paid by the payer, then active', async () => {
    const customer = await stripe.customers.create({});
    const price = await monthly(4_000);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }], payment_behavior: 'default_incomplete', expand: ['latest_invoice.confirmation_secret'] });
    expect(sub.status).toBe('incomplete');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', amount_due: 8_000 });
    expect(invoice.confirmation_secret?.client_secret).toMatch(/_secret_/);
    standin.pay(invoice.id);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    expect(eventTypesFor(sub.id)).toEqual(['customer.subscription.created', 'customer.subscription.updated']);
    const payments = await stripe.invoicePayments.list({ invoice: invoice.id });
    expect(payments.data.map((p) => p.status)).toEqual(['paid']);
    const items = await stripe.subscriptionItems.list({ subscription: sub.id });
    expect(items.data.map((i) => [i.price.id, i.quantity])).toEqual([[price.id, 2]]);
  });

  it('updates cancel_at_period_end (with previous_attributes on the event) and cancels via DELETE', async () => {
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: (await monthly(3_000)).id }] });
    const atEnd = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(atEnd.cancel_at_period_end).toBe(true);
    expect(atEnd.cancel_at).toBe(atEnd.items.data[0]?.current_period_end);
    const updated = standin.events().filter((e) => e.type === 'customer.subscription.updated' && (e.data.object as Stripe.Subscription).id === sub.id).at(-1);
    expect(updated?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.ended_at).toBeTypeOf('number');
    expect(eventTypesFor(sub.id).at(-1)).toBe('customer.subscription.deleted');
  });

  it('refuses a one-time price', async () => {
    const customer = await stripe.customers.create({});
    const oneTime = await stripe.prices.create({ currency: 'usd', unit_amount: 1_000, product_data: { name: 'Once' } });
    const err = (await stripe.subscriptions.create({ customer: customer.id, items: [{ price: oneTime.id }] }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(400);
    expect(err.param).toBe('items[0][price]');
  });
});

describe('checkout sessions', () => {
  it('payment mode: a url to pay, then complete with a succeeded payment intent carrying our metadata', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 15_000, product_data: { name: 'Term fee' } }, quantity: 1 }],
      payment_intent_data: { metadata: { enrollment: 'E7' } },
      success_url: 'https://desk.example/paid',
      metadata: { enrollment: 'E7' },
    });
    expect(session).toMatchObject({ object: 'checkout.session', status: 'open', payment_status: 'unpaid', amount_total: 15_000, payment_intent: null });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${standin.url}/_standin/hosted/checkout/${session.id}`);
    standin.pay(session.id, { paymentMethod: 'pm_card_visa' });
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: 'succeeded', amount: 15_000, metadata: { enrollment: 'E7' } });
    expect(eventTypesFor(session.id)).toEqual(['checkout.session.completed']);
  });

  it('subscription mode: paying creates the customer, an active subscription and its paid first invoice', async () => {
    const price = await monthly(6_000);
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: price.id, quantity: 1 }], customer_email: 'sub@example.org', subscription_data: { metadata: { plan: 'P9' } } });
    standin.pay(session.id);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect(done.status).toBe('complete');
    const sub = await stripe.subscriptions.retrieve(String(done.subscription));
    expect(sub).toMatchObject({ status: 'active', metadata: { plan: 'P9' } });
    expect((await stripe.invoices.retrieve(String(done.invoice))).status).toBe('paid');
    expect((await stripe.customers.retrieve(String(done.customer))) as Stripe.Customer).toMatchObject({ email: 'sub@example.org' });
  });

  it('a declined card leaves the session open; an expired session cannot be paid', async () => {
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2_000, product_data: { name: 'Fee' } });
    const session = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id, quantity: 2 }] });
    expect(() => standin.pay(session.id, { paymentMethod: 'pm_card_chargeDeclined' })).toThrow('Your card was declined.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe('expired');
    expect(() => standin.pay(session.id)).toThrow(/can no longer be paid/);
  });
});
