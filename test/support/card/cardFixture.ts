import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { TestCore } from '../core';
import { makeCore, rid } from '../core';
import { startStripeStandin } from '../stripe/server';
import type { StripeStandin } from '../stripe/server';

/** Environment that points a core's Stripe gateway at a stand-in. */
export const standinEnv = (standin: StripeStandin, withKey = true): NodeJS.ProcessEnv => ({
  ...(withKey ? { STRIPE_SECRET_KEY: standin.secretKey } : {}),
  STRIPE_API_HOST: standin.host,
  STRIPE_API_PORT: String(standin.port),
  STRIPE_API_PROTOCOL: 'http',
});

/** A product with a 3-installment plan and a payer enrolled in it. */
export async function enrolled(core: TestCore, price = 90_000): Promise<{ enrollmentId: string; payerId: string; itemIds: string[] }> {
  const product = await core.ok('products:create', { requestId: rid('p'), product: { type: 'course', name: 'Card Course', price, currency: 'USD' } });
  const plan = await core.ok('plans:create', { requestId: rid('pl'), plan: { productId: product.id, name: 'Three', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, firstDue: { rule: 'enrollment_date' }, count: 3, interval: 'monthly' } } });
  const payer = await core.ok('payers:create', { requestId: rid('y'), payer: { name: 'Card Payer', email: 'card.payer@example.org' } });
  const e = await core.ok('enrollments:create', { requestId: rid('e'), payerId: payer.id, productId: product.id, planId: plan.id });
  return { enrollmentId: e.enrollment.id, payerId: payer.id, itemIds: e.items.map((i) => i.id) };
}

export async function makeCardCore(standin: StripeStandin, dataDir?: string): Promise<TestCore> {
  return makeCore({ env: standinEnv(standin), ...(dataDir ? { dataDir } : {}) });
}

/**
 * The hooks of a test file run against the stand-in Stripe: one stand-in for the file
 * (started again if a test stopped it; its data reset between tests when asked) and a fresh
 * card-ready core for each test, disposed after it. `set` hands both to the file's variables.
 */
export function useStandinCore(set: { standin(s: StripeStandin): void; core(c: TestCore): void }, options: { reset?: boolean; prepare?(core: TestCore): void } = {}): void {
  let standin: StripeStandin | undefined;
  let core: TestCore | undefined;
  beforeAll(async () => {
    standin = await startStripeStandin();
    set.standin(standin);
  });
  afterAll(async () => {
    await standin?.stop();
  });
  beforeEach(async () => {
    if (!standin) throw new Error('the stand-in Stripe did not start');
    if (!standin.running()) await standin.start();
    if (options.reset) standin.reset();
    core = await makeCardCore(standin);
    options.prepare?.(core);
    set.core(core);
  });
  afterEach(() => core?.dispose());
}
