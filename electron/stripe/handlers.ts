import { AppError } from '../core/errors';
import { defineHandlers } from '../core/handlers';
import type { HandlerContext } from '../core/handlers';
import { last4 } from '../secrets/secretStore';
import { readSyncState, writeSyncState } from '../sync/syncState';

async function status(ctx: HandlerContext, check: boolean) {
  const config = ctx.services.stripeConfig();
  const base = {
    configured: config !== null,
    source: config?.source ?? null,
    keyLast4: last4(config?.secretKey ?? null),
    testMode: config ? /_test_/.test(config.secretKey) : null,
    secretsEncrypted: ctx.services.secrets.encrypted,
    reachable: null as boolean | null,
    message: config ? null : 'Stripe is not configured: card payments are off; everything else works.',
  };
  if (!check || !config) return base;
  try {
    await ctx.services.stripe()?.ping();
    return { ...base, reachable: true, message: 'Connected to Stripe.' };
  } catch (e) {
    return { ...base, reachable: false, message: e instanceof AppError ? e.message : 'Stripe did not answer.' };
  }
}

export const stripeHandlers = defineHandlers({
  'stripe:status': {
    kind: 'query',
    access: 'staff',
    run: (input, ctx) => status(ctx, input.check),
  },
  'settings:stripe': {
    kind: 'action',
    access: 'admin',
    run: async (input, ctx) => {
      const before = ctx.services.stripeConfig();
      ctx.services.secrets.set('stripe.secretKey', input.secretKey);
      if (input.secretKey && !readSyncState(ctx.store, 'catchup.since')) {
        ctx.store.transaction(() => writeSyncState(ctx.store, 'catchup.since', String(Math.floor(ctx.now().getTime() / 1000))));
      }
      // Only the last four characters ever reach the audit trail.
      ctx.audit({ action: 'settings.stripe', entityType: 'settings', entityId: 'stripe', before: { keyLast4: last4(before?.secretKey ?? null) }, after: { keyLast4: last4(input.secretKey) } });
      return status(ctx, false);
    },
  },
});
