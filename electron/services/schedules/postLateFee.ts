import type { ScheduleItemView } from '../../../shared/contract/schedules';
import { invalidAs } from '../../core/errors';
import type { HandlerContext } from '../../core/handlers';
import { createHash } from 'node:crypto';
import { sql } from '../../store/sql';
import { getEnrollment } from '../enrollments/enrollmentsRepo';
import { getPlan } from '../plans/plansRepo';
import { officeDate } from '../settings/officeDate';
import { proposeLateFees } from './lateFees';
import { getItemRow, itemWords, toItemView } from './scheduleItemsRepo';

type Ctx = Pick<HandlerContext, 'store' | 'now' | 'audit'>;

/**
 * A late fee's id, from the overdue item it is for: two desks of an office that post the fee
 * for one item before either hears of the other's make the same row, and the office keeps one
 * (electron/office/journal/itemPlaces.ts). Shaped like every other item id.
 */
export const lateFeeId = (itemId: string): string => `itm_${createHash('sha256').update(`late_fee\u0000${itemId}`).digest('hex').slice(0, 32)}`;

/**
 * Posts the late fee proposed for `itemId` as a new item of its enrollment: due today, the
 * plan's fee amount in the enrollment's currency, linked to the overdue item, with the
 * admin's reason kept on it. From then on it is owed, paid, waived and reported like any
 * item. Refused unless the same proposal a read would show exists now: so only on an item
 * overdue past the grace days of a plan that has a fee, and at most once per item (the
 * unique index on `fee_for_item_id` holds that even against a racing writer).
 */
export function postLateFee(ctx: Ctx, itemId: string, reason: string): { fee: ScheduleItemView; item: ScheduleItemView } {
  const at = ctx.now();
  const today = officeDate(ctx.store, at);
  const row = getItemRow(ctx.store, itemId);
  if (row.kind === 'late_fee') throw invalidAs('itemId', 'lateFee.onLateFee', itemWords(row));
  const enrollment = getEnrollment(ctx.store, row.enrollment_id);
  if (enrollment.status !== 'active') throw invalidAs('itemId', 'enrollment.notActive', { status: enrollment.status });
  const plan = getPlan(ctx.store, enrollment.planId);
  if (!plan.lateFee) throw invalidAs('itemId', 'lateFee.planHasNone', { plan: plan.name });
  const posted = ctx.store.get<{ id: string }>(sql`SELECT id FROM schedule_items WHERE fee_for_item_id = ${row.id}`);
  if (posted) throw invalidAs('itemId', 'lateFee.alreadyPosted', itemWords(row));

  const view = toItemView(row, today);
  const [proposal] = proposeLateFees([{ ...view, feePosted: false }], plan.lateFee, today);
  if (!proposal) throw invalidAs('itemId', 'lateFee.notOverdue', { ...itemWords(row), days: plan.lateFee.graceDays });

  const seq = (ctx.store.get<{ n: number }>(sql`SELECT max(seq) AS n FROM schedule_items WHERE enrollment_id = ${row.enrollment_id}`)?.n ?? 0) + 1;
  const id = lateFeeId(row.id);
  const ts = at.toISOString();
  ctx.store.run(sql`INSERT INTO schedule_items (id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, state,
      state_reason, created_at, updated_at, fee_for_item_id)
    VALUES (${id}, ${row.enrollment_id}, ${row.product_id}, ${row.payer_id}, ${seq}, 'late_fee', ${today}, ${today}, ${proposal.amount}, ${enrollment.currency}, 'open',
      ${reason}, ${ts}, ${ts}, ${row.id})`);
  const fee = toItemView(getItemRow(ctx.store, id), today);
  ctx.audit({
    action: 'schedule_item.post_late_fee',
    entityType: 'schedule_item',
    entityId: id,
    before: { forItem: { id: row.id, status: view.status, dueDate: row.due_date, daysLate: proposal.daysLate, outstanding: view.outstanding }, fee: null },
    after: { fee: { id, seq, amount: fee.amount, currency: fee.currency, dueDate: today, forItemId: row.id, graceDays: plan.lateFee.graceDays }, reason },
  });
  return { fee, item: view };
}
