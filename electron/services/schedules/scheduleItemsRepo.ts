import { newId } from '../../store/ids';
import type { ItemKind } from '../../../shared/contract/plans';
import type { ItemState, ScheduleItemView } from '../../../shared/contract/schedules';
import { notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import type { PlannedItem } from './generateSchedule';
import { itemStatus, outstandingOf } from './itemStatus';

export type ItemRow = {
  id: string;
  enrollment_id: string;
  product_id: string;
  payer_id: string;
  seq: number;
  kind: ItemKind;
  due_date: string;
  original_due_date: string;
  amount: number;
  currency: string;
  state: ItemState;
  state_reason: string | null;
  paused_on: string | null;
  paid: number;
};

/**
 * What has been paid on item `i`, as SQL. Nothing can be paid before the cashier issue
 * adds `allocations`; it then becomes the allocation sum for the item (indexed by item),
 * and every status, balance and filter below follows without a stored running total.
 */
export const paidOf = (_alias: string): SqlQuery => sql.raw('0');

export type PaidTest = 'any' | 'zero' | 'partial' | 'full' | 'notFull';

/**
 * The filter on what was paid on `i`, or null when it can never hold. Changes together
 * with `paidOf`: while nothing can be paid, "zero" and "not in full" always hold and
 * "partly" and "in full" never do, so status filters stay pure index ranges.
 */
export function paidTest(test: PaidTest): SqlQuery | null {
  switch (test) {
    case 'any':
    case 'zero':
    case 'notFull':
      return sql`1 = 1`;
    case 'partial':
    case 'full':
      return null;
  }
}

const SELECT_ITEM = sql`SELECT i.id, i.enrollment_id, i.product_id, i.payer_id, i.seq, i.kind, i.due_date, i.original_due_date, i.amount, i.currency,
  i.state, i.state_reason, i.paused_on, ${paidOf('i')} AS paid FROM schedule_items i`;

export function toItemView(r: ItemRow, today: string): ScheduleItemView {
  const facts = { state: r.state, dueDate: r.due_date, amount: r.amount, paid: r.paid };
  return {
    id: r.id,
    enrollmentId: r.enrollment_id,
    productId: r.product_id,
    payerId: r.payer_id,
    seq: r.seq,
    kind: r.kind,
    dueDate: r.due_date,
    originalDueDate: r.original_due_date,
    amount: r.amount,
    currency: r.currency,
    paid: r.paid,
    outstanding: outstandingOf(facts),
    status: itemStatus(facts, today),
    state: r.state,
    stateReason: r.state_reason,
    pausedOn: r.paused_on,
  };
}

export type NewItemsOwner = { enrollmentId: string; productId: string; payerId: string; currency: string };

export function insertItems(store: Store, owner: NewItemsOwner, items: readonly PlannedItem[], at: Date): void {
  const ts = at.toISOString();
  for (const item of items) {
    store.run(sql`INSERT INTO schedule_items (id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, state, created_at, updated_at)
      VALUES (${newId('itm')}, ${owner.enrollmentId}, ${owner.productId}, ${owner.payerId}, ${item.seq}, ${item.kind}, ${item.dueDate}, ${item.dueDate},
        ${item.amount}, ${owner.currency}, 'open', ${ts}, ${ts})`);
  }
}

export function itemRowsOfEnrollment(store: Store, enrollmentId: string): ItemRow[] {
  return store.all<ItemRow>(sql`${SELECT_ITEM} WHERE i.enrollment_id = ${enrollmentId} ORDER BY i.seq`);
}

export function getItemRow(store: Store, id: string): ItemRow {
  const row = store.get<ItemRow>(sql`${SELECT_ITEM} WHERE i.id = ${id}`);
  if (!row) throw notFound('Schedule item', id);
  return row;
}

export function setItemState(store: Store, id: string, change: { state: ItemState; dueDate: string; reason: string | null; pausedOn: string | null }, at: Date): void {
  store.run(sql`UPDATE schedule_items SET state = ${change.state}, due_date = ${change.dueDate}, state_reason = ${change.reason}, paused_on = ${change.pausedOn},
    updated_at = ${at.toISOString()} WHERE id = ${id}`);
}
