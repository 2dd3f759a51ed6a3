import { z } from 'zod';
import { Id, IsoDate, RequestId, RequiredText } from '../schemas';
import { channel } from './define';
import { ItemKind } from './plans';

/** What a person sees for an item; derived from admin state, due date and allocated payments. */
export const ItemStatus = z.enum(['due', 'paid', 'partially_paid', 'overdue', 'paused', 'waived', 'cancelled']);
export type ItemStatus = z.infer<typeof ItemStatus>;

/** What an admin set on the item; `open` items take their status from dates and payments. */
export const ItemState = z.enum(['open', 'paused', 'waived', 'cancelled']);
export type ItemState = z.infer<typeof ItemState>;

/** A plan's kinds of item, plus the late fee an admin posts onto a schedule. */
export const ScheduleItemKind = z.enum([...ItemKind.options, 'late_fee']);
export type ScheduleItemKind = z.infer<typeof ScheduleItemKind>;

export const ScheduleItemView = z.object({
  id: z.string(),
  enrollmentId: z.string(),
  productId: z.string(),
  payerId: z.string(),
  seq: z.number().int(),
  kind: ScheduleItemKind,
  dueDate: z.string(),
  originalDueDate: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  paid: z.number().int(),
  outstanding: z.number().int(),
  status: ItemStatus,
  state: ItemState,
  stateReason: z.string().nullable(),
  pausedOn: z.string().nullable(),
  /** On a posted late fee: the overdue item it is for. */
  feeForItemId: z.string().nullable(),
});
export type ScheduleItemView = z.infer<typeof ScheduleItemView>;

export const ScheduleRow = ScheduleItemView.extend({
  payerName: z.string(),
  productName: z.string(),
  /** The plan's late fee once the grace days have passed and none is posted yet; proposed only, never posted by a read. */
  lateFeeProposed: z.number().int().nullable(),
});
export type ScheduleRow = z.infer<typeof ScheduleRow>;

/** One item, or every item of an enrollment. */
export const ScheduleTarget = z.union([
  z.strictObject({ itemId: Id }),
  z.strictObject({ enrollmentId: Id }),
]);

const Changed = z.object({ items: z.array(ScheduleItemView) });

export const schedulesContract = {
  'schedules:list': channel({
    summary: 'Schedule items across enrollments with server-side filters and paging.',
    input: z.strictObject({
      status: z.array(ItemStatus).min(1).max(7).optional(),
      dueFrom: IsoDate.optional(),
      dueTo: IsoDate.optional(),
      productId: Id.optional(),
      enrollmentId: Id.optional(),
      payerId: Id.optional(),
      overdue: z.boolean().optional(),
      paused: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      /** Keyset paging: the previous page's `nextCursor` (then `offset` stays 0). */
      after: z.string().max(40).optional(),
      /** Counting a large match costs more than the page; later pages may skip it. */
      includeTotal: z.boolean().default(true),
    }),
    output: z.object({
      items: z.array(ScheduleRow),
      /** null when `includeTotal` was false. */
      total: z.number().int().nullable(),
      limit: z.number().int(),
      offset: z.number().int(),
      nextCursor: z.string().nullable(),
    }),
  }),
  'schedules:adjust': channel({
    summary: "Move an item's due date (admin; reason required).",
    input: z.strictObject({ requestId: RequestId, itemId: Id, dueDate: IsoDate, reason: RequiredText(500) }),
    output: Changed,
  }),
  'schedules:pause': channel({
    summary: 'Pause one item or every open item of an enrollment (admin).',
    input: z.strictObject({ requestId: RequestId, target: ScheduleTarget, reason: RequiredText(500) }),
    output: Changed,
  }),
  'schedules:resume': channel({
    summary: 'Resume paused items, optionally moving their due dates on by the time they were paused (admin).',
    input: z.strictObject({ requestId: RequestId, target: ScheduleTarget, shiftDates: z.boolean().default(false), reason: RequiredText(500).optional() }),
    output: Changed,
  }),
  'schedules:waive': channel({
    summary: 'Waive an item: it is no longer owed (admin; reason required).',
    input: z.strictObject({ requestId: RequestId, itemId: Id, reason: RequiredText(500) }),
    output: Changed,
  }),
  'schedules:postLateFee': channel({
    summary: "Post the plan's late fee on an item overdue past its grace days, as a new item of the schedule (admin; reason required; one fee per item).",
    input: z.strictObject({ requestId: RequestId, itemId: Id, reason: RequiredText(500) }),
    output: z.object({ fee: ScheduleItemView, item: ScheduleItemView }),
  }),
  'schedules:postDueLateFees': channel({
    summary: "Apply the plans' late-fee rule now: post every late fee proposed today, oldest due first, up to 500 a call (admin; each fee audited with its reason).",
    input: z.strictObject({ requestId: RequestId, reason: RequiredText(500).optional() }),
    output: z.object({
      posted: z.array(z.object({ feeId: z.string(), itemId: z.string(), enrollmentId: z.string(), amount: z.number().int(), currency: z.string(), daysLate: z.number().int() })),
      /** More fees are due than one call posts: call again. */
      more: z.boolean(),
    }),
  }),
};
