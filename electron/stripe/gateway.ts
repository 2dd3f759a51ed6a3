import Stripe from 'stripe';
import type { StripeConfig } from './config';
import { mapStripeError } from './stripeErrors';

/** The one module that talks to Stripe. The rest of the core sees plain data and AppErrors. */
export type StripeGateway = {
  /** A cheap authenticated call: is the key good and Stripe reachable? */
  ping(): Promise<void>;
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

export function createStripeGateway(stripe: Stripe): StripeGateway {
  return {
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
