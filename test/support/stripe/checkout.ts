import type Stripe from 'stripe';
import { createSubscription } from './billing';
import type { Engine } from './engine';
import { previousAttributes } from './engine';
import { invalidRequest } from './errors';
import { buildCustomer } from './objects/customer';
import { completeCheckoutSession, confirmPaymentIntent, createPaymentIntent } from './payments';
import type { AuthenticationOutcome } from './payments';
import { resolvePaymentMethod } from './paymentMethods';
import type { CheckoutPlan } from './state';
import { snapshot } from './state';


/**
 * The payer completes the hosted page with a card. Payment mode: a payment intent is created
 * and confirmed now (Stripe creates it lazily too). Subscription mode: a customer if needed,
 * then a subscription whose first invoice is paid with the card.
 */
export function payCheckoutSession(
  engine: Engine,
  session: Stripe.Checkout.Session,
  plan: CheckoutPlan,
  paymentMethod: string,
  authentication: AuthenticationOutcome,
): Stripe.Checkout.Session {
  if (session.status !== 'open') throw invalidRequest(`This Checkout Session is ${String(session.status)} and can no longer be paid.`, { code: 'checkout_session_not_open' });
  let customerId = typeof session.customer === 'string' ? session.customer : null;
  if (session.mode === 'payment') {
    let pi = typeof session.payment_intent === 'string' ? engine.data.paymentIntents[session.payment_intent] : undefined;
    if (!pi) {
      pi = createPaymentIntent(engine, {
        amount: session.amount_total ?? 0,
        currency: session.currency ?? 'usd',
        customer: customerId,
        description: plan.paymentIntentDescription,
        metadata: plan.paymentIntentMetadata,
        paymentMethod: null,
        paymentMethodTypes: ['card'],
        automaticPaymentMethods: false,
        receiptEmail: session.customer_email,
        setupFutureUsage: null,
        statementDescriptor: null,
      });
      engine.data.paymentIntentParents[pi.id] = { checkoutSession: session.id };
      session.payment_intent = pi.id;
    }
    confirmPaymentIntent(engine, pi, { paymentMethod, authentication });
    return session;
  }
  // Subscription mode.
  if (!customerId) {
    const customer = buildCustomer({ email: session.customer_email, name: null, phone: null, description: null, metadata: {}, defaultPaymentMethod: null }, engine.now());
    engine.data.customers[customer.id] = customer;
    engine.data.counters.customersCreated += 1;
    engine.emit('customer.created', customer);
    customerId = customer.id;
  }
  const customer = engine.data.customers[customerId];
  if (!customer) throw invalidRequest(`No such customer: '${customerId}'`);
  const pm = resolvePaymentMethod(engine, paymentMethod, 'payment_method', customer.id);
  const sub = createSubscription(engine, {
    customer,
    items: plan.lines.map((l) => {
      const price = engine.data.prices[l.price];
      if (!price) throw invalidRequest(`No such price: '${l.price}'`);
      return { price, quantity: l.quantity, metadata: {} };
    }),
    collectionMethod: 'charge_automatically',
    daysUntilDue: null,
    defaultPaymentMethod: pm.id,
    description: null,
    metadata: plan.subscriptionMetadata,
    cancelAtPeriodEnd: false,
    paymentBehavior: 'allow_incomplete',
    authentication,
  });
  session.customer = customer.id;
  session.subscription = sub.id;
  session.invoice = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : null;
  engine.touch();
  if (sub.status === 'active') {
    completeCheckoutSession(engine, session);
  } else {
    // The first invoice was not paid: the page stays open for another card, as on Stripe.
    throw invalidRequest(`The payment for this subscription did not go through; the subscription is ${sub.status}.`, { code: 'card_declined', param: 'payment_method' }, 402);
  }
  return session;
}

export function expireCheckoutSession(engine: Engine, session: Stripe.Checkout.Session): Stripe.Checkout.Session {
  if (session.status !== 'open') throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(session.status)}".`);
  const before = snapshot(session);
  session.status = 'expired';
  session.url = null;
  engine.emit('checkout.session.expired', session, previousAttributes(before, session));
  return session;
}
