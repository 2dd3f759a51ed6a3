import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { stripeFor } from '../../support/stripe/client';
import { startStripeStandin } from '../../support/stripe/server';
import type { StripeStandin } from '../../support/stripe/server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function standinFor(options: Parameters<typeof startStripeStandin>[0] = {}): Promise<StripeStandin> {
  const standin = await startStripeStandin(options);
  cleanups.push(() => standin.stop());
  return standin;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as Stripe.errors.StripeError,
  );

describe('faults', () => {
  it('answers 500 api_error for the next N requests, then recovers', async () => {
    const standin = await standinFor();
    const stripe = stripeFor(standin);
    standin.faults.failNext(2);
    for (let i = 0; i < 2; i++) {
      const err = await failure(stripe.customers.create({}));
      expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(err.statusCode).toBe(500);
    }
    expect((await stripe.customers.create({})).id).toMatch(/^cus_/);
    expect(standin.counters().customersCreated).toBe(1);
  });

  it('limits a fault to a path', async () => {
    const standin = await standinFor();
    const stripe = stripeFor(standin);
    standin.faults.failNext(1, { path: '/v1/refunds', status: 503 });
    expect((await stripe.customers.create({})).object).toBe('customer');
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const err = await failure(stripe.refunds.create({ payment_intent: pi.id }));
    expect(err.statusCode).toBe(503);
    expect(standin.counters().refundsCreated).toBe(0);
  });

  it('a hanging request ends in the SDK’s timeout (StripeConnectionError)', async () => {
    const standin = await standinFor();
    const stripe = stripeFor(standin, { timeout: 300 });
    standin.faults.hangNext(1);
    const err = await failure(stripe.customers.create({}));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(err.message).toMatch(/timeout/i);
    expect(standin.counters().customersCreated).toBe(0);
  });

  it('a connection lost after Stripe acted: the retry with the same key returns the first refund, and only one exists', async () => {
    const standin = await standinFor();
    const stripe = stripeFor(standin);
    const pi = await stripe.paymentIntents.create({ amount: 8000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    // The SDK retries a closed connection once by itself (same key), so two drops reach the caller.
    standin.faults.dropNext(2, { path: '/v1/refunds', when: 'after' });
    const key = 'bursar-refund-7-v1';
    const lost = await failure(stripe.refunds.create({ payment_intent: pi.id, amount: 3000 }, { idempotencyKey: key }));
    expect(lost).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    const retried = await stripe.refunds.create({ payment_intent: pi.id, amount: 3000 }, { idempotencyKey: key });
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(standin.counters().refundsCreated).toBe(1);
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.id)).toEqual([retried.id]);
  });

  it('a connection lost before Stripe acted leaves nothing behind', async () => {
    const standin = await standinFor();
    const stripe = stripeFor(standin);
    standin.faults.dropNext(2, { when: 'before' });
    expect(await failure(stripe.customers.create({}))).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(standin.counters().customersCreated).toBe(0);
    expect(standin.counters().requestsByPath['POST /v1/customers']).toBe(2);
  });
});

describe('stop and start', () => {
  it('is unreachable while stopped and comes back on the same port with its state and idempotent results', async () => {
    const standin = await standinFor();
    const stripe = stripeFor(standin);
    const port = standin.port;
    const customer = await stripe.customers.create({ email: 'keep@example.org' }, { idempotencyKey: 'keep-1' });
    await standin.stop();
    expect(standin.running()).toBe(false);
    expect(await failure(stripe.customers.retrieve(customer.id))).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await standin.start();
    expect(standin.port).toBe(port);
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).email).toBe('keep@example.org');
    const replay = await stripe.customers.create({ email: 'keep@example.org' }, { idempotencyKey: 'keep-1' });
    expect(replay.id).toBe(customer.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('persists to a JSON file that a new stand-in process reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standin-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const statePath = join(dir, 'stripe.json');
    const first = await startStripeStandin({ statePath, secretKey: 'sk_test_persist' });
    const pi = await stripeFor(first).paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await stripeFor(first).refunds.create({ payment_intent: pi.id }, { idempotencyKey: 'persist-refund' });
    await first.stop();
    const second = await standinFor({ statePath, secretKey: 'sk_test_persist' });
    const stripe = stripeFor(second);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    const replay = await stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: 'persist-refund' });
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(second.counters().refundsCreated).toBe(1);
    expect((await stripe.events.list({ limit: 100 })).data.length).toBeGreaterThan(3);
  });
});
