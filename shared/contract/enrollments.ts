import { z } from 'zod';
import { Id, IsoDate, RequestId, ShortText } from '../schemas';
import { ProductView } from './catalog';
import { channel } from './define';
import { PayerView } from './payers';
import { Detection, DetectionReason, Discount, PlanView } from './plans';
import { ScheduleItemView } from './schedules';

export const EnrollmentStatus = z.enum(['active', 'cancelled', 'completed']);

export const EnrollmentView = z.object({
  id: z.string(),
  payerId: z.string(),
  productId: z.string(),
  planId: z.string(),
  status: EnrollmentStatus,
  currency: z.string(),
  enrolledOn: z.string(),
  /** Product price (or period amount for a subscription) when the enrollment was made. */
  listPrice: z.number().int(),
  discount: Discount.nullable(),
  /** Total taken off by the discount, over the items generated. */
  discountAmount: z.number().int(),
  /** Sum of the generated items: what is owed before any waiver. */
  totalAmount: z.number().int(),
  openEnded: z.boolean(),
  /** The name of the auto-detect rule that chose the plan; null when the plan was named, or (since reasons are data) when the product's only plan was used. */
  detectedRule: z.string().nullable(),
  /** Why, in English: the stored sentence of an enrollment made before reasons were data, or `detectionReasonWords` in English. */
  detectionReason: z.string().nullable(),
  /** Why, as keys the window words in the office's language; null for an enrollment whose reason was stored as an English sentence. */
  detectionReasonWords: DetectionReason.nullable(),
  createdAt: z.string(),
});
export type EnrollmentView = z.infer<typeof EnrollmentView>;

export const EnrollmentRow = EnrollmentView.extend({ payerName: z.string(), productName: z.string(), planName: z.string() });

/** A payment as the enrollment sees it; the cashier and Stripe issues fill these. */
export const PaymentSummary = z.object({
  id: z.string(),
  receivedAt: z.string(),
  method: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.string(),
  receiptNumber: z.string().nullable(),
  allocations: z.array(z.object({ itemId: z.string(), amount: z.number().int() })),
  /** Credit on account the payment spent on the items beside its own money. */
  creditApplied: z.number().int(),
  /** What the payment left as credit on account (more than was owed). */
  creditCreated: z.number().int(),
});
export const RefundSummary = z.object({
  id: z.string(),
  createdAt: z.string(),
  method: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  /** The refund receipt or credit note it was printed on. */
  receiptNumber: z.string().nullable(),
  /** `enrollment`: released from the paid items; `credit`: paid out of credit on account (the items stay paid). */
  source: z.enum(['enrollment', 'credit']),
  status: z.string(),
});

/** Proposed only: nothing is posted until an admin (or a rule, later) applies it. */
export const LateFeeProposal = z.object({
  itemId: z.string(),
  dueDate: z.string(),
  daysLate: z.number().int(),
  amount: z.number().int(),
  currency: z.string(),
});
export type LateFeeProposal = z.infer<typeof LateFeeProposal>;

export const enrollmentsContract = {
  'enrollments:create': channel({
    summary: 'Enroll a payer in a product with a given or detected plan and generate the schedule.',
    input: z.strictObject({
      requestId: RequestId,
      payerId: Id,
      productId: Id,
      planId: Id.optional(),
      /** Defaults to today. */
      enrollmentDate: IsoDate.optional(),
      discount: Discount.nullable().optional(),
    }),
    output: z.object({
      enrollment: EnrollmentView,
      plan: PlanView,
      items: z.array(ScheduleItemView),
      detection: Detection.nullable(),
      requiresImmediatePayment: z.boolean(),
    }),
  }),
  'enrollments:list': channel({
    summary: 'Enrollments filtered by payer, product and status, newest first.',
    input: z.strictObject({
      payerId: Id.optional(),
      productId: Id.optional(),
      status: EnrollmentStatus.optional(),
      /** The start of the student's name, as typed into the screen's search (case-insensitive). */
      payerQuery: ShortText(100).optional(),
      /** Stop counting at this many: `total` is then at most this (a typed letter can match most of the table). */
      countUpTo: z.number().int().min(1).max(10_000_000).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).max(10_000_000).default(0),
    }),
    output: z.object({ enrollments: z.array(EnrollmentRow), total: z.number().int() }),
  }),
  'enrollments:paymentDetails': channel({
    summary: 'Schedule with statuses, payments, refunds, balance, next due item and proposed late fees.',
    input: z.strictObject({ enrollmentId: Id }),
    output: z.object({
      enrollment: EnrollmentView,
      payer: PayerView,
      product: ProductView,
      plan: PlanView,
      items: z.array(ScheduleItemView),
      payments: z.array(PaymentSummary),
      refunds: z.array(RefundSummary),
      totals: z.object({ scheduled: z.number().int(), paid: z.number().int(), waived: z.number().int(), cancelled: z.number().int() }),
      /**
       * How the payments make Paid: money taken plus credit spent, less what was left as
       * credit on account and what refunds released from the items (voided payments and
       * failed refunds left out). `payments + creditApplied - keptAsCredit - refunded === totals.paid`.
       */
      paidMadeOf: z.object({ payments: z.number().int(), creditApplied: z.number().int(), keptAsCredit: z.number().int(), refunded: z.number().int() }),
      /** The payer's credit on account in the enrollment's currency. */
      creditOnAccount: z.number().int(),
      /** Still owed on items that are neither waived nor cancelled. */
      balance: z.number().int(),
      /** Owed on open items only (paused ones wait): what a payment can pay now; money beyond it is an overpayment. */
      payable: z.number().int(),
      nextDue: ScheduleItemView.nullable(),
      lateFees: z.array(LateFeeProposal),
      asOf: z.string(),
    }),
  }),
};
