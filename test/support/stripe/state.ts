import type Stripe from 'stripe';

/** How a test card behaves when charged (after Stripe's `pm_card_*` test payment methods). */
export type CardBehaviour = 'succeed' | 'decline_generic' | 'decline_insufficient_funds' | 'require_authentication';

export type StoredPaymentMethod = {
  id: string;
  behaviour: CardBehaviour;
  brand: string;
  last4: string;
  customer: string | null;
  created: number;
};

export type StoredIdempotentResponse = {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  requestId: string;
  created: number;
};

/** What a checkout session was created with that only matters when it is paid. */
export type CheckoutPlan = {
  lines: { price: string; quantity: number }[];
  paymentIntentMetadata: Record<string, string>;
  paymentIntentDescription: string | null;
  subscriptionMetadata: Record<string, string>;
};

/** Counts of what really happened, so tests can assert "exactly one refund". */
export type Counters = {
  customersCreated: number;
  paymentIntentsCreated: number;
  chargesCreated: number;
  chargesSucceeded: number;
  chargesFailed: number;
  refundsCreated: number;
  invoicesCreated: number;
  invoicesPaid: number;
  subscriptionsCreated: number;
  checkoutSessionsCreated: number;
  eventsCreated: number;
  requests: number;
  idempotentReplays: number;
  /** Keyed by `METHOD /v1/path/:id` with ids replaced. */
  requestsByPath: Record<string, number>;
};

export const emptyCounters = (): Counters => ({
  customersCreated: 0,
  paymentIntentsCreated: 0,
  chargesCreated: 0,
  chargesSucceeded: 0,
  chargesFailed: 0,
  refundsCreated: 0,
  invoicesCreated: 0,
  invoicesPaid: 0,
  subscriptionsCreated: 0,
  checkoutSessionsCreated: 0,
  eventsCreated: 0,
  requests: 0,
  idempotentReplays: 0,
  requestsByPath: {},
});

/**
 * Everything the stand-in knows, as plain JSON-able records keyed by id in creation order
 * (so it can be written to a file and read back by a restarted process).
 */
export type StandinData = {
  customers: Record<string, Stripe.Customer>;
  products: Record<string, Stripe.Product>;
  prices: Record<string, Stripe.Price>;
  paymentMethods: Record<string, StoredPaymentMethod>;
  paymentIntents: Record<string, Stripe.PaymentIntent>;
  charges: Record<string, Stripe.Charge>;
  refunds: Record<string, Stripe.Refund>;
  invoiceItems: Record<string, Stripe.InvoiceItem>;
  invoices: Record<string, Stripe.Invoice>;
  invoicePayments: Record<string, Stripe.InvoicePayment>;
  subscriptions: Record<string, Stripe.Subscription>;
  checkoutSessions: Record<string, Stripe.Checkout.Session>;
  checkoutPlans: Record<string, CheckoutPlan>;
  events: Stripe.Event[];
  idempotency: Record<string, StoredIdempotentResponse>;
  /** Which invoice or checkout session a payment intent pays, so paying it moves the parent too. */
  paymentIntentParents: Record<string, { invoice?: string; checkoutSession?: string }>;
  counters: Counters;
};

export const emptyData = (): StandinData => ({
  customers: {},
  products: {},
  prices: {},
  paymentMethods: {},
  paymentIntents: {},
  charges: {},
  refunds: {},
  invoiceItems: {},
  invoices: {},
  invoicePayments: {},
  subscriptions: {},
  checkoutSessions: {},
  checkoutPlans: {},
  events: [],
  idempotency: {},
  paymentIntentParents: {},
  counters: emptyCounters(),
});

/** A deep copy through JSON: what the wire would carry, and safe from later mutation. */
export const snapshot = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
