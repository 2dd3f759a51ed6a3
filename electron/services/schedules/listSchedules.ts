import type { ItemState, ItemStatus, ScheduleRow } from '../../../shared/contract/schedules';
import { ItemStatus as ItemStatusSchema } from '../../../shared/contract/schedules';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import type { ItemRow } from './scheduleItemsRepo';
import { paidOf, toItemView } from './scheduleItemsRepo';

export type ScheduleFilter = {
  status?: ItemStatus[] | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  productId?: string | undefined;
  enrollmentId?: string | undefined;
  payerId?: string | undefined;
  overdue?: boolean | undefined;
  paused?: boolean | undefined;
  limit: number;
  offset: number;
};

/** Each status as the admin state it lives in plus the test that picks it out there. */
function statusBranch(status: ItemStatus, today: string): { states: ItemState[]; test: SqlQuery } {
  const paid = paidOf('i');
  switch (status) {
    case 'cancelled':
      return { states: ['cancelled'], test: sql`1 = 1` };
    case 'waived':
      return { states: ['waived'], test: sql`1 = 1` };
    case 'paid':
      return { states: ['open', 'paused'], test: sql`${paid} >= i.amount` };
    case 'paused':
      return { states: ['paused'], test: sql`${paid} < i.amount` };
    case 'partially_paid':
      return { states: ['open'], test: sql`${paid} > 0 AND ${paid} < i.amount` };
    case 'overdue':
      return { states: ['open'], test: sql`${paid} = 0 AND i.due_date < ${today}` };
    case 'due':
      return { states: ['open'], test: sql`${paid} = 0 AND i.due_date >= ${today}` };
  }
}

/** The statuses asked for, after the `overdue` and `paused` shortcuts narrow them. */
function wantedStatuses(f: ScheduleFilter): ItemStatus[] | null {
  let wanted: ItemStatus[] | null = f.status ? [...new Set(f.status)] : null;
  const narrow = (flag: boolean | undefined, status: ItemStatus) => {
    if (flag === undefined) return;
    const all = wanted ?? [...ItemStatusSchema.options];
    wanted = flag ? all.filter((s) => s === status) : all.filter((s) => s !== status);
  };
  narrow(f.overdue, 'overdue');
  narrow(f.paused, 'paused');
  return wanted;
}

/**
 * One page of schedule items with the total count. Every filter is an index range:
 * (state, due_date), (product_id, state, due_date), (payer_id, due_date) or the
 * enrollment's (enrollment_id, seq); the page is ordered by (due_date, rowid), which
 * the same indexes already deliver, so no sort of the whole match is needed.
 */
export function listSchedules(store: Store, f: ScheduleFilter, today: string): { items: ScheduleRow[]; total: number; limit: number; offset: number } {
  const where: SqlQuery[] = [];
  const statuses = wantedStatuses(f);
  if (statuses && statuses.length === 0) return { items: [], total: 0, limit: f.limit, offset: f.offset };
  if (statuses) {
    const branches = statuses.map((s) => statusBranch(s, today));
    const states = [...new Set(branches.flatMap((b) => b.states))];
    where.push(states.length === 1 ? sql`i.state = ${states[0] ?? 'open'}` : sql`i.state IN ${sql.in(states)}`);
    // A single status keeps its date test top-level so the planner can use it as an index range.
    where.push(branches.length === 1 ? (branches[0]?.test ?? sql`1 = 1`) : sql`(${sql.join(branches.map((b) => sql`(i.state IN ${sql.in(b.states)} AND ${b.test})`), ' OR ')})`);
  }
  if (f.dueFrom) where.push(sql`i.due_date >= ${f.dueFrom}`);
  if (f.dueTo) where.push(sql`i.due_date <= ${f.dueTo}`);
  if (f.productId) where.push(sql`i.product_id = ${f.productId}`);
  if (f.enrollmentId) where.push(sql`i.enrollment_id = ${f.enrollmentId}`);
  if (f.payerId) where.push(sql`i.payer_id = ${f.payerId}`);
  const clause = sql.join(where, ' AND ', '1 = 1');

  const rows = store.all<ItemRow & { payer_name: string; product_name: string }>(sql`
    SELECT page.*, p.name AS payer_name, pr.name AS product_name
    FROM (
      SELECT i.rowid AS rid, i.id, i.enrollment_id, i.product_id, i.payer_id, i.seq, i.kind, i.due_date, i.original_due_date, i.amount, i.currency,
        i.state, i.state_reason, i.paused_on, ${paidOf('i')} AS paid
      FROM schedule_items i WHERE ${clause}
      ORDER BY i.due_date, i.rowid LIMIT ${f.limit} OFFSET ${f.offset}
    ) page
    JOIN payers p ON p.id = page.payer_id
    JOIN products pr ON pr.id = page.product_id
    ORDER BY page.due_date, page.rid`);
  const total = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM schedule_items i WHERE ${clause}`)?.n ?? 0;
  return {
    items: rows.map((r) => ({ ...toItemView(r, today), payerName: r.payer_name, productName: r.product_name })),
    total,
    limit: f.limit,
    offset: f.offset,
  };
}
