import type Stripe from 'stripe';
import type { Engine } from './engine';
import { previousAttributes } from './engine';
import { StandinError, invalidRequest, unexpectedState } from './errors';
import { buildCharge } from './objects/charge';
import type { ChargeFailure } from './objects/charge';
import { buildInvoicePayment, recomputeTotals } from './objects/invoice';
import { buildPaymentIntent } from './objects/paymentIntent';
import type { PaymentIntentInput } from './objects/paymentIntent';
import { resolvePaymentMethod } from './paymentMethods';
import type { StoredPaymentMethod } from './state';
import { snapshot } from './state';

const DECLINES: Record<'decline_generic' | 'decline_insufficient_funds', ChargeFailure> = {
  decline_generic: {
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
    sellerMessage: 'The bank did not return any further details with this decline.',
  },
  decline_insufficient_funds: {
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
    sellerMessage: 'The bank returned the decline code `insufficient_funds`.',
  },
};

/** Subscriptions inside their create call, whose first payment must not look like a later update. */
export const subscriptionsBeingCreated = new Set<string>();

/** How a 3-D Secure challenge ends when the payer is "on their own device" (stand-in controls). */
export type AuthenticationOutcome = 'complete' | 'fail' | 'leave';

export function createPaymentIntent(engine: Engine, input: PaymentIntentInput): Stripe.PaymentIntent {
  const pi = buildPaymentIntent(input, engine.now());
  engine.data.paymentIntents[pi.id] = pi;
  engine.data.counters.paymentIntentsCreated += 1;
  engine.emit('payment_intent.created', pi);
  return pi;
}

const CONFIRMABLE: Stripe.PaymentIntent.Status[] = ['requires_payment_method', 'requires_confirmation'];

function cardError(failure: ChargeFailure, pi: Stripe.PaymentIntent, charge: Stripe.Charge | null): StandinError {
  return new StandinError(402, {
    type: 'card_error',
    code: failure.code,
    decline_code: failure.declineCode,
    message: failure.message,
    doc_url: `https://stripe.com/docs/error-codes/${failure.code.replace(/_/g, '-')}`,
    ...(charge ? { charge: charge.id } : {}),
    payment_intent: snapshot(pi),
  });
}

/**
 * Confirms a payment intent with a card: succeeds, declines (402 card_error, the intent back to
 * requires_payment_method with `last_payment_error`), or asks for 3-D Secure (requires_action;
 * off-session that is a 402 `authentication_required` instead).
 */
export function confirmPaymentIntent(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  options: { paymentMethod?: string; offSession?: boolean; authentication?: AuthenticationOutcome },
): Stripe.PaymentIntent {
  if (pi.status === 'succeeded') throw unexpectedState('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.');
  if (pi.status === 'canceled') throw unexpectedState('You cannot confirm this PaymentIntent because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.');
  if (pi.status === 'requires_action' && options.paymentMethod === undefined) {
    return completeAuthentication(engine, pi, options.authentication ?? 'complete');
  }
  if (!CONFIRMABLE.includes(pi.status) && pi.status !== 'requires_action') {
    throw unexpectedState(`You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`);
  }
  const customer = typeof pi.customer === 'string' ? pi.customer : null;
  const pmId = options.paymentMethod ?? (typeof pi.payment_method === 'string' ? pi.payment_method : null);
  if (!pmId) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
    );
  }
  const pm = resolvePaymentMethod(engine, pmId, 'payment_method', pi.setup_future_usage ? customer : null);
  pi.payment_method = pm.id;
  pi.last_payment_error = null;

  if (pm.behaviour === 'require_authentication') {
    if (options.offSession) {
      return failPayment(engine, pi, pm, {
        code: 'authentication_required',
        declineCode: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
        sellerMessage: 'The bank requires authentication for this payment.',
      });
    }
    const before = snapshot(pi);
    pi.status = 'requires_action';
    pi.next_action = {
      type: 'use_stripe_sdk',
      use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `${engine.baseUrl()}/_standin/hosted/3ds/${pi.id}`, source: pm.id },
    };
    engine.emit('payment_intent.requires_action', pi, previousAttributes(before, pi));
    if (options.authentication && options.authentication !== 'leave') return completeAuthentication(engine, pi, options.authentication);
    return pi;
  }
  if (pm.behaviour === 'decline_generic' || pm.behaviour === 'decline_insufficient_funds') {
    return failPayment(engine, pi, pm, DECLINES[pm.behaviour]);
  }
  return succeedPayment(engine, pi, pm);
}

