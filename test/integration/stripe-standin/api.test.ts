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

describe('authentication and error shape', () => {
  it('refuses a wrong key with 401 and Stripe’s error body', async () => {
    const wrong = new Stripe('sk_test_not_the_right_key_1234', { host: standin.host, port: standin.port, protocol: 'http', maxNetworkRetries: 0 });
    const err = await wrong.customers.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const e = err as Stripe.errors.StripeError;
    expect(e.statusCode).toBe(401);
    expect(e.type).toBe('StripeAuthenticationError');
    expect(e.raw).toMatchObject({ type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_******************1234' });
  });

  it('refuses a request without a key with the "did not provide an API key" message', async () => {
    const res = await fetch(`${standin.url}/v1/customers`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^You did not provide an API key/);
  });

  it('answers an unknown object with 404 resource_missing and the param', async () => {
    const err = (await stripe.paymentIntents.retrieve('pi_doesnotexist').catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('resource_missing');
    expect(err.param).toBe('intent');
    expect(err.message).toBe("No such payment_intent: 'pi_doesnotexist'");
  });

  it('rejects unknown and missing parameters like Stripe', async () => {
    const unknown = (await stripe.customers.create({ emial: 'x' } as Stripe.CustomerCreateParams).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(unknown.statusCode).toBe(400);
    expect(unknown.code).toBe('parameter_unknown');
    expect(unknown.param).toBe('emial');
    const missing = (await stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(missing.code).toBe('parameter_missing');
    expect(missing.param).toBe('amount');
  });

  it('answers an unknown URL with 404', async () => {
    const res = await fetch(`${standin.url}/v1/nothing_here`, { headers: { Authorization: `Bearer ${standin.secretKey}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing_here\)/);
  });
});

describe('customers', () => {
  it('creates, retrieves, updates (metadata unset by empty value) and finds by metadata search', async () => {
    const payerId = `payer-${Date.now()}`;
    const created = await stripe.customers.create({ email: 'ann@example.org', name: 'Ann Lee', metadata: { payer_id: payerId, desk: 'FRONT' } });
    expect(created.id).toMatch(/^cus_/);
    expect(created.object).toBe('customer');
    expect((await stripe.customers.retrieve(created.id)).id).toBe(created.id);

    const updated = await stripe.customers.update(created.id, { name: 'Ann B. Lee', metadata: { desk: '' } });
    expect(updated.name).toBe('Ann B. Lee');
    expect(updated.metadata).toEqual({ payer_id: payerId });

    const found = await stripe.customers.search({ query: `metadata['payer_id']:'${payerId}'` });
    expect(found.object).toBe('search_result');
    expect(found.data.map((c) => c.id)).toEqual([created.id]);
    expect((await stripe.customers.search({ query: "metadata['payer_id']:'nobody'" })).data).toEqual([]);
  });

  it('paginates lists newest first with starting_after and ending_before', async () => {
    const tag = `page-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ email: `${tag}@x.org`, metadata: { n: String(i) } })).id);
    const newest = [...ids].reverse();
    const first = await stripe.customers.list({ email: `${tag}@x.org`, limit: 2 });
    expect(first.object).toBe('list');
    expect(first.url).toBe('/v1/customers');
    expect(first.data.map((c) => c.id)).toEqual(newest.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ email: `${tag}@x.org`, limit: 2, starting_after: newest[1] });
    expect(second.data.map((c) => c.id)).toEqual(newest.slice(2, 4));
    const last = await stripe.customers.list({ email: `${tag}@x.org`, limit: 2, starting_after: newest[3] });
    expect(last.data.map((c) => c.id)).toEqual([newest[4]]);
    expect(last.has_more).toBe(false);
    const back = await stripe.customers.list({ email: `${tag}@x.org`, limit: 2, ending_before: newest[3] });
    expect(back.data.map((c) => c.id)).toEqual(newest.slice(1, 3));
    expect(back.has_more).toBe(true);
    const all = await stripe.customers.list({ email: `${tag}@x.org`, limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((c) => c.id)).toEqual(newest);
  });
});

describe('products and prices', () => {
  it('creates and retrieves a product and a recurring price', async () => {
    const product = await stripe.products.create({ name: 'Piano, term 1', metadata: { local_id: 'prod-1' } });
    expect(product.id).toMatch(/^prod_/);
    const price = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 12_500, recurring: { interval: 'month', interval_count: 1 } });
    expect(price).toMatchObject({ object: 'price', product: product.id, currency: 'eur', unit_amount: 12_500, type: 'recurring' });
    expect(price.recurring).toMatchObject({ interval: 'month', interval_count: 1 });
    expect((await stripe.prices.retrieve(price.id)).id).toBe(price.id);
    expect((await stripe.products.retrieve(product.id)).name).toBe('Piano, term 1');
    const bad = (await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 12.5 } as Stripe.PriceCreateParams).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(bad.code).toBe('parameter_invalid_integer');
  });
});

describe('idempotency', () => {
  it('replays the stored response with Idempotent-Replayed and creates one object', async () => {
    const before = standin.counters().customersCreated;
    const key = `bursar-op-${Date.now()}-customer`;
    const a = await stripe.customers.create({ email: 'idem@example.org', metadata: { b: '2', a: '1' } }, { idempotencyKey: key });
    // Same parameters in a different order are the same request.
    const b = await stripe.customers.create({ metadata: { a: '1', b: '2' }, email: 'idem@example.org' }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(a.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(standin.counters().customersCreated).toBe(before + 1);
  });

  it('refuses the same key with other parameters or another endpoint (idempotency_error)', async () => {
    const key = `bursar-op-${Date.now()}-mismatch`;
    await stripe.customers.create({ email: 'one@example.org' }, { idempotencyKey: key });
    const other = (await stripe.customers.create({ email: 'two@example.org' }, { idempotencyKey: key }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other.statusCode).toBe(400);
    expect(other.rawType).toBe('idempotency_error');
    expect(other.message).toMatch(/same parameters they were first used with/);
    const elsewhere = (await stripe.products.create({ name: 'x' }, { idempotencyKey: key }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(elsewhere).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(elsewhere.message).toMatch(/same endpoint/);
  });

  it('stores no result for a request that failed validation, so the key can be used again', async () => {
    const key = `bursar-op-${Date.now()}-invalid`;
    const err = (await stripe.paymentIntents.create({ amount: 10, currency: 'usd' }, { idempotencyKey: key }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.code).toBe('amount_too_small');
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: key });
    expect(pi.status).toBe('requires_payment_method');
  });
});

describe('expand', () => {
  it('expands ids into objects, including list items with data.', async () => {
    const customer = await stripe.customers.create({ email: 'exp@example.org' });
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge', 'customer'] });
    expect((pi.latest_charge as Stripe.Charge).object).toBe('charge');
    expect((pi.customer as Stripe.Customer).email).toBe('exp@example.org');
    const list = await stripe.paymentIntents.list({ customer: customer.id, expand: ['data.latest_charge'] });
    expect((list.data[0]?.latest_charge as Stripe.Charge).amount).toBe(2000);
  });
});
