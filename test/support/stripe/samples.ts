import type Stripe from 'stripe';
import { stripeFor } from './client';
import type { StripeStandin } from './server';

/** One object of every type the stand-in serves, made through the real SDK, keyed like fixtures3.json's `resources`. */
export async function sampleObjects(standin: StripeStandin): Promise<Record<string, object>> {
  const stripe = stripeFor(standin);
  const customer = await stripe.customers.create({ email: 'sample@example.org', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  const product = await stripe.products.create({ name: 'Sample course' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
  const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
  const charge = await stripe.charges.retrieve(String(pi.latest_charge));
  const invoice = await stripe.invoices.create({ customer: customer.id });
  const invoiceItem = await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 1000, currency: 'usd' });
  const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
  const withPayments = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  const session = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Fee' } }, quantity: 1 }] });
  const event = (await stripe.events.list({ limit: 1 })).data[0] as Stripe.Event;
  const item = subscription.items.data[0] as Stripe.SubscriptionItem;
  return {
    customer,
    product,
    price,
    payment_intent: pi,
    charge,
    refund,
    invoiceitem: invoiceItem,
    invoice: finalized,
    line_item: finalized.lines.data[0] as Stripe.InvoiceLineItem,
    invoice_payment: withPayments.payments?.data[0] as Stripe.InvoicePayment,
    subscription,
    subscription_item: item,
    plan: item.plan,
    'checkout.session': session,
    event,
  };
}
