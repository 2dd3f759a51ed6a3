import Stripe from 'stripe';
import type { StripeConfig } from './config';
import { mapStripeError } from './stripeErrors';

export type IntentView = {
  id: string;
  status: string;
  amount: number;
  amountReceived: number;
  currency: string;
  clientSecret: string | null;
  latestChargeId: string | null;
  failureMessage: string | null;
  metadata: Record<string, string>;
};

export type SubscriptionView = { id: string; status: string; created: number; cancelAtPeriodEnd: boolean; latestInvoiceId: string | null; metadata: Record<string, string> };

export type InvoiceView = {
  id: string;
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  hostedUrl: string | null;
  subscriptionId: string | null;
  metadata: Record<string, string>;
};

export const BILLING_INTERVALS = ['weekly', 'biweekly', 'monthly'] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

export type RefundView = { id: string; status: string; amount: number; currency: string; paymentIntentId: string | null; chargeId: string | null; metadata: Record<string, string> };

/**
 * Every Stripe mutation names its idempotency key, derived from the local operation
 * (`bursar-<op id>-<suffix>`), so a retry after a crash returns the first result.
 */
export type IdempotencyKey = `bursar-${string}`;

/** The one module that talks to Stripe. The rest of the core sees plain data and AppErrors. */
export type StripeGateway = {
  /** A cheap authenticated call: is the key good and Stripe reachable? */
  ping(): Promise<void>;
  /** Reuses the stored customer, else finds one by the payer's id in metadata, else creates one. */
  getOrCreateCustomer(payer: { id: string; name: string; email: string | null; phone: string | null }, storedCustomerId: string | null): Promise<string>;
  createPaymentIntent(args: { key: IdempotencyKey; customerId: string; amount: number; currency: string; description: string; metadata: Record<string, string> }): Promise<IntentView>;
  retrievePaymentIntent(id: string): Promise<IntentView>;
  /** A Stripe-hosted page the student opens on their own device (as a link or QR code). */
  createCheckoutSession(args: { key: IdempotencyKey; customerId: string; amount: number; currency: string; name: string; metadata: Record<string, string>; successUrl: string }): Promise<{ id: string; url: string }>;
  retrieveCheckoutSession(id: string): Promise<{ id: string; status: string | null; paymentIntentId: string | null }>;
  createRefund(args: { key: IdempotencyKey; paymentIntentId: string; amount: number; reason: string; metadata: Record<string, string> }): Promise<RefundView>;
  /** A Stripe Product and recurring Price for a plan's period amount (biweekly = every 2 weeks). */
  ensurePrice(args: { planId: string; name: string; amount: number; currency: string; interval: BillingInterval }): Promise<{ productId: string; priceId: string }>;
  /**
   * A subscription whose first invoice is left open (`default_incomplete`) for the payer to pay
   * on Stripe's hosted page; later periods charge the card saved there, off-session.
   */
  createSubscription(args: { key: IdempotencyKey; customerId: string; priceId: string; metadata: Record<string, string> }): Promise<SubscriptionView>;
  cancelSubscription(args: { key: IdempotencyKey; subscriptionId: string; atPeriodEnd: boolean }): Promise<SubscriptionView>;
  /** Invoice items (one per schedule item) on a `send_invoice` invoice, finalized and sent: a hosted link. */
  createInvoice(args: { key: IdempotencyKey; customerId: string; currency: string; daysUntilDue: number; lines: { itemId: string; amount: number; description: string }[]; metadata: Record<string, string> }): Promise<InvoiceView>;
  retrieveInvoice(id: string): Promise<InvoiceView>;
  /** Charges an open invoice off-session with the customer's saved card (retries after a failure). */
  payInvoice(args: { key: IdempotencyKey; invoiceId: string }): Promise<InvoiceView>;
  /** The payment intents that paid (or try to pay) an invoice, newest first. */
  listInvoicePayments(invoiceId: string): Promise<{ paymentIntentId: string; status: string; amountPaid: number | null }[]>;
  /** Every refund of a charge as Stripe holds it now (a `charge.refunded` event carries only the total), oldest first. */
  listChargeRefunds(chargeId: string): Promise<Stripe.Refund[]>;
  /** Events newer than `afterEventId` (or created since `sinceSeconds` when none), oldest first. */
  eventsAfter(afterEventId: string | null, sinceSeconds: number, pageLimit?: number): Promise<Stripe.Event[]>;
};

export type StripeClientOptions = { timeoutMs?: number };

export function createStripeClient(config: StripeConfig, options: StripeClientOptions = {}): Stripe {
  return new Stripe(config.secretKey, {
    ...config.endpoint,
    // Retries belong to the outbox (with the same idempotency key), not to the SDK.
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 20_000,
    appInfo: { name: 'Bursar' },
  });
}

/** Runs a Stripe call and turns its failure into the core's error (with `retryable`). */
export async function callStripe<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const failure = mapStripeError(e);
    throw Object.assign(failure.error, { retryable: failure.retryable });
  }
}

