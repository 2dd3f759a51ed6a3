import type { Engine } from './engine';
import { noSuch } from './errors';
import { newId } from './ids';
import type { CardBehaviour, StoredPaymentMethod } from './state';

/** Stripe's test payment method tokens the desk relies on, and how each behaves when charged. */
export const TEST_PAYMENT_METHODS: Record<string, { behaviour: CardBehaviour; brand: string; last4: string }> = {
  pm_card_visa: { behaviour: 'succeed', brand: 'visa', last4: '4242' },
  pm_card_mastercard: { behaviour: 'succeed', brand: 'mastercard', last4: '4444' },
  pm_card_chargeDeclined: { behaviour: 'decline_generic', brand: 'visa', last4: '0002' },
  pm_card_chargeDeclinedInsufficientFunds: { behaviour: 'decline_insufficient_funds', brand: 'visa', last4: '9995' },
  pm_card_authenticationRequired: { behaviour: 'require_authentication', brand: 'visa', last4: '3184' },
};

/**
 * Turns a `pm_card_*` token into a fresh `pm_…` (as Stripe clones test tokens), or finds a stored one.
 * `customer` attaches it, which is what lets it be reused off-session.
 */
export function resolvePaymentMethod(engine: Engine, id: string, param: string, customer: string | null = null): StoredPaymentMethod {
  const stored = engine.data.paymentMethods[id];
  if (stored) {
    if (customer && !stored.customer) stored.customer = customer;
    return stored;
  }
  const test = TEST_PAYMENT_METHODS[id];
  if (!test) throw noSuch('PaymentMethod', id, param);
  const pm: StoredPaymentMethod = { id: newId('pm'), ...test, customer, created: engine.now() };
  engine.data.paymentMethods[pm.id] = pm;
  return pm;
}

const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const SYMBOL: Record<string, string> = { usd: '$', eur: '€', gbp: '£', cad: 'CA$', aud: 'A$' };

/** `$1.00`: amounts in Stripe's messages, from integer minor units without floating point. */
export function formatAmount(amount: number, currency: string): string {
  const symbol = SYMBOL[currency] ?? `${currency.toUpperCase()} `;
  if (ZERO_DECIMAL.has(currency)) return `${symbol}${amount}`;
  const major = Math.trunc(amount / 100);
  const minor = String(Math.abs(amount % 100)).padStart(2, '0');
  return `${symbol}${major}.${minor}`;
}

/** Stripe's minimum charge amounts for the currencies an office is likely to use. */
export const MINIMUM_CHARGE: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, chf: 50, jpy: 50 };
