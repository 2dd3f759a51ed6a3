import type Stripe from 'stripe';
import { previousAttributes } from '../engine';
import { invalidParam, invalidRequest, validationError } from '../errors';
import { createdFilter, newestFirst, paginate } from '../lists';
import { buildRefund } from '../objects/charge';
import { currencyParam, mergeMetadata } from '../params';
import { MINIMUM_CHARGE, formatAmount, resolvePaymentMethod } from '../paymentMethods';
import { cancelPaymentIntent, confirmPaymentIntent, createPaymentIntent } from '../payments';
import { snapshot } from '../state';
import type { Engine } from '../engine';
import { find, id0, route } from './types';
import type { Route } from './types';

const SETUP_FUTURE_USAGE = ['off_session', 'on_session'] as const;
const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

function oneOf<T extends string>(values: readonly T[], value: string | undefined, param: string): T | null {
  if (value === undefined) return null;
  if (!(values as readonly string[]).includes(value)) throw invalidParam(param, `Invalid ${param}: must be one of ${values.join(', ')}`, 'parameter_invalid_string');
  return value as T;
}

export function createRefund(
  engine: Engine,
  input: { charge?: string; paymentIntent?: string; amount?: number; reason: Stripe.Refund.Reason | null; metadata: Record<string, string> },
): Stripe.Refund {
  if (!input.charge && !input.paymentIntent) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
  let charge: Stripe.Charge;
  if (input.paymentIntent) {
    const pi = find(engine.data.paymentIntents, input.paymentIntent, 'payment_intent', 'payment_intent');
    const latest = typeof pi.latest_charge === 'string' ? engine.data.charges[pi.latest_charge] : undefined;
    if (!latest || latest.status !== 'succeeded') {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: 'payment_intent' });
    }
    if (input.charge && input.charge !== latest.id) throw invalidRequest(`Charge ${input.charge} does not belong to PaymentIntent ${pi.id}.`, { param: 'charge' });
    charge = latest;
  } else {
    charge = find(engine.data.charges, input.charge ?? '', 'charge', 'charge');
    if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not been captured and cannot be refunded.`, { param: 'charge' });
  }
  const unrefunded = charge.amount_captured - charge.amount_refunded;
  if (unrefunded <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = input.amount ?? unrefunded;
  if (amount <= 0) throw invalidParam('amount', 'Invalid positive integer', 'parameter_invalid_integer');
  if (amount > unrefunded) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(unrefunded, charge.currency)})`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }
  const refund = buildRefund(charge, { amount, reason: input.reason, metadata: input.metadata }, engine.now());
  engine.data.refunds[refund.id] = refund;
  engine.data.counters.refundsCreated += 1;
  const before = snapshot(charge);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount_captured;
  if (charge.refunds) charge.refunds.data.unshift(refund);
  engine.emit('refund.created', refund);
  engine.emit('charge.refunded', charge, previousAttributes(before, charge));
  return refund;
}

