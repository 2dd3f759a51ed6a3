import type { ScheduleItemView } from '../../../shared/contract/schedules';
import { invalidAs } from '../../core/errors';
import type { HandlerContext } from '../../core/handlers';
import { getEnrollment } from '../enrollments/enrollmentsRepo';
import { officeDate } from '../settings/officeDate';
import { addDays, daysBetween } from './calendar';
import type { ItemRow } from './scheduleItemsRepo';
import { getItemRow, itemWords, itemRowsOfEnrollment, setItemState, toItemView } from './scheduleItemsRepo';
import { dayParam } from '../../../shared/errorMessages';
import type { AuditAction } from '../../../shared/auditActions';

type Ctx = Pick<HandlerContext, 'store' | 'now' | 'audit'>;
export type Target = { itemId: string } | { enrollmentId: string };

const snapshot = (r: ItemRow) => ({ state: r.state, dueDate: r.due_date, reason: r.state_reason, pausedOn: r.paused_on, amount: r.amount, paid: r.paid });

/** An item an admin may still change: not settled, waived or cancelled. */
function requireChangeable(r: ItemRow, field: string): void {
  if (r.state === 'waived' || r.state === 'cancelled') throw invalidAs(field, 'item.notInState', { ...itemWords(r), state: r.state });
  if (r.paid >= r.amount) throw invalidAs(field, 'item.alreadyPaid', itemWords(r));
}

function apply(ctx: Ctx, r: ItemRow, action: AuditAction, change: { state: ItemRow['state']; dueDate: string; reason: string | null; pausedOn: string | null }): ScheduleItemView {
  const at = ctx.now();
  setItemState(ctx.store, r.id, change, at);
  const after = getItemRow(ctx.store, r.id);
  ctx.audit({ action, entityType: 'schedule_item', entityId: r.id, before: snapshot(r), after: snapshot(after) });
  return toItemView(after, officeDate(ctx.store, at));
}

function targetRows(ctx: Ctx, target: Target, wanted: ItemRow['state'], verb: string): ItemRow[] {
  if ('itemId' in target) {
    const row = getItemRow(ctx.store, target.itemId);
    requireChangeable(row, 'target.itemId');
    if (row.state !== wanted) throw invalidAs('target.itemId', 'item.cannotBe', { ...itemWords(row), state: row.state, verb });
    return [row];
  }
  const enrollment = getEnrollment(ctx.store, target.enrollmentId);
  if (enrollment.status !== 'active') throw invalidAs('target.enrollmentId', 'enrollment.notActive', { status: enrollment.status });
  const rows = itemRowsOfEnrollment(ctx.store, enrollment.id).filter((r) => r.state === wanted && r.paid < r.amount);
  if (rows.length === 0) throw invalidAs('target.enrollmentId', 'item.noneTo', { verb });
  return rows;
}

export function adjustDueDate(ctx: Ctx, itemId: string, dueDate: string, reason: string): ScheduleItemView[] {
  const row = getItemRow(ctx.store, itemId);
  requireChangeable(row, 'itemId');
  if (row.due_date === dueDate) throw invalidAs('dueDate', 'schedule.alreadyDue', { date: dayParam(dueDate) });
  return [apply(ctx, row, 'schedule_item.adjust', { state: row.state, dueDate, reason, pausedOn: row.paused_on })];
}

export function pauseItems(ctx: Ctx, target: Target, reason: string): ScheduleItemView[] {
  const today = officeDate(ctx.store, ctx.now());
  return targetRows(ctx, target, 'open', 'paused').map((r) => apply(ctx, r, 'schedule_item.pause', { state: 'paused', dueDate: r.due_date, reason, pausedOn: today }));
}

/** With `shiftDates`, each item moves on by the days it spent paused, so the payer loses no time. */
export function resumeItems(ctx: Ctx, target: Target, shiftDates: boolean, reason: string | null): ScheduleItemView[] {
  const today = officeDate(ctx.store, ctx.now());
  return targetRows(ctx, target, 'paused', 'resumed').map((r) => {
    const pausedDays = r.paused_on ? Math.max(0, daysBetween(r.paused_on, today)) : 0;
    const dueDate = shiftDates ? addDays(r.due_date, pausedDays) : r.due_date;
    return apply(ctx, r, 'schedule_item.resume', { state: 'open', dueDate, reason, pausedOn: null });
  });
}

export function waiveItem(ctx: Ctx, itemId: string, reason: string): ScheduleItemView[] {
  const row = getItemRow(ctx.store, itemId);
  requireChangeable(row, 'itemId');
  return [apply(ctx, row, 'schedule_item.waive', { state: 'waived', dueDate: row.due_date, reason, pausedOn: null })];
}
