import type { SubscriptionStatus } from '../../../shared/contract/billing';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import type { SubscriptionRow } from './billingRepo';

/**
 * How far along a subscription's life a status is. Used only to break ties: two events for
 * one subscription in the same second (Stripe's `created` has one-second resolution) cannot
 * be ordered, and a synchronous handler cannot re-fetch the subscription, so the status
 * further along wins — `canceled` is terminal and nothing in the same second undoes it.
 * The result is the same whatever order the events arrive in.
 */
const RANK: Record<SubscriptionStatus, number> = {
  creating: 0,
  incomplete: 1,
  trialing: 2,
  active: 3,
  past_due: 4,
  unpaid: 5,
  paused: 5,
  incomplete_expired: 6,
  canceled: 7,
};

export const isSubscriptionStatus = (s: unknown): s is SubscriptionStatus => typeof s === 'string' && Object.prototype.hasOwnProperty.call(RANK, s);

/**
 * Sets a subscription's status from Stripe at time `at` (seconds): newer wins; a tie goes to
 * the status further along; an older one is stale. A canceled subscription stays canceled
 * (Stripe never revives one).
 */
export function applySubscriptionStatus(store: Store, row: SubscriptionRow, next: { status: SubscriptionStatus; cancelAtPeriodEnd: boolean; at: number }, now: Date): 'applied' | 'stale' {
  if (row.status === 'canceled' && next.status !== 'canceled') return 'stale';
  if (next.at < row.status_at) return 'stale';
  // Within a tie a pending cancellation is further along than none.
  const score = (status: SubscriptionStatus, atEnd: boolean): number => RANK[status] * 2 + (atEnd ? 1 : 0);
  if (next.at === row.status_at && score(next.status, next.cancelAtPeriodEnd) < score(row.status, row.cancel_at_period_end === 1)) return 'stale';
  store.run(sql`UPDATE stripe_subscriptions SET status = ${next.status}, status_at = ${next.at}, cancel_at_period_end = ${next.cancelAtPeriodEnd ? 1 : 0}, updated_at = ${now.toISOString()} WHERE id = ${row.id}`);
  return 'applied';
}