export const paymentRoutes: Route[] = [
  route('POST', '/v1/payment_intents', ({ engine, params: p }) => {
    p.allow(
      'amount', 'currency', 'customer', 'description', 'metadata', 'payment_method', 'payment_method_types', 'automatic_payment_methods',
      'confirm', 'off_session', 'receipt_email', 'setup_future_usage', 'statement_descriptor', 'return_url', 'capture_method',
    );
    const amount = p.reqInt('amount');
    const currency = currencyParam(p);
    const minimum = MINIMUM_CHARGE[currency] ?? 1;
    if (amount < minimum) {
      throw validationError(`Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, { code: 'amount_too_small', param: 'amount' });
    }
    const capture = p.str('capture_method');
    if (capture !== undefined && capture !== 'automatic' && capture !== 'automatic_async') {
      throw invalidParam('capture_method', 'The stand-in only supports automatic capture.', 'parameter_invalid_string');
    }
    const customer = p.str('customer');
    if (customer) find(engine.data.customers, customer, 'customer', 'customer');
    const types = p.strList('payment_method_types');
    const automatic = p.obj('automatic_payment_methods')?.bool('enabled') ?? types.length === 0;
    const pi = createPaymentIntent(engine, {
      amount,
      currency,
      customer: customer ?? null,
      description: p.str('description') ?? null,
      metadata: p.metadata() ?? {},
      paymentMethod: null,
      paymentMethodTypes: types.length > 0 ? types : ['card'],
      automaticPaymentMethods: automatic,
      receiptEmail: p.str('receipt_email') ?? null,
      setupFutureUsage: oneOf(SETUP_FUTURE_USAGE, p.str('setup_future_usage'), 'setup_future_usage'),
      statementDescriptor: p.str('statement_descriptor') ?? null,
    });
    const pm = p.str('payment_method');
    if (p.bool('confirm')) return confirmPaymentIntent(engine, pi, { paymentMethod: pm, offSession: p.bool('off_session') ?? false });
    if (pm) {
      // Attaching without confirming: the intent waits for confirmation.
      confirmPaymentIntentDeferred(engine, pi, pm);
    }
    return pi;
  }),
  route('GET', '/v1/payment_intents', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'customer', 'created');
    const customer = p.str('customer');
    const created = createdFilter(p);
    const all = newestFirst(engine.data.paymentIntents).filter((x) => (customer === undefined || x.customer === customer) && created(x.created));
    return paginate(all, p, '/v1/payment_intents', 'payment_intent');
  }),
  route('GET', '/v1/payment_intents/:id', (ctx) => {
    ctx.params.allow('client_secret');
    return find(ctx.engine.data.paymentIntents, id0(ctx), 'payment_intent', 'intent');
  }),
  route('POST', '/v1/payment_intents/:id', (ctx) => {
    const { engine, params: p } = ctx;
    p.allow('metadata', 'description', 'receipt_email', 'payment_method', 'amount');
    const pi = find(engine.data.paymentIntents, id0(ctx), 'payment_intent', 'intent');
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      if (p.has('amount') || p.has('payment_method')) throw invalidRequest(`You cannot update this PaymentIntent because it has a status of ${pi.status}.`, { code: 'payment_intent_unexpected_state' });
    }
    pi.metadata = mergeMetadata(pi.metadata, p.metadata());
    if (p.has('description')) pi.description = p.str('description') ?? null;
    if (p.has('receipt_email')) pi.receipt_email = p.str('receipt_email') ?? null;
    const amount = p.int('amount');
    if (amount !== undefined) pi.amount = amount;
    const pm = p.str('payment_method');
    if (pm) confirmPaymentIntentDeferred(engine, pi, pm);
    engine.touch();
    return pi;
  }),
  route('POST', '/v1/payment_intents/:id/confirm', (ctx) => {
    const { engine, params: p } = ctx;
    p.allow('payment_method', 'off_session', 'return_url', 'receipt_email', 'setup_future_usage');
    const pi = find(engine.data.paymentIntents, id0(ctx), 'payment_intent', 'intent');
    return confirmPaymentIntent(engine, pi, { paymentMethod: p.str('payment_method'), offSession: p.bool('off_session') ?? false });
  }),
  route('POST', '/v1/payment_intents/:id/cancel', (ctx) => {
    const { engine, params: p } = ctx;
    p.allow('cancellation_reason');
    const pi = find(engine.data.paymentIntents, id0(ctx), 'payment_intent', 'intent');
    return cancelPaymentIntent(engine, pi, oneOf(CANCELLATION_REASONS, p.str('cancellation_reason'), 'cancellation_reason'));
  }),
  route('GET', '/v1/charges', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'customer', 'payment_intent', 'created');
    const customer = p.str('customer');
    const pi = p.str('payment_intent');
    const created = createdFilter(p);
    const all = newestFirst(engine.data.charges).filter(
      (x) => (customer === undefined || x.customer === customer) && (pi === undefined || x.payment_intent === pi) && created(x.created),
    );
    return paginate(all, p, '/v1/charges', 'charge');
  }),
  route('GET', '/v1/charges/:id', (ctx) => find(ctx.engine.data.charges, id0(ctx), 'charge')),
  route('POST', '/v1/refunds', ({ engine, params: p }) => {
    p.allow('charge', 'payment_intent', 'amount', 'reason', 'metadata', 'instructions_email');
    return createRefund(engine, {
      charge: p.str('charge'),
      paymentIntent: p.str('payment_intent'),
      amount: p.int('amount'),
      reason: oneOf(REFUND_REASONS, p.str('reason'), 'reason'),
      metadata: p.metadata() ?? {},
    });
  }),
  route('GET', '/v1/refunds', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'charge', 'payment_intent', 'created');
    const charge = p.str('charge');
    const pi = p.str('payment_intent');
    const created = createdFilter(p);
    const all = newestFirst(engine.data.refunds).filter((x) => (charge === undefined || x.charge === charge) && (pi === undefined || x.payment_intent === pi) && created(x.created));
    return paginate(all, p, '/v1/refunds', 'refund');
  }),
  route('GET', '/v1/refunds/:id', (ctx) => find(ctx.engine.data.refunds, id0(ctx), 'refund')),
  route('POST', '/v1/refunds/:id', (ctx) => {
    ctx.params.allow('metadata');
    const refund = find(ctx.engine.data.refunds, id0(ctx), 'refund');
    refund.metadata = mergeMetadata(refund.metadata ?? {}, ctx.params.metadata());
    ctx.engine.touch();
    return refund;
  }),
];

/**
 * A refund the card network sends back after Stripe accepted it (the issuer refused it): the
 * refund turns `failed`, the money counts as unrefunded on the charge again, and Stripe tells
 * the account through `refund.updated` and `charge.refund.updated`.
 */
export function failRefund(engine: Engine, refundId: string, failureReason: string | undefined): Stripe.Refund {
  const refund = find(engine.data.refunds, refundId, 'refund');
  if (refund.status === 'failed' || refund.status === 'canceled') throw invalidRequest(`Refund ${refund.id} has already ${refund.status === 'failed' ? 'failed' : 'been canceled'}.`);
  const before = snapshot(refund);
  refund.status = 'failed';
  refund.failure_reason = failureReason ?? 'lost_or_stolen_card';
  const charge = typeof refund.charge === 'string' ? engine.data.charges[refund.charge] : undefined;
  if (charge) {
    charge.amount_refunded -= refund.amount;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
  }
  engine.emit('refund.updated', refund, previousAttributes(before, refund));
  engine.emit('charge.refund.updated', refund, previousAttributes(before, refund));
  return refund;
}

/** A payment method given without `confirm`: stored on the intent, which then requires confirmation. */
function confirmPaymentIntentDeferred(engine: Engine, pi: Stripe.PaymentIntent, token: string): void {
  if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
    throw invalidRequest(`You cannot update this PaymentIntent's payment method because it has a status of ${pi.status}.`, { code: 'payment_intent_unexpected_state' });
  }
  // Resolve now so an unknown payment method fails at once, as on Stripe.
  const customer = typeof pi.customer === 'string' ? pi.customer : null;
  pi.payment_method = resolvePm(engine, token, customer);
  pi.status = 'requires_confirmation';
  engine.touch();
}

const resolvePm = (engine: Engine, token: string, customer: string | null) => resolvePaymentMethod(engine, token, 'payment_method', customer).id;
