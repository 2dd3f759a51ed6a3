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

const cardError = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => {
      throw new Error('expected a card error');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
  return err as Stripe.errors.StripeCardError;
};

describe('payment intents', () => {
  it('creates without confirming, confirms with pm_card_visa, and records one succeeded charge', async () => {
    const customer = await stripe.customers.create({ email: 'pay@example.org' });
    const pi = await stripe.paymentIntents.create({ amount: 4500, currency: 'usd', customer: customer.id, metadata: { enrollment: 'E1', items: 'S1,S2' } });
    expect(pi).toMatchObject({ object: 'payment_intent', status: 'requires_payment_method', amount: 4500, amount_received: 0, latest_charge: null });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.amount_received).toBe(4500);
    expect(confirmed.payment_method).toMatch(/^pm_/);
    const charge = await stripe.charges.retrieve(String(confirmed.latest_charge));
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, captured: true, amount: 4500, amount_captured: 4500, payment_intent: pi.id, customer: customer.id });
    expect(charge.metadata).toEqual({ enrollment: 'E1', items: 'S1,S2' });
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((c) => c.id)).toEqual([charge.id]);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    const again = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }).catch((e: unknown) => e);
    expect((again as Stripe.errors.StripeError).code).toBe('payment_intent_unexpected_state');
  });

  it('a payment method without confirm leaves the intent requires_confirmation', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', payment_method: 'pm_card_visa' });
    expect(pi.status).toBe('requires_confirmation');
    expect((await stripe.paymentIntents.confirm(pi.id)).status).toBe('succeeded');
  });

  it('declines pm_card_chargeDeclined with a StripeCardError (402, generic_decline) and keeps the failure on the intent', async () => {
    const before = standin.counters();
    const err = await cardError(stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }));
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe('card_declined');
    expect(err.decline_code).toBe('generic_decline');
    expect(err.message).toBe('Your card was declined.');
    const piId = (err.payment_intent as Stripe.PaymentIntent).id;
    const pi = await stripe.paymentIntents.retrieve(piId);
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined' });
    expect(standin.counters().chargesFailed).toBe(before.chargesFailed + 1);
    // The payer tries another card and it goes through.
    expect((await stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
  });

  it('replays a stored decline for the same key instead of charging the card again', async () => {
    const before = standin.counters().chargesCreated;
    const params = { amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true } as const;
    const first = await cardError(stripe.paymentIntents.create(params, { idempotencyKey: 'bursar-card-9-v1' }));
    const second = await cardError(stripe.paymentIntents.create(params, { idempotencyKey: 'bursar-card-9-v1' }));
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect((second.payment_intent as Stripe.PaymentIntent).id).toBe((first.payment_intent as Stripe.PaymentIntent).id);
    expect(standin.counters().chargesCreated).toBe(before + 1);
  });

  it('declines pm_card_chargeDeclinedInsufficientFunds with insufficient_funds', async () => {
    const err = await cardError(stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }));
    expect(err.decline_code).toBe('insufficient_funds');
    expect(err.message).toBe('Your card has insufficient funds.');
  });

  it('asks for 3-D Secure with pm_card_authenticationRequired; the payer completes it on their device', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
    standin.pay(pi.id);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    // Off-session the same card is refused outright.
    const err = await cardError(stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true, off_session: true }));
    expect(err.code).toBe('authentication_required');
  });

  it('a failed 3-D Secure challenge returns the intent to requires_payment_method', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true });
    standin.pay(pi.id, { authentication: 'fail' });
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.code).toBe('payment_intent_authentication_failure');
  });

  it('cancels an unpaid intent and refuses to cancel a succeeded one', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toBeTypeOf('number');
    const paid = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const err = (await stripe.paymentIntents.cancel(paid.id).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.code).toBe('payment_intent_unexpected_state');
    expect(err.message).toMatch(/status of succeeded/);
  });

  it('lists payment intents for a customer, newest first', async () => {
    const customer = await stripe.customers.create({});
    const a = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id });
    const b = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id });
    const list = await stripe.paymentIntents.list({ customer: customer.id });
    expect(list.data.map((p) => p.id)).toEqual([b.id, a.id]);
    expect(list.url).toBe('/v1/payment_intents');
  });
});

describe('refunds', () => {
  const paid = async (amount: number) => stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });

  it('refunds partially on the payment intent, then the rest on the charge; a third refund is refused', async () => {
    const pi = await paid(10_000);
    const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 2500, reason: 'requested_by_customer', metadata: { local_refund_id: 'R1' } });
    expect(partial).toMatchObject({ object: 'refund', status: 'succeeded', amount: 2500, payment_intent: pi.id, charge: pi.latest_charge, reason: 'requested_by_customer', metadata: { local_refund_id: 'R1' } });
    const rest = await stripe.refunds.create({ charge: String(pi.latest_charge) });
    expect(rest.amount).toBe(7500);
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge.amount_refunded).toBe(10_000);
    expect(charge.refunded).toBe(true);
    const again = (await stripe.refunds.create({ payment_intent: pi.id }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again.code).toBe('charge_already_refunded');
    expect((await stripe.refunds.retrieve(partial.id)).amount).toBe(2500);
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.id)).toEqual([rest.id, partial.id]);
  });

  it('refuses a refund above what is left, with Stripe’s message and amount_too_large', async () => {
    const pi = await paid(1000);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    const err = (await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('amount_too_large');
    expect(err.param).toBe('amount');
    expect(err.message).toBe('Refund amount ($10.00) is greater than unrefunded amount on charge ($9.00)');
  });

  it('refuses a refund of an intent that has no successful charge', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const err = (await stripe.refunds.create({ payment_intent: pi.id }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(400);
    expect(err.message).toMatch(/does not have a successful charge to refund/);
  });

  it('the same idempotency key sent three times makes exactly one refund', async () => {
    const pi = await paid(5000);
    const before = standin.counters().refundsCreated;
    const key = 'bursar-refund-42-v1';
    const results = await Promise.all([1, 2, 3].map(() => stripe.refunds.create({ payment_intent: pi.id, amount: 1200 }, { idempotencyKey: key })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.lastResponse.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect(standin.counters().refundsCreated).toBe(before + 1);
    expect(standin.counters().requestsByPath['POST /v1/refunds']).toBeGreaterThanOrEqual(3);
  });
});
