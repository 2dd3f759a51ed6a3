import { newId } from '../../store/ids';
import type { ItemState, ScheduleItemKind, ScheduleItemView } from '../../../shared/contract/schedules';
import { notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import type { PlannedItem } from './generateSchedule';
import { itemStatus, outstandingOf } from './itemStatus';
import { dayParam } from '../../../shared/errorMessages';
import type { DateParam } from '../../../shared/errorMessages';

export type ItemRow = {
  id: string;
  enrollment_id: string;
  product_id: string;
  payer_id: string;
  seq: number;
  kind: ScheduleItemKind;
  due_date: string;
  original_due_date: string;
  amount: number;
  currency: string;
  state: ItemState;
  state_reason: string | null;
  paused_on: string | null;
  paid: number;
  fee_for_item_id: string | null;
};

/**
 * What has been paid on item `i`, as SQL: the `paid_amount` cache of the item's allocated
 * ledger rows, written in the same transaction as those rows (migration 0003) and proven
 * equal to their sum by `ledger:verify`. A cache, not a second record: it lets status
 * filters stay index ranges over 100k enrollments.
 */
export const paidOf = (alias: string): SqlQuery => sql.raw(`${alias}.paid_amount`);

export type PaidTest = 'any' | 'zero' | 'partial' | 'full' | 'notFull';

/**
 * The filter on what was paid on `i`, or null when it can never hold. Changes together
 * with `paidOf`: tests on the `paid_amount` column of the row already found by the
 * (state, due_date) / (product_id, state, due_date) index ranges, so no allocation is summed.
 */
export function paidTest(test: PaidTest): SqlQuery | null {
  switch (test) {
    case 'any':
      return sql`1 = 1`;
    case 'zero':
      return sql`i.paid_amount = 0`;
    case 'notFull':
      return sql`i.paid_amount < i.amount`;
    case 'partial':
      return sql`i.paid_amount > 0 AND i.paid_amount < i.amount`;
    case 'full':
      return sql`i.paid_amount >= i.amount`;
  }
}

const SELECT_ITEM = sql`SELECT i.id, i.enrollment_id, i.product_id, i.payer_id, i.seq, i.kind, i.due_date, i.original_due_date, i.amount, i.currency,
  i.state, i.state_reason, i.paused_on, ${paidOf('i')} AS paid, i.fee_for_item_id FROM schedule_items i`;

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
    feeForItemId: r.fee_for_item_id,
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

const kindWords: Record<ScheduleItemKind, string> = { full: 'The payment in full', deposit: 'The deposit', installment: 'The installment', period: 'The period', late_fee: 'The late fee' };

/** An item as a person names it in a message ("The installment due 2025-03-01"), never by its id. */
export const itemLabel = (r: { kind: ScheduleItemKind; due_date: string }): string => `${kindWords[r.kind]} due ${r.due_date}`;

/** The same, as a refusal's parameters: the window words the kind in its language (`error.item.*`). */
export const itemWords = (r: { kind: ScheduleItemKind; due_date: string }): { kind: string; due: DateParam } => ({ kind: r.kind, due: dayParam(r.due_date) });
