import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import type { PaidTest } from './scheduleItemsRepo';
import { paidTest } from './scheduleItemsRepo';
import type { Atom, DateTest } from './statusAtoms';

/** What narrows a schedules:list match besides the status: each is a column both tables below hold, except enrollment and payer. */
export type ItemRange = {
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  productId?: string | undefined;
  enrollmentId?: string | undefined;
  payerId?: string | undefined;
};

/** The range filters on alias `i` (a schedule_items row, or an item_totals row for the columns it keeps). */
export function rangeFilters(r: ItemRange): SqlQuery[] {
  const parts: SqlQuery[] = [];
  if (r.dueFrom) parts.push(sql`i.due_date >= ${r.dueFrom}`);
  if (r.dueTo) parts.push(sql`i.due_date <= ${r.dueTo}`);
  if (r.productId) parts.push(sql`i.product_id = ${r.productId}`);
  if (r.enrollmentId) parts.push(sql`i.enrollment_id = ${r.enrollmentId}`);
  if (r.payerId) parts.push(sql`i.payer_id = ${r.payerId}`);
  return parts;
}

export function dateTest(test: DateTest, today: string): SqlQuery | null {
  if (test === 'past') return sql`i.due_date < ${today}`;
  if (test === 'notPast') return sql`i.due_date >= ${today}`;
  return null;
}

/** An atom's tests on a schedule_items row `i`, with or without its state (left out when it is already a top-level range). */
export function itemAtomSql(a: Atom, today: string, withState: boolean): SqlQuery {
  const parts: SqlQuery[] = withState ? [sql`i.state = ${a.state}`] : [];
  const paid = paidTest(a.paid);
  if (paid) parts.push(paid);
  const date = dateTest(a.date, today);
  if (date) parts.push(date);
  return sql.join(parts, ' AND ', '1 = 1');
}

/**
 * The paid test as `item_totals` paid classes. Migration 0005 classes an item by
 * paid_amount = 0 → zero, < amount → partial, else full; with paid_amount ≥ 0 and
 * amount > 0 (CHECKs of schedule_items) those are exactly `paidTest`'s zero, partial and full.
 */
function paidClassSql(test: PaidTest): SqlQuery | null {
  switch (test) {
    case 'any':
      return null;
    case 'zero':
      return sql`i.paid_class = 'zero'`;
    case 'partial':
      return sql`i.paid_class = 'partial'`;
    case 'full':
      return sql`i.paid_class = 'full'`;
    case 'notFull':
      return sql`i.paid_class IN ('zero', 'partial')`;
  }
}

/** count(*) over the items themselves: what the summary must equal, and the path for payer and enrollment filters. */
export function countFromItems(store: Store, range: ItemRange, atoms: Atom[] | null, today: string): number {
  const base = rangeFilters(range);
  const countOf = (q: SqlQuery[]) => store.get<{ n: number }>(sql`SELECT count(*) AS n FROM schedule_items i WHERE ${sql.join(q, ' AND ', '1 = 1')}`)?.n ?? 0;
  if (!atoms) return countOf(base);
  // Atoms are disjoint: one index-range count per atom rather than an OR evaluated on every row of a state.
  return atoms.reduce((sum, a) => sum + countOf([...base, sql`i.state = ${a.state}`, itemAtomSql(a, today, false)]), 0);
}

/**
 * The same count read from `item_totals` (migration 0005: items per state, due date,
 * product, currency and paid class, kept by triggers in the same statement as the item
 * and proven equal to a GROUP BY by `verifyReportSummaries`). Each atom is a range of its
 * primary key (state, due_date, …) over at most a few thousand summary rows instead of a
 * walk over every matching item. Only for ranges the summary keys on: not payer or enrollment.
 */
export function countFromSummary(store: Store, range: ItemRange, atoms: Atom[] | null, today: string): number {
  if (range.enrollmentId !== undefined || range.payerId !== undefined) throw new Error('item_totals has no payer or enrollment');
  const base = rangeFilters(range);
  const sumOf = (q: SqlQuery[]) => store.get<{ n: number | null }>(sql`SELECT sum(i.items) AS n FROM item_totals i WHERE ${sql.join(q, ' AND ', '1 = 1')}`)?.n ?? 0;
  if (!atoms) {
    // With a due range, naming every state turns the primary key into four date ranges; without one a scan is cheapest.
    const everyState = range.dueFrom || range.dueTo ? [sql`i.state IN ('open', 'paused', 'waived', 'cancelled')`] : [];
    return sumOf([...everyState, ...base]);
  }
  return atoms.reduce((sum, a) => {
    const parts = [sql`i.state = ${a.state}`, ...base];
    const date = dateTest(a.date, today);
    if (date) parts.push(date);
    const paid = paidClassSql(a.paid);
    if (paid) parts.push(paid);
    return sum + sumOf(parts);
  }, 0);
}

/** The exact number of items a filter matches, from the summary whenever the filter is one it keys on. */
export function countMatching(store: Store, range: ItemRange, atoms: Atom[] | null, today: string): number {
  const summarised = range.enrollmentId === undefined && range.payerId === undefined;
  return summarised ? countFromSummary(store, range, atoms, today) : countFromItems(store, range, atoms, today);
}
