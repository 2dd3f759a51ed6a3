import { z } from 'zod';
import { Id, PageCursor, RequestId } from '../schemas';
import { channel } from './define';

export const CardRequestView = z.object({
  id: z.string(),
  kind: z.enum(['intent', 'link']),
  enrollmentId: z.string(),
  itemIds: z.array(z.string()),
  amount: z.number().int(),
  currency: z.string(),
  paymentIntentId: z.string().nullable(),
  checkoutSessionId: z.string().nullable(),
  url: z.string().nullable(),
  status: z.enum(['creating', 'open', 'paid', 'failed']),
  failureMessage: z.string().nullable(),
  /** The payment recorded on the desk once Stripe confirmed it. */
  paymentId: z.string().nullable(),
  receiptNumber: z.string().nullable(),
});

const PayTarget = {
  requestId: RequestId,
  enrollmentId: Id,
  /** Which items to pay; default: every item still owed, oldest first. */
  itemIds: z.array(Id).min(1).max(200).optional(),
};

export const cardContract = {
  'card:createIntent': channel({
    summary: 'A Stripe payment intent for an enrollment’s items (client secret for a card form).',
    input: z.strictObject(PayTarget),
    // The intent's client secret stays in the main process: the desk takes card payments
    // through Stripe's hosted page, so no card form in the renderer needs it.
    output: CardRequestView,
  }),
  'card:paymentLink': channel({
    summary: 'A Stripe-hosted payment page for the student’s own device: URL and QR code.',
    input: z.strictObject(PayTarget),
    output: CardRequestView.extend({ qrSvg: z.string() }),
  }),
  'card:intentStatus': channel({
    summary: 'Asks Stripe how a card payment stands and records it on the desk once paid.',
    input: z.strictObject({ cardRequestId: Id }),
    output: CardRequestView,
  }),
};

export const OutboxRowView = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(['pending', 'sending', 'done', 'failed', 'cancelled']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  refundId: z.string().nullable(),
  createdAt: z.string(),
});

export const outboxContract = {
  'outbox:list': channel({
    summary: 'Stripe work queued on this desk, newest first, a page at a time (keyset `cursor`), with a one-line summary ("2 refunds waiting for a connection").',
    input: z.strictObject({
      state: z.enum(['pending', 'sending', 'done', 'failed', 'cancelled']).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      /** The previous page's `nextCursor`, as given: the page after it. */
      cursor: PageCursor.optional(),
    }),
    /** `nextCursor` is null on the last page. */
    output: z.object({ rows: z.array(OutboxRowView), nextCursor: z.string().nullable(), waiting: z.number().int(), summary: z.string() }),
  }),
  'outbox:cancel': channel({
    summary: 'Cancel a queued Stripe refund that was never sent (admin); its amount goes to payer credit.',
    input: z.strictObject({ requestId: RequestId, outboxId: Id, reason: z.string().trim().min(1, 'must not be empty').max(300) }),
    output: OutboxRowView,
  }),
  'outbox:flush': channel({
    summary: 'Send what is due now instead of waiting for the next run.',
    input: z.strictObject({}),
    output: z.object({ attempted: z.number().int(), done: z.number().int(), failed: z.number().int(), retrying: z.number().int() }),
  }),
};
