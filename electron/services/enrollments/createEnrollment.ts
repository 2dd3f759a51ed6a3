import type { Detection, Discount, PlanView } from '../../../shared/contract/plans';
import type { EnrollmentView } from '../../../shared/contract/enrollments';
import type { ScheduleItemView } from '../../../shared/contract/schedules';
import { invalidAs, refuseAs } from '../../core/errors';
import type { HandlerContext } from '../../core/handlers';
import { getPayer } from '../payers/payersRepo';
import { choosePlan } from '../plans/choosePlan';
import { storeReads } from './catalogReads';
import type { CatalogReads } from './catalogReads';
import { officeDate } from '../settings/officeDate';
import { generateSchedule } from '../schedules/generateSchedule';
import { insertItems, itemRowsOfEnrollment, toItemView } from '../schedules/scheduleItemsRepo';
import { getEnrollment, findActiveEnrollmentId, insertEnrollment } from './enrollmentsRepo';

export type EnrollInput = { payerId: string; productId: string; planId?: string | undefined; enrollmentDate?: string | undefined; discount?: Discount | null | undefined };
export type EnrollResult = { enrollment: EnrollmentView; plan: PlanView; items: ScheduleItemView[]; detection: Detection | null; requiresImmediatePayment: boolean };

/**
 * Checks, chooses the plan, generates the schedule and writes the enrollment with its
 * items. Must run inside the caller's transaction (a mutation handler, or the seeder's
 * batch) so a failure part-way leaves nothing behind. `reads` may remember the catalog rows
 * across the enrollments of one transaction (`memoReads`).
 */
export function createEnrollment(ctx: Pick<HandlerContext, 'store' | 'now' | 'session' | 'audit'>, input: EnrollInput, reads: CatalogReads = storeReads(ctx.store)): EnrollResult {
  const { store } = ctx;
  const product = reads.product(input.productId);
  if (!product.active) throw invalidAs('productId', 'enrollment.productInactive', { product: product.name });
  const payer = getPayer(store, input.payerId);
  const existing = findActiveEnrollmentId(store, payer.id, product.id);
  if (existing) throw refuseAs('CONFLICT', 'enrollment.exists', { payer: payer.name, product: product.name }, { enrollmentId: existing });
  const at = ctx.now();
  const enrollmentDate = input.enrollmentDate ?? officeDate(store, at);
  const { plan, detection } = choosePlan(store, product, input.planId, enrollmentDate, reads);
  const discount = input.discount ?? null;
  const schedule = generateSchedule({ price: product.price, terms: plan.terms, discount, enrollmentDate, productStart: product.startDate, currency: product.currency });

  const id = insertEnrollment(store, {
    payerId: payer.id,
    productId: product.id,
    planId: plan.id,
    currency: product.currency,
    enrolledOn: enrollmentDate,
    listPrice: schedule.listPrice,
    discount,
    discountAmount: schedule.discountAmount,
    totalAmount: schedule.total,
    openEnded: schedule.openEnded,
    detection,
    createdBy: ctx.session?.userId ?? null,
  }, at);
  insertItems(store, { enrollmentId: id, productId: product.id, payerId: payer.id, currency: product.currency }, schedule.items, at);
  const enrollment = getEnrollment(store, id);
  const today = officeDate(store, at);
  const items = itemRowsOfEnrollment(store, id).map((r) => toItemView(r, today));
  ctx.audit({
    action: 'enrollment.create',
    entityType: 'enrollment',
    entityId: id,
    after: { ...enrollment, items: items.map((i) => ({ id: i.id, seq: i.seq, kind: i.kind, dueDate: i.dueDate, amount: i.amount })) },
  });
  return { enrollment, plan, items, detection, requiresImmediatePayment: schedule.requiresImmediatePayment };
}
