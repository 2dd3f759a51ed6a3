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