/** The payer finished (or failed) the 3-D Secure challenge. */
export function completeAuthentication(engine: Engine, pi: Stripe.PaymentIntent, outcome: AuthenticationOutcome): Stripe.PaymentIntent {
  if (pi.status !== 'requires_action') throw unexpectedState(`This PaymentIntent is not awaiting authentication (status ${pi.status}).`);
  if (outcome === 'leave') return pi;
  const pm = typeof pi.payment_method === 'string' ? engine.data.paymentMethods[pi.payment_method] : undefined;
  if (!pm) throw invalidRequest('The PaymentIntent has no payment method to authenticate.');
  if (outcome === 'complete') return succeedPayment(engine, pi, pm);
  const before = snapshot(pi);
  pi.status = 'requires_payment_method';
  pi.next_action = null;
  pi.payment_method = null;
  pi.last_payment_error = {
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
  };
  engine.emit('payment_intent.payment_failed', pi, previousAttributes(before, pi));
  onPaymentFailed(engine, pi);
  return pi;
}

function newCharge(engine: Engine, pi: Stripe.PaymentIntent, pm: StoredPaymentMethod, failure: ChargeFailure | null): Stripe.Charge {
  const charge = buildCharge(pi, pm, failure, engine.now(), engine.baseUrl());
  engine.data.charges[charge.id] = charge;
  engine.data.counters.chargesCreated += 1;
  if (failure) engine.data.counters.chargesFailed += 1;
  else engine.data.counters.chargesSucceeded += 1;
  return charge;
}

function succeedPayment(engine: Engine, pi: Stripe.PaymentIntent, pm: StoredPaymentMethod): Stripe.PaymentIntent {
  const charge = newCharge(engine, pi, pm, null);
  engine.emit('charge.succeeded', charge);
  const before = snapshot(pi);
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.latest_charge = charge.id;
  pi.next_action = null;
  pi.last_payment_error = null;
  engine.emit('payment_intent.succeeded', pi, previousAttributes(before, pi));
  onPaymentSucceeded(engine, pi);
  return pi;
}

function failPayment(engine: Engine, pi: Stripe.PaymentIntent, pm: StoredPaymentMethod, failure: ChargeFailure): never {
  const charge = newCharge(engine, pi, pm, failure);
  engine.emit('charge.failed', charge);
  const before = snapshot(pi);
  pi.status = 'requires_payment_method';
  pi.latest_charge = charge.id;
  pi.payment_method = null;
  pi.next_action = null;
  pi.last_payment_error = {
    type: 'card_error',
    charge: charge.id,
    code: failure.code,
    decline_code: failure.declineCode,
    doc_url: `https://stripe.com/docs/error-codes/${failure.code.replace(/_/g, '-')}`,
    message: failure.message,
  };
  engine.emit('payment_intent.payment_failed', pi, previousAttributes(before, pi));
  onPaymentFailed(engine, pi);
  throw cardError(failure, pi, charge);
}

