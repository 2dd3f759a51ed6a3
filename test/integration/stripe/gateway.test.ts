import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient, createStripeGateway } from '../../../electron/stripe/gateway';
import type { StripeGateway } from '../../../electron/stripe/gateway';
import { startStripeStandin } from '../../support/stripe/server';
import type { StripeStandin } from '../../support/stripe/server';

describe('Stripe gateway against the stand-in (real SDK, real HTTP)', () => {
  let standin: StripeStandin;
  let gateway: StripeGateway;
  beforeAll(async () => {
    standin = await startStripeStandin();
    gateway = createStripeGateway(createStripeClient({ secretKey: standin.secretKey, source: 'environment', endpoint: { host: standin.host, port: standin.port, protocol: 'http' } }, { timeoutMs: 2000 }));
  });
  afterAll(async () => {
    await standin.stop();
  });
  const payer = { id: 'pyr_gateway_1', name: 'Ana Gomez', email: 'ana@example.org', phone: null };

  it('reuses a customer by stored id, then by the payer id in metadata, and creates one only once', async () => {
    const first = await gateway.getOrCreateCustomer(payer, null);
    expect(first).toMatch(/^cus_/);
    expect(await gateway.getOrCreateCustomer(payer, first)).toBe(first);
    expect(await gateway.getOrCreateCustomer(payer, null)).toBe(first);
    expect(Object.keys(standin.data().customers)).toHaveLength(1);
  });

  it('creates a payment intent once per idempotency key, with the metadata that ties it to the enrollment', async () => {
    const customerId = await gateway.getOrCreateCustomer(payer, null);
    const args = { key: 'bursar-intent-test-1' as const, customerId, amount: 12345, currency: 'USD', description: 'Tuition', metadata: { bursar_enrollment: 'enr_1', bursar_items: 'itm_1,itm_2' } };
    const a = await gateway.createPaymentIntent(args);
    const b = await gateway.createPaymentIntent(args);
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ amount: 12345, currency: 'USD', status: 'requires_payment_method', metadata: { bursar_enrollment: 'enr_1' } });
    expect(a.clientSecret).toMatch(/^pi_.*_secret_/);
    expect(standin.counters().idempotentReplays).toBeGreaterThanOrEqual(1);

    standin.pay(a.id);
    const paid = await gateway.retrievePaymentIntent(a.id);
    expect(paid).toMatchObject({ status: 'succeeded', amountReceived: 12345 });
    expect(paid.latestChargeId).toMatch(/^ch_/);
  });

  it('makes a hosted checkout page whose payment carries the metadata', async () => {
    const customerId = await gateway.getOrCreateCustomer(payer, null);
    const session = await gateway.createCheckoutSession({ key: 'bursar-link-test-1', customerId, amount: 5000, currency: 'USD', name: 'Installment 2', metadata: { bursar_enrollment: 'enr_2' }, successUrl: 'https://example.org/paid' });
    expect(session.url).toMatch(/^http/);
    standin.pay(session.id);
    const intent = Object.values(standin.data().paymentIntents).find((pi) => pi.metadata.bursar_enrollment === 'enr_2');
    expect(intent?.status).toBe('succeeded');
  });

  it('refunds once per key, partially then the rest, and refuses more than was captured', async () => {
    const customerId = await gateway.getOrCreateCustomer(payer, null);
    const pi = await gateway.createPaymentIntent({ key: 'bursar-intent-test-refund', customerId, amount: 1000, currency: 'USD', description: 'x', metadata: {} });
    standin.pay(pi.id);
    const before = standin.counters().refundsCreated;
    const r1 = await gateway.createRefund({ key: 'bursar-refund-r1', paymentIntentId: pi.id, amount: 400, reason: 'partial', metadata: { bursar_refund: 'r1' } });
    const again = await gateway.createRefund({ key: 'bursar-refund-r1', paymentIntentId: pi.id, amount: 400, reason: 'partial', metadata: { bursar_refund: 'r1' } });
    expect(again.id).toBe(r1.id);
    expect(standin.counters().refundsCreated).toBe(before + 1);
    await expect(gateway.createRefund({ key: 'bursar-refund-r2', paymentIntentId: pi.id, amount: 601, reason: 'too much', metadata: {} })).rejects.toMatchObject({ code: 'VALIDATION', retryable: false });
    const rest = await gateway.createRefund({ key: 'bursar-refund-r3', paymentIntentId: pi.id, amount: 600, reason: 'rest', metadata: {} });
    expect(rest).toMatchObject({ status: 'succeeded', amount: 600, paymentIntentId: pi.id });
  });

  it('maps Stripe being down to a retryable UNAVAILABLE and a bad key to a non-retryable one', async () => {
    standin.faults.failNext(1, { status: 500 });
    await expect(gateway.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    standin.faults.hangNext(1);
    await expect(gateway.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    const bad = createStripeGateway(createStripeClient({ secretKey: 'sk_test_not_the_key_at_all', source: 'settings', endpoint: { host: standin.host, port: standin.port, protocol: 'http' } }));
    await expect(bad.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: false, message: expect.stringMatching(/refused the secret key/) });
    await expect(gateway.ping()).resolves.toBeUndefined();
  });
});
