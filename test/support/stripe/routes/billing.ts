import type Stripe from 'stripe';
import { addItemToInvoice, createInvoice, createSubscription, sendInvoice } from '../billing';
import type { PaymentBehavior } from '../billing';
import { previousAttributes } from '../engine';
import { invalidParam, invalidRequest } from '../errors';
import { createdFilter, newestFirst, paginate } from '../lists';
import { buildInvoiceItem } from '../objects/invoice';
import { currencyParam, mergeMetadata } from '../params';
import { resolvePaymentMethod } from '../paymentMethods';
import { finalizeInvoice, payInvoice } from '../payments';
import { snapshot } from '../state';
import { priceFromData } from './catalog';
import { find, id0, route } from './types';
import type { Route } from './types';

const cancellationDetails = (sub: Stripe.Subscription): Stripe.Subscription.CancellationDetails =>
  sub.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null };

const PAYMENT_BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete'] as const;

function collectionMethod(value: string | undefined): Stripe.Invoice.CollectionMethod {
  if (value === undefined) return 'charge_automatically';
  if (value !== 'charge_automatically' && value !== 'send_invoice') throw invalidParam('collection_method', 'Invalid collection_method: must be one of charge_automatically or send_invoice', 'parameter_invalid_string');
  return value;
}

export const billingRoutes: Route[] = [
  route('POST', '/v1/invoiceitems', ({ engine, params: p }) => {
    p.allow('customer', 'amount', 'currency', 'description', 'invoice', 'metadata', 'quantity', 'pricing', 'price_data', 'period', 'subscription', 'unit_amount_decimal');
    const customer = find(engine.data.customers, p.reqStr('customer'), 'customer', 'customer');
    const quantity = p.int('quantity') ?? 1;
    const pricing = p.obj('pricing');
    const priceData = p.obj('price_data');
    let price: Stripe.Price | null = null;
    if (pricing?.has('price')) price = find(engine.data.prices, pricing.reqStr('price'), 'price', 'pricing[price]');
    else if (priceData) price = priceFromData(engine, priceData, 'price_data');
    let amount: number;
    let unitAmount: number;
    let currency: string;
    if (price) {
      unitAmount = price.unit_amount ?? 0;
      amount = unitAmount * quantity;
      currency = price.currency;
      if (p.has('amount')) throw invalidRequest('You may only specify one of these parameters: amount, pricing.', { param: 'amount' });
    } else {
      amount = p.reqInt('amount');
      unitAmount = amount;
      currency = currencyParam(p);
      if (quantity !== 1) throw invalidRequest('When passing `amount`, quantity must be 1; use `pricing[price]` or `price_data` for quantities.', { param: 'quantity' });
    }
    const invoiceId = p.str('invoice');
    const invoice = invoiceId ? find(engine.data.invoices, invoiceId, 'invoice', 'invoice') : null;
    if (invoice && invoice.customer !== customer.id) throw invalidRequest(`The invoice ${invoice.id} belongs to a different customer.`, { param: 'invoice' });
    const period = p.obj('period');
    const now = engine.now();
    const item = buildInvoiceItem(
      {
        customer: customer.id,
        amount,
        currency,
        description: p.str('description') ?? null,
        quantity,
        unitAmount,
        price,
        invoice: invoice?.id ?? null,
        subscription: null,
        metadata: p.metadata() ?? {},
        period: period ? { start: period.reqInt('start'), end: period.reqInt('end') } : { start: now, end: now },
      },
      now,
    );
    if (invoice) addItemToInvoice(engine, invoice, item);
    engine.data.invoiceItems[item.id] = item;
    engine.emit('invoiceitem.created', item);
    return item;
  }),
  route('GET', '/v1/invoiceitems/:id', (ctx) => find(ctx.engine.data.invoiceItems, id0(ctx), 'invoiceitem')),
  route('POST', '/v1/invoices', ({ engine, params: p }) => {
    p.allow('customer', 'currency', 'collection_method', 'days_until_due', 'auto_advance', 'description', 'metadata', 'pending_invoice_items_behavior', 'default_payment_method', 'subscription');
    const customer = find(engine.data.customers, p.reqStr('customer'), 'customer', 'customer');
    const pending = p.str('pending_invoice_items_behavior') ?? 'exclude';
    if (pending !== 'exclude' && pending !== 'include') throw invalidParam('pending_invoice_items_behavior', 'Invalid pending_invoice_items_behavior: must be one of exclude or include', 'parameter_invalid_string');
    const pm = p.str('default_payment_method');
    return createInvoice(engine, {
      customer,
      currency: p.has('currency') ? currencyParam(p) : (customer.currency ?? 'usd'),
      collectionMethod: collectionMethod(p.str('collection_method')),
      daysUntilDue: p.int('days_until_due') ?? null,
      autoAdvance: p.bool('auto_advance') ?? false,
      description: p.str('description') ?? null,
      metadata: p.metadata() ?? {},
      billingReason: 'manual',
      subscription: null,
      defaultPaymentMethod: pm ? resolvePaymentMethod(engine, pm, 'default_payment_method', customer.id).id : null,
      includePending: pending === 'include',
    });
  }),
  route('GET', '/v1/invoices', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'customer', 'subscription', 'status', 'created', 'collection_method');
    const customer = p.str('customer');
    const subscription = p.str('subscription');
    const status = p.str('status');
    const created = createdFilter(p);
    const all = newestFirst(engine.data.invoices).filter(
      (x) =>
        (customer === undefined || x.customer === customer) &&
        (subscription === undefined || x.parent?.subscription_details?.subscription === subscription) &&
        (status === undefined || x.status === status) &&
        created(x.created),
    );
    return paginate(all, p, '/v1/invoices', 'invoice');
  }),
  route('GET', '/v1/invoices/:id', (ctx) => find(ctx.engine.data.invoices, id0(ctx), 'invoice')),
  route('POST', '/v1/invoices/:id', (ctx) => {
    const { engine, params: p } = ctx;
    p.allow('metadata', 'description', 'auto_advance', 'days_until_due');
    const invoice = find(engine.data.invoices, id0(ctx), 'invoice');
    const before = snapshot(invoice);
    invoice.metadata = mergeMetadata(invoice.metadata ?? {}, p.metadata());
    if (p.has('description')) {
      if (invoice.status !== 'draft') throw invalidRequest('Finalized invoices can only update metadata and a few other fields.', { code: 'invoice_not_editable', param: 'description' });
      invoice.description = p.str('description') ?? null;
    }
    const autoAdvance = p.bool('auto_advance');
    if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
    const prev = previousAttributes(before, invoice);
    if (prev) engine.emit('invoice.updated', invoice, prev);
    return invoice;
  }),
  route('POST', '/v1/invoices/:id/finalize', (ctx) => {
    ctx.params.allow('auto_advance');
    return finalizeInvoice(ctx.engine, find(ctx.engine.data.invoices, id0(ctx), 'invoice'));
  }),
  route('POST', '/v1/invoices/:id/send', (ctx) => {
    ctx.params.allow();
    return sendInvoice(ctx.engine, find(ctx.engine.data.invoices, id0(ctx), 'invoice'));
  }),
  route('POST', '/v1/invoices/:id/pay', (ctx) => {
    const { engine, params: p } = ctx;
    p.allow('payment_method', 'paid_out_of_band', 'off_session', 'forgive', 'source');
    const invoice = find(engine.data.invoices, id0(ctx), 'invoice');
    return payInvoice(engine, invoice, { paymentMethod: p.str('payment_method'), paidOutOfBand: p.bool('paid_out_of_band') ?? false, onSession: p.bool('off_session') === false });
  }),
  route('GET', '/v1/invoice_payments', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'invoice', 'payment', 'status');
    const invoice = p.str('invoice');
    const pi = p.obj('payment')?.str('payment_intent');
    const status = p.str('status');
    const all = newestFirst(engine.data.invoicePayments).filter(
      (x) => (invoice === undefined || x.invoice === invoice) && (pi === undefined || x.payment.payment_intent === pi) && (status === undefined || x.status === status),
    );
    return paginate(all, p, '/v1/invoice_payments', 'invoice_payment');
  }),
  route('GET', '/v1/subscription_items', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'subscription');
    const sub = find(engine.data.subscriptions, p.reqStr('subscription'), 'subscription', 'subscription');
    return paginate([...sub.items.data].reverse(), p, `/v1/subscription_items?subscription=${sub.id}`, 'subscription_item');
  }),
  route('POST', '/v1/subscriptions', ({ engine, params: p }) => {
    p.allow('customer', 'items', 'metadata', 'payment_behavior', 'default_payment_method', 'collection_method', 'days_until_due', 'cancel_at_period_end', 'description', 'payment_settings', 'off_session');
    const customer = find(engine.data.customers, p.reqStr('customer'), 'customer', 'customer');
    const items = p.list('items').map((item, i) => {
      item.allow('price', 'price_data', 'quantity', 'metadata');
      const priceData = item.obj('price_data');
      const price = priceData ? priceFromData(engine, priceData, `items[${i}][price_data]`) : find(engine.data.prices, item.reqStr('price'), 'price', `items[${i}][price]`);
      return { price, quantity: item.int('quantity') ?? 1, metadata: item.metadata() ?? {} };
    });
    const behavior = p.str('payment_behavior') ?? 'allow_incomplete';
    if (!(PAYMENT_BEHAVIORS as readonly string[]).includes(behavior)) throw invalidParam('payment_behavior', `Invalid payment_behavior: must be one of ${PAYMENT_BEHAVIORS.join(', ')}`, 'parameter_invalid_string');
    const pm = p.str('default_payment_method');
    return createSubscription(engine, {
      customer,
      items,
      collectionMethod: collectionMethod(p.str('collection_method')),
      daysUntilDue: p.int('days_until_due') ?? null,
      defaultPaymentMethod: pm ? resolvePaymentMethod(engine, pm, 'default_payment_method', customer.id).id : null,
      description: p.str('description') ?? null,
      metadata: p.metadata() ?? {},
      cancelAtPeriodEnd: p.bool('cancel_at_period_end') ?? false,
      paymentBehavior: behavior as PaymentBehavior,
    });
  }),
  route('GET', '/v1/subscriptions', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'customer', 'status', 'price', 'created');
    const customer = p.str('customer');
    const status = p.str('status');
    const created = createdFilter(p);
    const all = newestFirst(engine.data.subscriptions).filter(
      (x) => (customer === undefined || x.customer === customer) && (status === undefined ? x.status !== 'canceled' : status === 'all' || x.status === status) && created(x.created),
    );
    return paginate(all, p, '/v1/subscriptions', 'subscription');
  }),
  route('GET', '/v1/subscriptions/:id', (ctx) => find(ctx.engine.data.subscriptions, id0(ctx), 'subscription')),
  route('POST', '/v1/subscriptions/:id', (ctx) => {
    const { engine, params: p } = ctx;
    p.allow('cancel_at_period_end', 'metadata', 'description', 'default_payment_method', 'cancellation_details', 'proration_behavior');
    const sub = find(engine.data.subscriptions, id0(ctx), 'subscription');
    if (sub.status === 'canceled' && (p.has('cancel_at_period_end') || p.has('description') || p.has('default_payment_method'))) {
      throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
    }
    const before = snapshot(sub);
    sub.metadata = mergeMetadata(sub.metadata, p.metadata());
    if (p.has('description')) sub.description = p.str('description') ?? null;
    const atEnd = p.bool('cancel_at_period_end');
    if (atEnd !== undefined) {
      sub.cancel_at_period_end = atEnd;
      sub.cancel_at = atEnd ? (sub.items.data[0]?.current_period_end ?? null) : null;
      sub.canceled_at = atEnd ? engine.now() : null;
      sub.cancellation_details = { ...cancellationDetails(sub), reason: atEnd ? 'cancellation_requested' : null };
    }
    const details = p.obj('cancellation_details');
    if (details?.has('comment')) sub.cancellation_details = { ...cancellationDetails(sub), comment: details.str('comment') ?? null };
    const pm = p.str('default_payment_method');
    if (pm) sub.default_payment_method = resolvePaymentMethod(engine, pm, 'default_payment_method', String(sub.customer)).id;
    const prev = previousAttributes(before, sub);
    if (prev) engine.emit('customer.subscription.updated', sub, prev);
    return sub;
  }),
  route('DELETE', '/v1/subscriptions/:id', (ctx) => {
    const { engine, params: p } = ctx;
    p.allow('invoice_now', 'prorate', 'cancellation_details');
    const sub = find(engine.data.subscriptions, id0(ctx), 'subscription');
    if (sub.status === 'canceled') throw invalidRequest(`This subscription (${sub.id}) has already been canceled.`, { code: 'resource_missing' }, 404);
    const now = engine.now();
    const before = snapshot(sub);
    sub.status = 'canceled';
    sub.canceled_at = now;
    sub.ended_at = now;
    sub.cancel_at = null;
    sub.cancellation_details = { ...cancellationDetails(sub), reason: 'cancellation_requested', comment: p.obj('cancellation_details')?.str('comment') ?? null };
    engine.emit('customer.subscription.deleted', sub, previousAttributes(before, sub));
    return sub;
  }),
];
