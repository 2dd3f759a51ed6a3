import type { SecretStore } from '../secrets/secretStore';

/** Where the Stripe API is: Stripe itself, or the stand-in server in development and tests. */
export type StripeEndpoint = { host?: string; port?: number; protocol?: 'http' | 'https' };

export type StripeConfig = { secretKey: string; source: 'settings' | 'environment'; endpoint: StripeEndpoint };

/**
 * `STRIPE_SECRET_KEY` and `STRIPE_API_HOST`/`PORT`/`PROTOCOL` win over what an admin saved,
 * for development and tests. No key anywhere means Stripe is not configured.
 */
export function resolveStripeConfig(secrets: SecretStore, env: NodeJS.ProcessEnv, endpoint: StripeEndpoint = {}): StripeConfig | null {
  const fromEnv = env.STRIPE_SECRET_KEY?.trim();
  const saved = secrets.get('stripe.secretKey');
  const secretKey = fromEnv || saved;
  if (!secretKey) return null;
  const port = env.STRIPE_API_PORT ? Number(env.STRIPE_API_PORT) : endpoint.port;
  const protocol = env.STRIPE_API_PROTOCOL === 'http' || env.STRIPE_API_PROTOCOL === 'https' ? env.STRIPE_API_PROTOCOL : endpoint.protocol;
  const host = env.STRIPE_API_HOST || endpoint.host;
  return {
    secretKey,
    source: fromEnv ? 'environment' : 'settings',
    endpoint: { ...(host ? { host } : {}), ...(port ? { port } : {}), ...(protocol ? { protocol } : {}) },
  };
}

/** Stripe secret keys look like `sk_live_…`, `sk_test_…` or restricted `rk_…`. */
export const isStripeSecretKey = (key: string): boolean => /^(sk|rk)_(live|test)_[A-Za-z0-9_]{8,}$/.test(key);
