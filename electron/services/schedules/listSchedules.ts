import type { ItemStatus, ScheduleRow } from '../../../shared/contract/schedules';
import { invalidAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { proposeLateFees } from './lateFees';
import type { ItemRow } from './scheduleItemsRepo';
import { paidOf, toItemView } from './scheduleItemsRepo';
import { countMatching, itemAtomSql, rangeFilters } from './scheduleTotal';
import { atomsWanted } from './statusAtoms';

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
  /** Keyset cursor from the previous page's `nextCursor`: constant cost however deep. */
  after?: string | undefined;
  includeTotal?: boolean | undefined;
};

export type SchedulePage = { items: ScheduleRow[]; total: number | null; limit: number; offset: number; nextCursor: string | null };

function parseCursor(cursor: string): { dueDate: string; rowid: number } {
  const match = /^(\d{4}-\d{2}-\d{2})~(\d{1,15})$/.exec(cursor);
  if (!match) throw invalidAs('after', 'cursor.stale', {});
  return { dueDate: match[1] ?? '', rowid: Number(match[2]) };
}

/**
 * One page of schedule items with the total count. Every filter is an index range:
 * (state, due_date), (product_id, state, due_date), (payer_id, due_date), due_date or the
 * enrollment's (enrollment_id, seq); pages are ordered by (due_date, rowid), which those
 * indexes already deliver, so no sort of the whole match is needed. The total comes from
 * the `item_totals` summary unless a payer or enrollment narrows the match to a few rows
 * (see `countMatching`); later pages can still skip it with `includeTotal: false`.
 */
export function listSchedules(store: Store, f: ScheduleFilter, today: string): SchedulePage {
  if (f.after !== undefined && f.offset > 0) throw invalidAs('offset', 'paging.offsetWithCursor', {});
  const includeTotal = f.includeTotal ?? true;
  const atoms = atomsWanted(f);
  if (atoms && atoms.length === 0) return { items: [], total: includeTotal ? 0 : null, limit: f.limit, offset: f.offset, nextCursor: null };

  const where = rangeFilters(f);
  if (atoms) {
    const states = [...new Set(atoms.map((a) => a.state))];
    where.push(states.length === 1 ? sql`i.state = ${states[0] ?? 'open'}` : sql`i.state IN ${sql.in(states)}`);
    // A single atom keeps its date test top-level so the planner uses it as an index range.
    const only = atoms.length === 1 ? atoms[0] : undefined;
    where.push(only ? itemAtomSql(only, today, false) : sql`(${sql.join(atoms.map((a) => sql`(${itemAtomSql(a, today, true)})`), ' OR ')})`);
  }
  const clause = sql.join(where, ' AND ', '1 = 1');
  const cursor = f.after !== undefined ? parseCursor(f.after) : null;
  const pageWhere = cursor ? sql`${clause} AND (i.due_date, i.rowid) > (${cursor.dueDate}, ${cursor.rowid})` : clause;

  const rows = store.all<ItemRow & { rid: number; payer_name: string; product_name: string; late_fee_amount: number | null; late_fee_grace_days: number | null; fee_posted: number }>(sql`
    SELECT page.*, p.name AS payer_name, pr.name AS product_name, pl.late_fee_amount, pl.late_fee_grace_days,
      EXISTS (SELECT 1 FROM schedule_items f WHERE f.fee_for_item_id = page.id) AS fee_posted
    FROM (
      SELECT i.rowid AS rid, i.id, i.enrollment_id, i.product_id, i.payer_id, i.seq, i.kind, i.due_date, i.original_due_date, i.amount, i.currency,
        i.state, i.state_reason, i.paused_on, ${paidOf('i')} AS paid, i.fee_for_item_id
      FROM schedule_items i WHERE ${pageWhere}
      ORDER BY i.due_date, i.rowid LIMIT ${f.limit} OFFSET ${f.offset}
    ) page
    JOIN payers p ON p.id = page.payer_id
    JOIN products pr ON pr.id = page.product_id
    JOIN enrollments e ON e.id = page.enrollment_id
    JOIN payment_plans pl ON pl.id = e.plan_id
    ORDER BY page.due_date, page.rid`);

  const total = includeTotal ? countMatching(store, f, atoms, today) : null;
  const last = rows.at(-1);
  return {
    items: rows.map((r) => {
      const view = toItemView(r, today);
      const fee = r.late_fee_amount !== null && r.late_fee_grace_days !== null ? { amount: r.late_fee_amount, graceDays: r.late_fee_grace_days } : null;
      const [proposal] = proposeLateFees([{ ...view, feePosted: r.fee_posted === 1 }], fee, today);
      return { ...view, payerName: r.payer_name, productName: r.product_name, lateFeeProposed: proposal?.amount ?? null };
    }),
    total,
    limit: f.limit,
    offset: f.offset,
    nextCursor: last && rows.length === f.limit ? `${last.due_date}~${last.rid}` : null,
  };
}