const intentView = (pi: Stripe.PaymentIntent): IntentView => ({
  id: pi.id,
  status: pi.status,
  amount: pi.amount,
  amountReceived: pi.amount_received,
  currency: pi.currency.toUpperCase(),
  clientSecret: pi.client_secret,
  latestChargeId: typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null),
  failureMessage: pi.last_payment_error?.message ?? null,
  metadata: { ...pi.metadata },
});

const refundView = (r: Stripe.Refund): RefundView => ({
  id: r.id,
  status: r.status ?? 'pending',
  amount: r.amount,
  currency: r.currency.toUpperCase(),
  paymentIntentId: typeof r.payment_intent === 'string' ? r.payment_intent : (r.payment_intent?.id ?? null),
  chargeId: typeof r.charge === 'string' ? r.charge : (r.charge?.id ?? null),
  metadata: { ...r.metadata },
});

const subscriptionView = (sub: Stripe.Subscription): SubscriptionView => ({
  id: sub.id,
  status: sub.status,
  created: sub.created,
  cancelAtPeriodEnd: sub.cancel_at_period_end,
  latestInvoiceId: typeof sub.latest_invoice === 'string' ? sub.latest_invoice : (sub.latest_invoice?.id ?? null),
  metadata: { ...sub.metadata },
});

const invoiceView = (inv: Stripe.Invoice): InvoiceView => {
  const sub = inv.parent?.subscription_details?.subscription;
  return {
    id: inv.id ?? '',
    status: inv.status ?? 'draft',
    amountDue: inv.amount_due,
    amountPaid: inv.amount_paid,
    currency: inv.currency.toUpperCase(),
    hostedUrl: inv.hosted_invoice_url ?? null,
    subscriptionId: typeof sub === 'string' ? sub : (sub?.id ?? null),
    metadata: { ...(inv.metadata ?? {}) },
  };
};

/** Stripe has no "biweekly": it is every 2 weeks. */
const recurringOf = (interval: BillingInterval): { interval: 'week' | 'month'; interval_count: number } =>
  interval === 'monthly' ? { interval: 'month', interval_count: 1 } : { interval: 'week', interval_count: interval === 'biweekly' ? 2 : 1 };

/** Stripe takes lower-case ISO codes; Bursar keeps upper case everywhere else. */
const stripeCurrency = (currency: string): string => currency.toLowerCase();

