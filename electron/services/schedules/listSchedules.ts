import type { ItemState, ItemStatus, ScheduleRow } from '../../../shared/contract/schedules';
import { ItemStatus as ItemStatusSchema } from '../../../shared/contract/schedules';
import { invalid } from '../../core/errors';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import { proposeLateFees } from './lateFees';
import type { ItemRow, PaidTest } from './scheduleItemsRepo';
import { paidOf, paidTest, toItemView } from './scheduleItemsRepo';

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

type DateTest = 'any' | 'past' | 'notPast';
/** One admin state with a test on what was paid and on the due date. */
type Atom = { state: ItemState; paid: PaidTest; date: DateTest };

/** Each status as the admin state(s) it lives in plus what picks it out there. */
function atomsOf(status: ItemStatus): Atom[] {
  switch (status) {
    case 'cancelled':
      return [{ state: 'cancelled', paid: 'any', date: 'any' }];
    case 'waived':
      return [{ state: 'waived', paid: 'any', date: 'any' }];
    case 'paid':
      return [{ state: 'open', paid: 'full', date: 'any' }, { state: 'paused', paid: 'full', date: 'any' }];
    case 'paused':
      return [{ state: 'paused', paid: 'notFull', date: 'any' }];
    case 'partially_paid':
      return [{ state: 'open', paid: 'partial', date: 'any' }];
    case 'overdue':
      return [{ state: 'open', paid: 'zero', date: 'past' }];
    case 'due':
      return [{ state: 'open', paid: 'zero', date: 'notPast' }];
  }
}

/**
 * Drops atoms that cannot match, and merges atoms of the same state and paid test by
 * joining their date tests (due + overdue = any date), so common filters become one
 * index range.
 */
function mergeAtoms(atoms: Atom[]): Atom[] {
  const merged = new Map<string, Atom>();
  for (const a of atoms) {
    if (paidTest(a.paid) === null) continue;
    const key = `${a.state}|${a.paid}`;
    const seen = merged.get(key);
    merged.set(key, seen && seen.date !== a.date ? { ...a, date: 'any' } : a);
  }
  return [...merged.values()];
}

function renderAtom(a: Atom, today: string, withState: boolean): SqlQuery {
  const parts: SqlQuery[] = withState ? [sql`i.state = ${a.state}`] : [];
  const paid = paidTest(a.paid);
  if (paid) parts.push(paid);
  if (a.date === 'past') parts.push(sql`i.due_date < ${today}`);
  if (a.date === 'notPast') parts.push(sql`i.due_date >= ${today}`);
  return sql.join(parts, ' AND ', '1 = 1');
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

function parseCursor(cursor: string): { dueDate: string; rowid: number } {
  const match = /^(\d{4}-\d{2}-\d{2})~(\d{1,15})$/.exec(cursor);
  if (!match) throw invalid('after', 'is not a cursor returned by schedules:list');
  return { dueDate: match[1] ?? '', rowid: Number(match[2]) };
}

/**
 * One page of schedule items with the total count. Every filter is an index range:
 * (state, due_date), (product_id, state, due_date), (payer_id, due_date), due_date or the
 * enrollment's (enrollment_id, seq); pages are ordered by (due_date, rowid), which those
 * indexes already deliver, so no sort of the whole match is needed. The total is the
 * expensive part on large matches; later pages can skip it with `includeTotal: false`.
 */
export function listSchedules(store: Store, f: ScheduleFilter, today: string): SchedulePage {
  if (f.after !== undefined && f.offset > 0) throw invalid('offset', 'must be 0 when paging with after');
  const includeTotal = f.includeTotal ?? true;
  const statuses = wantedStatuses(f);
  const atoms = statuses ? mergeAtoms(statuses.flatMap(atomsOf)) : null;
  if (atoms && atoms.length === 0) return { items: [], total: includeTotal ? 0 : null, limit: f.limit, offset: f.offset, nextCursor: null };

  const base: SqlQuery[] = [];
  if (f.dueFrom) base.push(sql`i.due_date >= ${f.dueFrom}`);
  if (f.dueTo) base.push(sql`i.due_date <= ${f.dueTo}`);
  if (f.productId) base.push(sql`i.product_id = ${f.productId}`);
  if (f.enrollmentId) base.push(sql`i.enrollment_id = ${f.enrollmentId}`);
  if (f.payerId) base.push(sql`i.payer_id = ${f.payerId}`);
  const where = [...base];
  if (atoms) {
    const states = [...new Set(atoms.map((a) => a.state))];
    where.push(states.length === 1 ? sql`i.state = ${states[0] ?? 'open'}` : sql`i.state IN ${sql.in(states)}`);
    // A single atom keeps its date test top-level so the planner uses it as an index range.
    const only = atoms.length === 1 ? atoms[0] : undefined;
    where.push(only ? renderAtom(only, today, false) : sql`(${sql.join(atoms.map((a) => sql`(${renderAtom(a, today, true)})`), ' OR ')})`);
  }
  const clause = sql.join(where, ' AND ', '1 = 1');
  const cursor = f.after !== undefined ? parseCursor(f.after) : null;
  const pageWhere = cursor ? sql`${clause} AND (i.due_date, i.rowid) > (${cursor.dueDate}, ${cursor.rowid})` : clause;

  const rows = store.all<ItemRow & { rid: number; payer_name: string; product_name: string; late_fee_amount: number | null; late_fee_grace_days: number | null }>(sql`
    SELECT page.*, p.name AS payer_name, pr.name AS product_name, pl.late_fee_amount, pl.late_fee_grace_days
    FROM (
      SELECT i.rowid AS rid, i.id, i.enrollment_id, i.product_id, i.payer_id, i.seq, i.kind, i.due_date, i.original_due_date, i.amount, i.currency,
        i.state, i.state_reason, i.paused_on, ${paidOf('i')} AS paid
      FROM schedule_items i WHERE ${pageWhere}
      ORDER BY i.due_date, i.rowid LIMIT ${f.limit} OFFSET ${f.offset}
    ) page
    JOIN payers p ON p.id = page.payer_id
    JOIN products pr ON pr.id = page.product_id
    JOIN enrollments e ON e.id = page.enrollment_id
    JOIN payment_plans pl ON pl.id = e.plan_id
    ORDER BY page.due_date, page.rid`);

  // Atoms are disjoint, so the total is the sum of one index-range count per atom rather
  // than one count that evaluates an OR on every row of the state.
  const countOf = (q: SqlQuery) => store.get<{ n: number }>(sql`SELECT count(*) AS n FROM schedule_items i WHERE ${q}`)?.n ?? 0;
  let total: number | null = null;
  if (includeTotal) {
    total = atoms && atoms.length > 1
      ? atoms.reduce((sum, a) => sum + countOf(sql.join([...base, sql`i.state = ${a.state}`, renderAtom(a, today, false)], ' AND ')), 0)
      : countOf(clause);
  }
  const last = rows.at(-1);
  return {
    items: rows.map((r) => {
      const view = toItemView(r, today);
      const fee = r.late_fee_amount !== null && r.late_fee_grace_days !== null ? { amount: r.late_fee_amount, graceDays: r.late_fee_grace_days } : null;
      const [proposal] = proposeLateFees([view], fee, today);
      return { ...view, payerName: r.payer_name, productName: r.product_name, lateFeeProposed: proposal?.amount ?? null };
    }),
    total,
    limit: f.limit,
    offset: f.offset,
    nextCursor: last && rows.length === f.limit ? `${last.due_date}~${last.rid}` : null,
  };
}
