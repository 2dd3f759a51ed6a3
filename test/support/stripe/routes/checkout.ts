import type Stripe from 'stripe';
import { expireCheckoutSession } from '../checkout';
import { invalidParam, invalidRequest } from '../errors';
import { createdFilter, newestFirst, paginate } from '../lists';
import { buildCheckoutSession } from '../objects/checkoutSession';
import { priceFromData } from './catalog';
import { find, id0, route } from './types';
import type { Route } from './types';

const MODES = ['payment', 'subscription'] as const;

export const checkoutRoutes: Route[] = [
  route('POST', '/v1/checkout/sessions', ({ engine, params: p }) => {
    p.allow('mode', 'line_items', 'customer', 'customer_email', 'client_reference_id', 'success_url', 'cancel_url', 'metadata', 'payment_intent_data', 'subscription_data', 'expires_at', 'payment_method_types', 'ui_mode');
    const mode = p.str('mode') ?? 'payment';
    if (!(MODES as readonly string[]).includes(mode)) throw invalidParam('mode', 'The stand-in supports mode=payment and mode=subscription.', 'parameter_invalid_string');
    const lines = p.list('line_items').map((line, i) => {
      line.allow('price', 'price_data', 'quantity');
      const data = line.obj('price_data');
      const price = data ? priceFromData(engine, data, `line_items[${i}][price_data]`) : find(engine.data.prices, line.reqStr('price'), 'price', `line_items[${i}][price]`);
      const quantity = line.int('quantity') ?? 1;
      if (quantity < 1) throw invalidParam(`line_items[${i}][quantity]`, 'Invalid positive integer', 'parameter_invalid_integer');
      if (mode === 'payment' && price.recurring) {
        throw invalidRequest('You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', { param: `line_items[${i}]` });
      }
      return { price, quantity };
    });
    const first = lines[0];
    if (!first) throw invalidParam('line_items', 'Missing required param: line_items.', 'parameter_missing');
    if (lines.some((l) => l.price.currency !== first.price.currency)) throw invalidParam('line_items', 'All line items must use the same currency.', 'parameter_invalid_string');
    const customer = p.str('customer');
    if (customer) find(engine.data.customers, customer, 'customer', 'customer');
    const now = engine.now();
    const session = buildCheckoutSession(
      {
        mode: mode as Stripe.Checkout.Session.Mode,
        lines,
        currency: first.price.currency,
        customer: customer ?? null,
        customerEmail: p.str('customer_email') ?? null,
        clientReferenceId: p.str('client_reference_id') ?? null,
        successUrl: p.str('success_url') ?? null,
        cancelUrl: p.str('cancel_url') ?? null,
        metadata: p.metadata() ?? {},
        expiresAt: p.int('expires_at') ?? now + 24 * 3600,
        baseUrl: engine.baseUrl(),
      },
      now,
    );
    const pid = p.obj('payment_intent_data');
    engine.data.checkoutSessions[session.id] = session;
    engine.data.checkoutPlans[session.id] = {
      lines: lines.map((l) => ({ price: l.price.id, quantity: l.quantity })),
      paymentIntentMetadata: pid?.metadata() ?? {},
      paymentIntentDescription: pid?.str('description') ?? null,
      subscriptionMetadata: p.obj('subscription_data')?.metadata() ?? {},
    };
    engine.data.counters.checkoutSessionsCreated += 1;
    engine.touch();
    return session;
  }),
  route('GET', '/v1/checkout/sessions', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'customer', 'payment_intent', 'subscription', 'status', 'created');
    const customer = p.str('customer');
    const pi = p.str('payment_intent');
    const status = p.str('status');
    const created = createdFilter(p);
    const all = newestFirst(engine.data.checkoutSessions).filter(
      (x) => (customer === undefined || x.customer === customer) && (pi === undefined || x.payment_intent === pi) && (status === undefined || x.status === status) && created(x.created),
    );
    return paginate(all, p, '/v1/checkout/sessions', 'checkout.session');
  }),
  route('GET', '/v1/checkout/sessions/:id', (ctx) => find(ctx.engine.data.checkoutSessions, id0(ctx), 'checkout.session', 'session')),
  route('POST', '/v1/checkout/sessions/:id/expire', (ctx) => {
    ctx.params.allow();
    return expireCheckoutSession(ctx.engine, find(ctx.engine.data.checkoutSessions, id0(ctx), 'checkout.session', 'session'));
  }),
];
