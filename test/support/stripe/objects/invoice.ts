import Stripe from 'stripe';
import { newId } from '../ids';

export function buildInvoiceItem(
  input: {
    customer: string;
    amount: number;
    currency: string;
    description: string | null;
    quantity: number;
    unitAmount: number;
    price: Stripe.Price | null;
    invoice: string | null;
    subscription: string | null;
    metadata: Record<string, string>;
    period: { start: number; end: number };
  },
  created: number,
): Stripe.InvoiceItem {
  return {
    id: newId('ii'),
    object: 'invoiceitem',
    amount: input.amount,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    date: created,
    description: input.description,
    discountable: true,
    discounts: [],
    invoice: input.invoice,
    livemode: false,
    metadata: input.metadata,
    net_amount: input.amount,
    parent: input.subscription ? { subscription_details: { subscription: input.subscription, subscription_item: undefined }, type: 'subscription_details' } : null,
    period: input.period,
    pricing: {
      price_details: input.price ? { price: input.price.id, product: typeof input.price.product === 'string' ? input.price.product : input.price.product.id } : undefined,
      type: 'price_details',
      unit_amount_decimal: Stripe.Decimal.from(input.unitAmount),
    },
    proration: false,
    quantity: input.quantity,
    quantity_decimal: Stripe.Decimal.from(input.quantity),
    tax_rates: [],
    test_clock: null,
  } satisfies Stripe.InvoiceItem;
}

/** One invoice line. Items on an invoice appear as `line_item`s that point back at the invoice item. */
export function buildLineItem(
  invoiceId: string,
  source:
    | { kind: 'invoice_item'; item: Stripe.InvoiceItem }
    | { kind: 'subscription_item'; subscription: string; subscriptionItem: string; price: Stripe.Price; quantity: number; period: { start: number; end: number }; description: string },
): Stripe.InvoiceLineItem {
  if (source.kind === 'invoice_item') {
    const item = source.item;
    return {
      id: newId('il'),
      object: 'line_item',
      amount: item.amount,
      currency: item.currency,
      description: item.description,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: invoiceId,
      livemode: false,
      metadata: { ...item.metadata },
      parent: {
        invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null },
        subscription_item_details: null,
        type: 'invoice_item_details',
      },
      period: item.period,
      pretax_credit_amounts: [],
      pricing: item.pricing,
      quantity: item.quantity,
      quantity_decimal: item.quantity_decimal,
      subscription: null,
      subtotal: item.amount,
      taxes: [],
    } satisfies Stripe.InvoiceLineItem;
  }
  const amount = (source.price.unit_amount ?? 0) * source.quantity;
  return {
    id: newId('il'),
    object: 'line_item',
    amount,
    currency: source.price.currency,
    description: source.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: source.subscription,
        subscription_item: source.subscriptionItem,
      },
      type: 'subscription_item_details',
    },
    period: source.period,
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: source.price.id, product: typeof source.price.product === 'string' ? source.price.product : source.price.product.id },
      type: 'price_details',
      unit_amount_decimal: Stripe.Decimal.from(source.price.unit_amount ?? 0),
    },
    quantity: source.quantity,
    quantity_decimal: Stripe.Decimal.from(source.quantity),
    subscription: source.subscription,
    subtotal: amount,
    taxes: [],
  } satisfies Stripe.InvoiceLineItem;
}

/** What an invoice is made from, whichever route creates it. */
export type InvoiceInput = {
  customer: Stripe.Customer;
  currency: string;
  collectionMethod: Stripe.Invoice.CollectionMethod;
  daysUntilDue: number | null;
  autoAdvance: boolean;
  description: string | null;
  metadata: Record<string, string>;
  billingReason: Stripe.Invoice.BillingReason;
  subscription: string | null;
  defaultPaymentMethod: string | null;
};

export function buildInvoice(input: InvoiceInput, created: number): Stripe.Invoice {
  const id = newId('in');
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Bursar stand-in',
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: input.autoAdvance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: input.autoAdvance ? created + 3600 : null,
    billing_reason: input.billingReason,
    collection_method: input.collectionMethod,
    created,
    currency: input.currency,
    custom_fields: null,
    customer: input.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: input.customer.email,
    customer_name: input.customer.name ?? null,
    customer_phone: input.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    due_date: input.collectionMethod === 'send_invoice' && input.daysUntilDue !== null ? created + input.daysUntilDue * 86_400 : null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: input.metadata,
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: input.subscription
      ? { quote_details: null, subscription_details: { metadata: null, subscription: input.subscription }, type: 'subscription_details' }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  } satisfies Stripe.Invoice;
}

/** Totals follow the lines; no tax or discounts in the stand-in. */
export function recomputeTotals(invoice: Stripe.Invoice): void {
  const total = invoice.lines.data.reduce((sum, line) => sum + line.amount, 0);
  invoice.subtotal = total;
  invoice.subtotal_excluding_tax = total;
  invoice.total = total;
  invoice.total_excluding_tax = total;
  invoice.amount_due = total;
  invoice.amount_remaining = total - invoice.amount_paid;
}

export function buildInvoicePayment(invoice: Stripe.Invoice, paymentIntent: string, created: number): Stripe.InvoicePayment {
  return {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { payment_intent: paymentIntent, type: 'payment_intent' },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  } satisfies Stripe.InvoicePayment;
}
