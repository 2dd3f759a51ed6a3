import Stripe from 'stripe';
import type { StripeStandin } from './server';

/** The official SDK pointed at a stand-in. No automatic retries, so counts in tests are exact. */
export function stripeFor(standin: Pick<StripeStandin, 'secretKey' | 'host' | 'port'>, config: Stripe.StripeConfig = {}): Stripe {
  return new Stripe(standin.secretKey, { host: standin.host, port: standin.port, protocol: 'http', maxNetworkRetries: 0, ...config });
}
