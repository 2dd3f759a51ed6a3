import type { ItemState, ItemStatus } from '../../../shared/contract/schedules';

export type StatusFacts = { state: ItemState; dueDate: string; amount: number; paid: number };

/**
 * The status a person sees. Admin state wins (cancelled, waived), then money (paid in
 * full), then a pause, then dates. `paid` is derived from allocations, never stored.
 */
export function itemStatus(item: StatusFacts, today: string): ItemStatus {
  if (item.state === 'cancelled') return 'cancelled';
  if (item.state === 'waived') return 'waived';
  if (item.paid >= item.amount) return 'paid';
  if (item.state === 'paused') return 'paused';
  if (item.paid > 0) return 'partially_paid';
  return item.dueDate < today ? 'overdue' : 'due';
}

/** What is still owed on an item: nothing once waived or cancelled. */
export function outstandingOf(item: StatusFacts): number {
  if (item.state === 'waived' || item.state === 'cancelled') return 0;
  return Math.max(0, item.amount - item.paid);
}