export function createStripeGateway(stripe: Stripe): StripeGateway {
  return {
    getOrCreateCustomer: (payer, storedCustomerId) =>
      callStripe(async () => {
        if (storedCustomerId) {
          const existing = await stripe.customers.retrieve(storedCustomerId);
          if (!('deleted' in existing && existing.deleted)) return existing.id;
        }
        const found = await stripe.customers.search({ query: `metadata['bursar_payer']:'${payer.id.replace(/'/g, '')}'`, limit: 1 });
        if (found.data[0]) return found.data[0].id;
        const created = await stripe.customers.create(
          { name: payer.name, ...(payer.email ? { email: payer.email } : {}), ...(payer.phone ? { phone: payer.phone } : {}), metadata: { bursar_payer: payer.id } },
          { idempotencyKey: `bursar-customer-${payer.id}` },
        );
        return created.id;
      }),
    createPaymentIntent: (args) =>
      callStripe(async () =>
        intentView(
          await stripe.paymentIntents.create(
            { amount: args.amount, currency: stripeCurrency(args.currency), customer: args.customerId, description: args.description, metadata: args.metadata, automatic_payment_methods: { enabled: true } },
            { idempotencyKey: args.key },
          ),
        ),
      ),
    retrievePaymentIntent: (id) => callStripe(async () => intentView(await stripe.paymentIntents.retrieve(id))),
    createCheckoutSession: (args) =>
      callStripe(async () => {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            customer: args.customerId,
            line_items: [{ quantity: 1, price_data: { currency: stripeCurrency(args.currency), unit_amount: args.amount, product_data: { name: args.name } } }],
            payment_intent_data: { metadata: args.metadata },
            metadata: args.metadata,
            success_url: args.successUrl,
          },
          { idempotencyKey: args.key },
        );
        if (!session.url) throw Object.assign(new Error('Stripe returned a checkout session without a URL'), { type: 'StripeAPIError' });
        return { id: session.id, url: session.url };
      }),
    retrieveCheckoutSession: (id) =>
      callStripe(async () => {
        const session = await stripe.checkout.sessions.retrieve(id);
        const pi = session.payment_intent;
        return { id: session.id, status: session.status, paymentIntentId: typeof pi === 'string' ? pi : (pi?.id ?? null) };
      }),
    createRefund: (args) =>
      callStripe(async () =>
        refundView(
          await stripe.refunds.create(
            { payment_intent: args.paymentIntentId, amount: args.amount, reason: 'requested_by_customer', metadata: { ...args.metadata, bursar_reason: args.reason.slice(0, 400) } },
            { idempotencyKey: args.key },
          ),
        ),
      ),
    ensurePrice: (args) =>
      callStripe(async () => {
        // Keys name what is made, so the same plan amount always reaches the same objects.
        const suffix = `${args.planId}-${args.amount}-${args.currency.toLowerCase()}-${args.interval}`;
        const product = await stripe.products.create({ name: args.name, metadata: { bursar_plan: args.planId } }, { idempotencyKey: `bursar-product-${suffix}` });
        const price = await stripe.prices.create(
          { product: product.id, currency: stripeCurrency(args.currency), unit_amount: args.amount, recurring: recurringOf(args.interval), metadata: { bursar_plan: args.planId } },
          { idempotencyKey: `bursar-price-${suffix}` },
        );
        return { productId: product.id, priceId: price.id };
      }),
    createSubscription: (args) =>
      callStripe(async () =>
        subscriptionView(
          await stripe.subscriptions.create(
            { customer: args.customerId, items: [{ price: args.priceId }], payment_behavior: 'default_incomplete', metadata: args.metadata },
            { idempotencyKey: args.key },
          ),
        ),
      ),
    cancelSubscription: (args) =>
      callStripe(async () => {
        if (args.atPeriodEnd) return subscriptionView(await stripe.subscriptions.update(args.subscriptionId, { cancel_at_period_end: true }, { idempotencyKey: args.key }));
        // Stripe refuses to cancel a canceled subscription: a repeat (a lost answer) reads it instead.
        const current = await stripe.subscriptions.retrieve(args.subscriptionId);
        if (current.status === 'canceled') return subscriptionView(current);
        return subscriptionView(await stripe.subscriptions.cancel(args.subscriptionId, {}, { idempotencyKey: args.key }));
      }),
    createInvoice: (args) =>
      callStripe(async () => {
        const invoice = await stripe.invoices.create(
          { customer: args.customerId, currency: stripeCurrency(args.currency), collection_method: 'send_invoice', days_until_due: args.daysUntilDue, auto_advance: false, metadata: args.metadata },
          { idempotencyKey: `${args.key}-invoice` },
        );
        const id = invoice.id ?? '';
        for (const [n, line] of args.lines.entries()) {
          await stripe.invoiceItems.create(
            { customer: args.customerId, invoice: id, amount: line.amount, currency: stripeCurrency(args.currency), description: line.description, metadata: { bursar_item: line.itemId } },
            { idempotencyKey: `${args.key}-item-${n}` },
          );
        }
        // A replayed run finds the invoice already finalized or sent: read it instead.
        let current = await stripe.invoices.retrieve(id);
        if (current.status === 'draft') current = await stripe.invoices.finalizeInvoice(id, {}, { idempotencyKey: `${args.key}-finalize` });
        if (current.status === 'open') current = await stripe.invoices.sendInvoice(id, {}, { idempotencyKey: `${args.key}-send` });
        return invoiceView(current);
      }),
    retrieveInvoice: (id) => callStripe(async () => invoiceView(await stripe.invoices.retrieve(id))),
    payInvoice: (args) => callStripe(async () => invoiceView(await stripe.invoices.pay(args.invoiceId, { off_session: true }, { idempotencyKey: args.key }))),
    listInvoicePayments: (invoiceId) =>
      callStripe(async () => {
        const page = await stripe.invoicePayments.list({ invoice: invoiceId, limit: 20 });
        return page.data.flatMap((p) => {
          const pi = p.payment.payment_intent;
          const id = typeof pi === 'string' ? pi : pi?.id;
          return id ? [{ paymentIntentId: id, status: p.status, amountPaid: p.amount_paid ?? null }] : [];
        });
      }),
    listChargeRefunds: (chargeId) =>
      callStripe(async () => {
        const collected: Stripe.Refund[] = [];
        for await (const refund of stripe.refunds.list({ charge: chargeId, limit: 100 })) collected.push(refund);
        return collected.reverse();
      }),
    ping: () => callStripe(async () => {
      await stripe.customers.list({ limit: 1 });
    }),
    eventsAfter: (afterEventId, sinceSeconds, pageLimit = 100) =>
      callStripe(async () => {
        const collected: Stripe.Event[] = [];
        if (afterEventId) {
          // Lists are newest first; `ending_before` walks toward newer events one page at a time.
          let cursor = afterEventId;
          for (;;) {
            const page = await stripe.events.list({ ending_before: cursor, limit: pageLimit });
            const first = page.data[0];
            if (!first) break;
            collected.push(...[...page.data].reverse());
            if (!page.has_more) break;
            cursor = first.id;
          }
          return collected;
        }
        for await (const event of stripe.events.list({ created: { gte: sinceSeconds }, limit: pageLimit })) collected.push(event);
        return collected.reverse();
      }),
  };
}
