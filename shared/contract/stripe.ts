import { z } from 'zod';
import { RequestId } from '../schemas';
import { channel } from './define';

export const StripeStatusView = z.object({
  configured: z.boolean(),
  source: z.enum(['settings', 'environment']).nullable(),
  keyLast4: z.string().nullable(),
  testMode: z.boolean().nullable(),
  /** Whether secrets are encrypted by the operating system on this machine. */
  secretsEncrypted: z.boolean(),
  /** Only when `check` was asked: did an authenticated call to Stripe succeed? */
  reachable: z.boolean().nullable(),
  message: z.string().nullable(),
});

export const stripeContract = {
  'stripe:status': channel({
    summary: 'Whether Stripe is configured (never the key itself); with check, test the connection.',
    input: z.strictObject({ check: z.boolean().default(false) }),
    output: StripeStatusView,
  }),
  'settings:stripe': channel({
    summary: 'Set or remove the Stripe secret key (admin). Stored encrypted where the OS offers it; never returned.',
    input: z.strictObject({
      requestId: RequestId,
      secretKey: z.string().trim().max(255, { message: 'is too long to be a Stripe secret key', abort: true }).regex(/^(sk|rk)_(live|test)_[A-Za-z0-9_]{8,}$/, 'must be a Stripe secret key (sk_live_…, sk_test_… or rk_…)').nullable(),
    }),
    output: StripeStatusView,
  }),
};
