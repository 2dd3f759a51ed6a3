import type Stripe from 'stripe';
import { newId } from '../ids';

/** Adds whole calendar intervals in UTC, clamping the day like Stripe's billing anchor does. */
export function addInterval(start: number, interval: Stripe.Price.Recurring.Interval, count: number): number {
  const d = new Date(start * 1000);
  if (interval === 'day') return start + count * 86_400;
  if (interval === 'week') return start + count * 7 * 86_400;
  const months = interval === 'year' ? 12 * count : count;
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

/** The legacy `plan` view of a recurring price, still carried on subscription items. */
export function planOf(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring ?? { interval: 'month', interval_count: 1, usage_type: 'licensed' };
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: recurring.usage_type,
  } satisfies Stripe.Plan;
}

export function buildSubscriptionItem(
  subscription: string,
  price: Stripe.Price,
  quantity: number,
  metadata: Record<string, string>,
  created: number,
): Stripe.SubscriptionItem {
  const recurring = price.recurring ?? { interval: 'month', interval_count: 1 };
  return {
    id: newId('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created,
    current_period_end: addInterval(created, recurring.interval, recurring.interval_count),
    current_period_start: created,
    current_trial: null,
    discounts: [],
    metadata,
    plan: planOf(price),
    price,
    quantity,
    subscription,
    tax_rates: [],
  } satisfies Stripe.SubscriptionItem;
}

export function buildSubscription(
  input: {
    id: string;
    customer: string;
    currency: string;
    items: Stripe.SubscriptionItem[];
    collectionMethod: Stripe.Subscription.CollectionMethod;
    daysUntilDue: number | null;
    defaultPaymentMethod: string | null;
    description: string | null;
    metadata: Record<string, string>;
    cancelAtPeriodEnd: boolean;
  },
  created: number,
): Stripe.Subscription {
  return {
    id: input.id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: created,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: input.cancelAtPeriodEnd ? (input.items[0]?.current_period_end ?? null) : null,
    cancel_at_period_end: input.cancelAtPeriodEnd,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: input.collectionMethod,
    created,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: input.daysUntilDue,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: input.items, has_more: false, url: `/v1/subscription_items?subscription=${input.id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: created,
    status: 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: null,
  } satisfies Stripe.Subscription;
}

export const newSubscriptionId = (): string => newId('sub');
