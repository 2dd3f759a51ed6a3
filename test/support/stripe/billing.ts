import type Stripe from 'stripe';
import type { Engine } from './engine';
import { StandinError, invalidParam, invalidRequest } from './errors';
import { buildInvoice, buildLineItem, recomputeTotals } from './objects/invoice';
import type { InvoiceInput } from './objects/invoice';
import { buildSubscription, buildSubscriptionItem, newSubscriptionId } from './objects/subscription';
import { finalizeInvoice, payInvoice, subscriptionsBeingCreated } from './payments';
import type { AuthenticationOutcome } from './payments';

export function createInvoice(engine: Engine, input: InvoiceInput & { includePending: boolean }): Stripe.Invoice {
  if (input.collectionMethod === 'send_invoice' && input.daysUntilDue === null) {
    throw invalidParam('days_until_due', 'Missing required param: days_until_due.', 'parameter_missing');
  }
  const invoice = buildInvoice(input, engine.now());
  engine.data.invoices[invoice.id] = invoice;
  engine.data.counters.invoicesCreated += 1;
  if (input.includePending) {
    for (const item of Object.values(engine.data.invoiceItems)) {
      if (item.customer === input.customer.id && item.invoice === null && item.currency === invoice.currency) {
        item.invoice = invoice.id;
        invoice.lines.data.push(buildLineItem(invoice.id, { kind: 'invoice_item', item }));
      }
    }
    recomputeTotals(invoice);
  }
  engine.emit('invoice.created', invoice);
  return invoice;
}

export function addItemToInvoice(engine: Engine, invoice: Stripe.Invoice, item: Stripe.InvoiceItem): void {
  if (invoice.status !== 'draft') {
    throw invalidRequest(`You can only add invoice items to draft invoices. This invoice (${invoice.id}) is ${String(invoice.status)}.`, { code: 'invoice_not_editable', param: 'invoice' });
  }
  if (invoice.currency !== item.currency) throw invalidRequest(`The currency of the invoice item (${item.currency}) must match the invoice currency (${invoice.currency}).`, { param: 'currency' });
  invoice.lines.data.push(buildLineItem(invoice.id, { kind: 'invoice_item', item }));
  recomputeTotals(invoice);
  engine.touch();
}

export function sendInvoice(engine: Engine, invoice: Stripe.Invoice): Stripe.Invoice {
  if (invoice.collection_method !== 'send_invoice') {
    throw invalidRequest("You can only manually send an invoice if its collection method is 'send_invoice'.");
  }
  if (invoice.status === 'draft') finalizeInvoice(engine, invoice);
  if (invoice.status !== 'open') throw invalidRequest(`You cannot send an invoice with status ${String(invoice.status)}.`, { code: 'invoice_not_editable' });
  engine.emit('invoice.sent', invoice);
  return invoice;
}

export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete';

/**
 * A subscription and its first invoice. With a card to charge (and not `default_incomplete`)
 * the first invoice is paid at once and the subscription is active; otherwise it stays
 * `incomplete` until that invoice is paid (on the hosted page, by `invoices.pay` or the intent).
 */
export function createSubscription(
  engine: Engine,
  input: {
    customer: Stripe.Customer;
    items: { price: Stripe.Price; quantity: number; metadata: Record<string, string> }[];
    collectionMethod: Stripe.Subscription.CollectionMethod;
    daysUntilDue: number | null;
    defaultPaymentMethod: string | null;
    description: string | null;
    metadata: Record<string, string>;
    cancelAtPeriodEnd: boolean;
    paymentBehavior: PaymentBehavior;
    authentication?: AuthenticationOutcome;
  },
): Stripe.Subscription {
  const first = input.items[0];
  if (!first) throw invalidParam('items', 'Missing required param: items.', 'parameter_missing');
  const currency = first.price.currency;
  for (const [i, item] of input.items.entries()) {
    if (!item.price.recurring) throw invalidParam(`items[${i}][price]`, `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, 'parameter_invalid_string');
    if (item.price.currency !== currency) throw invalidParam(`items[${i}][price]`, 'All prices on a subscription must have the same currency.', 'parameter_invalid_string');
  }
  if (input.collectionMethod === 'send_invoice' && input.daysUntilDue === null) {
    throw invalidParam('days_until_due', 'Missing required param: days_until_due.', 'parameter_missing');
  }
  const now = engine.now();
  const id = newSubscriptionId();
  const items = input.items.map((i) => buildSubscriptionItem(id, i.price, i.quantity, i.metadata, now));
  const sub = buildSubscription(
    {
      id,
      customer: input.customer.id,
      currency,
      items,
      collectionMethod: input.collectionMethod,
      daysUntilDue: input.daysUntilDue,
      defaultPaymentMethod: input.defaultPaymentMethod,
      description: input.description,
      metadata: input.metadata,
      cancelAtPeriodEnd: input.cancelAtPeriodEnd,
    },
    now,
  );
  engine.data.subscriptions[sub.id] = sub;
  engine.data.counters.subscriptionsCreated += 1;
  if (input.collectionMethod === 'send_invoice') sub.status = 'active';

  const invoice = createInvoice(engine, {
    customer: input.customer,
    currency,
    collectionMethod: input.collectionMethod,
    daysUntilDue: input.daysUntilDue,
    autoAdvance: true,
    description: null,
    metadata: {},
    billingReason: 'subscription_create',
    subscription: sub.id,
    defaultPaymentMethod: null,
    includePending: false,
  });
  for (const item of items) {
    const price = item.price;
    invoice.lines.data.push(
      buildLineItem(invoice.id, {
        kind: 'subscription_item',
        subscription: sub.id,
        subscriptionItem: item.id,
        price,
        quantity: item.quantity ?? 1,
        period: { start: item.current_period_start, end: item.current_period_end },
        description: `${item.quantity ?? 1} × ${price.nickname ?? price.id}`,
      }),
    );
  }
  recomputeTotals(invoice);
  invoice.period_start = now;
  invoice.period_end = now;
  sub.latest_invoice = invoice.id;
  subscriptionsBeingCreated.add(sub.id);
  try {
    finalizeInvoice(engine, invoice);
    if (input.collectionMethod === 'send_invoice') {
      engine.emit('customer.subscription.created', sub);
      engine.emit('invoice.sent', invoice);
      return sub;
    }
    const customerDefault = input.customer.invoice_settings.default_payment_method;
    const pm = input.defaultPaymentMethod ?? (typeof customerDefault === 'string' ? customerDefault : null);
    if (invoice.status === 'open' && pm && input.paymentBehavior !== 'default_incomplete') {
      try {
        payInvoice(engine, invoice, { paymentMethod: pm, authentication: input.authentication });
      } catch (err) {
        if (!(err instanceof StandinError)) throw err;
        if (input.paymentBehavior === 'error_if_incomplete') {
          // Stripe answers 402 and no subscription exists; its first invoice is voided.
          delete engine.data.subscriptions[sub.id];
          engine.data.counters.subscriptionsCreated -= 1;
          invoice.status = 'void';
          invoice.status_transitions.voided_at = engine.now();
          invoice.amount_remaining = 0;
          engine.touch();
          throw err;
        }
        // allow_incomplete: the subscription is returned `incomplete`; the failure is on its invoice.
      }
    }
    engine.emit('customer.subscription.created', sub);
    return sub;
  } finally {
    subscriptionsBeingCreated.delete(sub.id);
  }
}
