import { z } from 'zod';
import { Id, RequestId } from '../schemas';
import { channel } from './define';

export const SubscriptionStatus = z.enum(['creating', 'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'paused', 'canceled']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;

export const SubscriptionView = z.object({
  id: z.string(),
  enrollmentId: z.string(),
  subscriptionId: z.string().nullable(),
  status: SubscriptionStatus,
  cancelAtPeriodEnd: z.boolean(),
  /** A fixed-count plan's number of periods; null for open-ended. */
  periods: z.number().int().nullable(),
  /** The first invoice, paid by the student on Stripe's hosted page (copyable link). */
  firstInvoiceId: z.string().nullable(),
  hostedUrl: z.string().nullable(),
});

export const InvoiceStatus = z.enum(['creating', 'open', 'paid', 'void', 'uncollectible']);

export const BillingInvoiceView = z.object({
  id: z.string(),
  source: z.enum(['invoice', 'subscription']),
  enrollmentId: z.string(),
  itemIds: z.array(z.string()),
  amount: z.number().int(),
  currency: z.string(),
  invoiceId: z.string().nullable(),
  hostedUrl: z.string().nullable(),
  status: InvoiceStatus,
  paymentId: z.string().nullable(),
  receiptNumber: z.string().nullable(),
  failureMessage: z.string().nullable(),
  retriesDone: z.number().int(),
  nextRetryAt: z.string().nullable(),
  delinquentAt: z.string().nullable(),
});

export const DelinquentItemView = z.object({
  itemId: z.string(),
  enrollmentId: z.string(),
  payerId: z.string(),
  payerName: z.string(),
  seq: z.number().int(),
  dueDate: z.string(),
  amount: z.number().int(),
  paid: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  since: z.string(),
  invoiceId: z.string().nullable(),
  hostedUrl: z.string().nullable(),
});

export const billingContract = {
  'subscriptions:create': channel({
    summary: 'Starts a Stripe subscription for an enrollment on a subscription plan; the first invoice is a hosted link.',
    input: z.strictObject({ requestId: RequestId, enrollmentId: Id }),
    output: SubscriptionView,
  }),
  'subscriptions:cancel': channel({
    summary: 'Cancels an enrollment’s Stripe subscription now or at the end of the current period (admin).',
    input: z.strictObject({ requestId: RequestId, enrollmentId: Id, atPeriodEnd: z.boolean() }),
    output: SubscriptionView,
  }),
  'invoices:create': channel({
    summary: 'Sends a Stripe invoice for an enrollment’s owed items (default: all); returns the hosted link.',
    input: z.strictObject({
      requestId: RequestId,
      enrollmentId: Id,
      itemIds: z.array(Id).min(1).max(100).optional(),
      daysUntilDue: z.number().int('must be whole days').min(1, 'must be at least 1').max(90, 'must be at most 90').default(14),
    }),
    output: BillingInvoiceView,
  }),
  'invoices:ofEnrollment': channel({
    summary: 'The Stripe subscription and invoices of an enrollment, as the desk knows them.',
    input: z.strictObject({ enrollmentId: Id }),
    output: z.object({ subscription: SubscriptionView.nullable(), invoices: z.array(BillingInvoiceView) }),
  }),
  'schedules:delinquent': channel({
    summary: 'Items whose off-session card payment failed after every retry and are still owed, for follow-up.',
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(200) }),
    output: z.object({ items: z.array(DelinquentItemView) }),
  }),
};