export function cancelPaymentIntent(engine: Engine, pi: Stripe.PaymentIntent, reason: Stripe.PaymentIntent.CancellationReason | null): Stripe.PaymentIntent {
  const cancellable: Stripe.PaymentIntent.Status[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
  if (!cancellable.includes(pi.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancellable.join(', ')}.`,
    );
  }
  const before = snapshot(pi);
  pi.status = 'canceled';
  pi.canceled_at = engine.now();
  pi.cancellation_reason = reason;
  pi.next_action = null;
  engine.emit('payment_intent.canceled', pi, previousAttributes(before, pi));
  return pi;
}

// ---- parents: invoices and checkout sessions move when their payment intent does ----

function onPaymentSucceeded(engine: Engine, pi: Stripe.PaymentIntent): void {
  const parent = engine.data.paymentIntentParents[pi.id];
  if (parent?.invoice) {
    const invoice = engine.data.invoices[parent.invoice];
    if (invoice && invoice.status === 'open') markInvoicePaid(engine, invoice, pi);
  }
  if (parent?.checkoutSession) {
    const session = engine.data.checkoutSessions[parent.checkoutSession];
    if (session && session.status === 'open') completeCheckoutSession(engine, session);
  }
}

function onPaymentFailed(engine: Engine, pi: Stripe.PaymentIntent): void {
  const parent = engine.data.paymentIntentParents[pi.id];
  if (!parent?.invoice) return;
  const invoice = engine.data.invoices[parent.invoice];
  if (!invoice || invoice.status !== 'open') return;
  const before = snapshot(invoice);
  invoice.attempted = true;
  invoice.attempt_count += 1;
  invoice.next_payment_attempt = null;
  engine.emit('invoice.payment_failed', invoice, previousAttributes(before, invoice));
}

export function completeCheckoutSession(engine: Engine, session: Stripe.Checkout.Session): void {
  const before = snapshot(session);
  session.status = 'complete';
  session.payment_status = 'paid';
  const customer = typeof session.customer === 'string' ? engine.data.customers[session.customer] : undefined;
  session.customer_details = {
    address: null,
    business_name: null,
    email: customer?.email ?? session.customer_email,
    individual_name: null,
    name: customer?.name ?? null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  engine.emit('checkout.session.completed', session, previousAttributes(before, session));
}

export function markInvoicePaid(engine: Engine, invoice: Stripe.Invoice, pi: Stripe.PaymentIntent | null): void {
  const now = engine.now();
  const before = snapshot(invoice);
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  if (pi) invoice.attempt_count += 1;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  engine.data.counters.invoicesPaid += 1;
  for (const payment of Object.values(engine.data.invoicePayments)) {
    if (payment.invoice !== invoice.id) continue;
    if (pi && payment.payment.payment_intent === pi.id) {
      payment.status = 'paid';
      payment.amount_paid = pi.amount_received;
      payment.status_transitions.paid_at = now;
      engine.emit('invoice_payment.paid', payment);
    } else if (payment.status === 'open') {
      payment.status = 'canceled';
      payment.status_transitions.canceled_at = now;
    }
  }
  const prev = previousAttributes(before, invoice);
  engine.emit('invoice.paid', invoice, prev);
  engine.emit('invoice.payment_succeeded', invoice, prev);
  const subId = invoice.parent?.subscription_details?.subscription;
  const sub = typeof subId === 'string' ? engine.data.subscriptions[subId] : undefined;
  if (sub && (sub.status === 'incomplete' || sub.status === 'past_due')) {
    const subBefore = snapshot(sub);
    sub.status = 'active';
    // Paid inside the create call: the `created` event (sent afterwards) already says active.
    if (!subscriptionsBeingCreated.has(sub.id)) engine.emit('customer.subscription.updated', sub, previousAttributes(subBefore, sub));
  }
}

/** Draft → open: numbers it, gives it a hosted page and a payment intent (none when nothing is due). */
export function finalizeInvoice(engine: Engine, invoice: Stripe.Invoice): Stripe.Invoice {
  if (invoice.status !== 'draft') throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, { code: 'invoice_not_editable' });
  const now = engine.now();
  const customer = engine.data.customers[String(invoice.customer)];
  if (!customer) throw invalidRequest('The invoice customer no longer exists.');
  recomputeTotals(invoice);
  const before = snapshot(invoice);
  const seq = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = seq + 1;
  invoice.number = `${customer.invoice_prefix ?? 'STANDIN'}-${String(seq).padStart(4, '0')}`;
  invoice.status = 'open';
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = `${engine.baseUrl()}/_standin/hosted/invoices/${invoice.id}`;
  invoice.invoice_pdf = `${engine.baseUrl()}/_standin/hosted/invoices/${invoice.id}/pdf`;
  invoice.automatically_finalizes_at = null;
  if (invoice.collection_method === 'charge_automatically') invoice.next_payment_attempt = now + 3600;
  if (invoice.amount_due > 0) {
    const pi = createPaymentIntent(engine, {
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: customer.id,
      description: `Invoice ${invoice.number}`,
      metadata: {},
      paymentMethod: null,
      paymentMethodTypes: ['card'],
      automaticPaymentMethods: false,
      receiptEmail: null,
      setupFutureUsage: invoice.parent?.subscription_details ? 'off_session' : null,
      statementDescriptor: null,
    });
    engine.data.paymentIntentParents[pi.id] = { invoice: invoice.id };
    const payment = buildInvoicePayment(invoice, pi.id, now);
    engine.data.invoicePayments[payment.id] = payment;
  }
  engine.emit('invoice.finalized', invoice, previousAttributes(before, invoice));
  if (invoice.amount_due === 0) markInvoicePaid(engine, invoice, null);
  return invoice;
}

export function invoicePaymentIntent(engine: Engine, invoice: Stripe.Invoice): Stripe.PaymentIntent | undefined {
  const payment = Object.values(engine.data.invoicePayments).find((p) => p.invoice === invoice.id && p.is_default);
  const id = payment?.payment.payment_intent;
  return typeof id === 'string' ? engine.data.paymentIntents[id] : undefined;
}

/**
 * Pays an open invoice (finalizing a draft first) with the given card, the invoice's or the
 * customer's default. Off-session like Stripe's own attempts: a 3-D Secure card fails with
 * `invoice_payment_intent_requires_action` unless the payer authenticates on their device.
 */
export function payInvoice(
  engine: Engine,
  invoice: Stripe.Invoice,
  options: { paymentMethod?: string; paidOutOfBand?: boolean; authentication?: AuthenticationOutcome; onSession?: boolean },
): Stripe.Invoice {
  if (invoice.status === 'draft') finalizeInvoice(engine, invoice);
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid', { code: 'invoice_already_paid' });
  if (invoice.status !== 'open') throw invalidRequest(`You cannot pay this invoice because it has a status of ${String(invoice.status)}.`, { code: 'invoice_not_editable' });
  if (options.paidOutOfBand) {
    markInvoicePaid(engine, invoice, null);
    const pi = invoicePaymentIntent(engine, invoice);
    if (pi && pi.status !== 'succeeded') cancelPaymentIntent(engine, pi, null);
    return invoice;
  }
  const pi = invoicePaymentIntent(engine, invoice);
  if (!pi) throw invalidRequest('This invoice has nothing to pay.');
  const sub = invoice.parent?.subscription_details?.subscription;
  const subscription = typeof sub === 'string' ? engine.data.subscriptions[sub] : undefined;
  const customer = engine.data.customers[String(invoice.customer)];
  const pmId =
    options.paymentMethod ??
    (typeof invoice.default_payment_method === 'string' ? invoice.default_payment_method : undefined) ??
    (typeof subscription?.default_payment_method === 'string' ? subscription.default_payment_method : undefined) ??
    (typeof customer?.invoice_settings.default_payment_method === 'string' ? customer.invoice_settings.default_payment_method : undefined);
  if (!pmId) {
    throw invalidRequest(
      `Cannot charge a customer that has no active card`,
      { code: 'missing', param: 'payment_method' },
    );
  }
  const result = confirmPaymentIntent(engine, pi, {
    paymentMethod: pmId,
    offSession: !options.onSession,
    authentication: options.authentication,
  });
  if (result.status === 'requires_action') {
    engine.emit('invoice.payment_action_required', invoice);
    throw new StandinError(402, {
      type: 'card_error',
      code: 'invoice_payment_intent_requires_action',
      message: 'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.',
      payment_intent: snapshot(result),
    });
  }
  return invoice;
}
