import Stripe from 'stripe';
import { newId } from '../ids';

export function buildProduct(
  input: { name: string; description: string | null; active: boolean; metadata: Record<string, string> },
  created: number,
): Stripe.Product {
  return {
    id: newId('prod', 14),
    object: 'product',
    active: input.active,
    created,
    default_price: null,
    description: input.description,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: input.metadata,
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: created,
    url: null,
  } satisfies Stripe.Product;
}

export type RecurringInput = { interval: Stripe.Price.Recurring.Interval; intervalCount: number } | null;

export function buildPrice(
  input: {
    product: string;
    currency: string;
    unitAmount: number;
    recurring: RecurringInput;
    nickname: string | null;
    lookupKey: string | null;
    active: boolean;
    metadata: Record<string, string>;
  },
  created: number,
): Stripe.Price {
  return {
    id: newId('price'),
    object: 'price',
    active: input.active,
    billing_scheme: 'per_unit',
    created,
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookupKey,
    metadata: input.metadata,
    nickname: input.nickname,
    product: input.product,
    recurring: input.recurring
      ? { interval: input.recurring.interval, interval_count: input.recurring.intervalCount, meter: null, trial_period_days: null, usage_type: 'licensed' }
      : null,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring ? 'recurring' : 'one_time',
    unit_amount: input.unitAmount,
    unit_amount_decimal: Stripe.Decimal.from(input.unitAmount),
  } satisfies Stripe.Price;
}
