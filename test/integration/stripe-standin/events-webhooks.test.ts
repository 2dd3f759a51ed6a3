import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { stripeFor } from '../../support/stripe/client';
import { startReceiver } from '../../support/stripe/receiver';
import { startStripeStandin } from '../../support/stripe/server';
import type { StripeStandin } from '../../support/stripe/server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(options: Parameters<typeof startStripeStandin>[0] = {}) {
  const receiver = await startReceiver();
  const standin: StripeStandin = await startStripeStandin({ webhookUrl: receiver.url, ...options });
  cleanups.push(() => receiver.close(), () => standin.stop());
  return { standin, receiver, stripe: stripeFor(standin) };
}

const verify = (stripe: Stripe, standin: StripeStandin, body: string, signature: string) => stripe.webhooks.constructEvent(body, signature, standin.webhookSecret);

describe('events API', () => {
  it('logs every state change as an event and pages with starting_after / ending_before / type', async () => {
    const standin = await startStripeStandin();
    cleanups.push(() => standin.stop());
    const stripe = stripeFor(standin);
    const customer = await stripe.customers.create({ email: 'ev@example.org' }, { idempotencyKey: 'evt-key-1' });
    for (let i = 0; i < 4; i++) await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });

    const created = (await stripe.events.list({ type: 'customer.created' })).data[0];
    expect(created).toMatchObject({ object: 'event', type: 'customer.created', livemode: false, api_version: standin.apiVersion, pending_webhooks: 0 });
    expect(created?.id).toMatch(/^evt_/);
    expect(created?.request).toMatchObject({ idempotency_key: 'evt-key-1' });
    expect(created?.request?.id).toMatch(/^req_/);
    expect((created?.data.object as Stripe.Customer).id).toBe(customer.id);
    expect((await stripe.events.retrieve(String(created?.id))).type).toBe('customer.created');

    const succeeded = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 2 });
    expect(succeeded.data).toHaveLength(2);
    expect(succeeded.has_more).toBe(true);
    expect((succeeded.data[0]?.data.object as Stripe.PaymentIntent).amount).toBe(1003);
    const older = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 2, starting_after: succeeded.data[1]?.id });
    expect(older.data.map((e) => (e.data.object as Stripe.PaymentIntent).amount)).toEqual([1001, 1000]);
    expect(older.has_more).toBe(false);
    // Catch-up from the newest applied event: everything newer than it.
    const newer = await stripe.events.list({ ending_before: older.data[0]?.id, type: 'payment_intent.succeeded' });
    expect(newer.data.map((e) => (e.data.object as Stripe.PaymentIntent).amount)).toEqual([1003, 1002]);
    const wildcard = await stripe.events.list({ type: 'payment_intent.*', limit: 100 });
    expect(new Set(wildcard.data.map((e) => e.type))).toEqual(new Set(['payment_intent.created', 'payment_intent.succeeded']));
    const all = await stripe.events.list({ limit: 100 });
    expect(all.data.map((e) => e.created)).toEqual([...all.data.map((e) => e.created)].sort((a, b) => b - a));
  });
});

describe('webhook delivery', () => {
  it('POSTs each event signed so that stripe.webhooks.constructEvent accepts it, and a tampered body is refused', async () => {
    const { standin, receiver, stripe } = await setup();
    const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await standin.webhooks.idle();
    const types = receiver.received.map((w) => verify(stripe, standin, w.body, w.signature).type);
    expect(types).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    const last = receiver.received.at(-1);
    expect(last?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect((verify(stripe, standin, String(last?.body), String(last?.signature)).data.object as Stripe.PaymentIntent).id).toBe(pi.id);
    expect(() => verify(stripe, standin, String(last?.body).replace('2500', '2501'), String(last?.signature))).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => stripe.webhooks.constructEvent(String(last?.body), String(last?.signature), 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    // Delivered events no longer count as pending.
    expect((await stripe.events.list({ limit: 1 })).data[0]?.pending_webhooks).toBe(0);
  });

  it('can sign deliveries with an old timestamp, which the SDK refuses outside its 300 s tolerance', async () => {
    const { standin, receiver, stripe } = await setup({ webhook: { timestampSkewSeconds: -301 } });
    await stripe.customers.create({});
    await standin.webhooks.idle();
    const w = receiver.received[0];
    expect(() => verify(stripe, standin, String(w?.body), String(w?.signature))).toThrow(/Timestamp outside the tolerance zone/);
  });

  it('duplicate sends every event N times', async () => {
    const { standin, receiver, stripe } = await setup({ webhook: { duplicate: 3 } });
    await stripe.customers.create({});
    await standin.webhooks.idle();
    const ids = receiver.received.map((w) => verify(stripe, standin, w.body, w.signature).id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
  });

  it('manual flush with shuffle delivers the whole batch, reordered', async () => {
    const { standin, receiver, stripe } = await setup({ seed: 7, webhook: { autoDeliver: false, shuffle: true } });
    for (let i = 0; i < 12; i++) await stripe.customers.create({ metadata: { n: String(i) } });
    expect(receiver.received).toHaveLength(0);
    expect(standin.webhooks.pending()).toBe(12);
    await standin.webhooks.flush();
    const order = receiver.received.map((w) => (verify(stripe, standin, w.body, w.signature).data.object as Stripe.Customer).metadata.n);
    expect([...order].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
    expect(order).not.toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
  });

  it('drops the next N events (still listed in /v1/events) and by probability', async () => {
    const { standin, receiver, stripe } = await setup({ seed: 3 });
    standin.webhooks.configure({ dropNext: 2 });
    for (let i = 0; i < 3; i++) await stripe.customers.create({ metadata: { n: String(i) } });
    await standin.webhooks.idle();
    expect(receiver.received.map((w) => (JSON.parse(w.body) as Stripe.Event).data.object).map((o) => (o as Stripe.Customer).metadata.n)).toEqual(['2']);
    expect((await stripe.events.list({ type: 'customer.created' })).data).toHaveLength(3);
    standin.webhooks.configure({ dropProbability: 0.5 });
    for (let i = 0; i < 40; i++) await stripe.customers.create({});
    await standin.webhooks.idle();
    const stats = standin.webhooks.stats();
    expect(stats.dropped).toBeGreaterThan(2 + 5);
    expect(stats.dropped).toBeLessThan(2 + 35);
    expect(receiver.received.length + stats.dropped).toBe(43);
  });

  it('delay holds deliveries back until the delay passes', async () => {
    const { standin, receiver, stripe } = await setup({ webhook: { delayMs: 1000 } });
    await stripe.customers.create({});
    expect(receiver.received).toHaveLength(0);
    await standin.webhooks.idle();
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a delivery the endpoint refused, until it is accepted', async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    const standin = await startStripeStandin({ webhookUrl: receiver.url, webhook: { retries: 3, retryBackoffMs: 20 } });
    cleanups.push(() => receiver.close(), () => standin.stop());
    await stripeFor(standin).customers.create({});
    await standin.webhooks.idle();
    expect(receiver.received).toHaveLength(1);
    expect(standin.webhooks.deliveries().map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it('the webhook URL can be set after start, through the control endpoint', async () => {
    const standin = await startStripeStandin();
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close(), () => standin.stop());
    const res = await fetch(`${standin.url}/_standin/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: receiver.url, duplicate: 2 }) });
    expect(res.status).toBe(200);
    await stripeFor(standin).customers.create({});
    await standin.webhooks.idle();
    expect(receiver.received).toHaveLength(2);
  });
});
