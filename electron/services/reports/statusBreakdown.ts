import type { z } from 'zod';
import type { StatusFilters, StatusReport } from '../../../shared/contract/reports';
import type { ItemStatus } from '../../../shared/contract/schedules';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { checkRange } from './dateRange';

/**
 * The status of an `item_totals` row in SQL, decided in the order `itemStatus` uses (admin
 * state, then paid in full, then paused, then partly paid, then the due date): the screens'
 * status, not a second definition. The row's paid class is the item's paid_amount against
 * its amount (migration 0005).
 */
export const statusSql = (today: string) => sql`CASE
    WHEN state = 'cancelled' THEN 'cancelled'
    WHEN state = 'waived' THEN 'waived'
    WHEN paid_class = 'full' THEN 'paid'
    WHEN state = 'paused' THEN 'paused'
    WHEN paid_class = 'partial' THEN 'partially_paid'
    WHEN due_date < ${today} THEN 'overdue'
    ELSE 'due' END`;

/** What is still owed on the summarised items: nothing once waived, cancelled or paid in full (as `outstandingOf`). */
export const OUTSTANDING = sql.raw(`CASE WHEN state IN ('open', 'paused') AND paid_class <> 'full' THEN amount - paid ELSE 0 END`);

const ORDER: ItemStatus[] = ['overdue', 'due', 'partially_paid', 'paid', 'paused', 'waived', 'cancelled'];

/** Statuses an office may look for that this report does not have, each with where to look instead (shown on the screen). */
export const NOT_TRACKED: StatusReport['notTracked'] = [
  { status: 'failed', why: 'A declined card payment leaves its installment due or overdue, so it is counted there.' },
  { status: 'delinquent', why: 'Late installments are counted as overdue here; the Aging report shows how late.' },
];

export function statusBreakdown(store: Store, f: z.output<typeof StatusFilters>, today: string): StatusReport {
  checkRange(f);
  // state IN (...) walks the (state, due_date, …) primary key as four ranges.
  const where = [sql`state IN ('open', 'paused', 'waived', 'cancelled')`, sql`due_date BETWEEN ${f.from} AND ${f.to}`];
  if (f.productId) where.push(sql`product_id = ${f.productId}`);
  if (f.currency) where.push(sql`currency = ${f.currency}`);
  const rows = store.all<{ status: ItemStatus; currency: string; count: number; amount: number; paid: number; outstanding: number }>(sql`SELECT ${statusSql(today)} AS status, currency,
      sum(items) AS count, sum(amount) AS amount, sum(paid) AS paid, sum(${OUTSTANDING}) AS outstanding
    FROM item_totals WHERE ${sql.join(where, ' AND ')} GROUP BY status, currency HAVING sum(items) > 0`);
  rows.sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return { asOf: today, rows, notTracked: NOT_TRACKED };
}
