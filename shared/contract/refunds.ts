import { z } from 'zod';
import { CurrencyCode, Id, KeyedWordsSchema, NonNegativeMinor, PositiveMinor, RequestId, RequiredText, ShortText } from '../schemas';
import { channel } from './define';
import { PaymentMethod } from './payments';

export const RefundStatus = z.enum(['pending', 'succeeded', 'failed']);

/** One method of a refund: cash from the drawer, a check, a transfer, the card terminal, Stripe (card) or payer credit. */
export const RefundLineInput = z.strictObject({
  method: PaymentMethod,
  amount: PositiveMinor,
  /** The original payment the money goes back to (required for card and card_terminal). */
  paymentId: Id.optional(),
  checkNumber: RequiredText(40).optional(),
  reference: ShortText(120).optional(),
  /** Pays out the payer's credit on account rather than releasing paid items (refunds:create only). */
  fromCredit: z.boolean().optional(),
});
export type RefundLineInput = z.infer<typeof RefundLineInput>;

export const ProposedLine = z.object({
  method: PaymentMethod,
  amount: z.number().int(),
  paymentId: z.string().nullable(),
  /** What the admin still has to supply before confirming (a check number). */
  needs: z.array(z.string()),
  /** The line pays out credit on account; the enrollment's paid items stay paid. */
  fromCredit: z.boolean().optional(),
});

export const RefundProposal = z.object({
  currency: z.string(),
  /** Net paid on the enrollment's items (allocations after earlier refunds and voids). */
  paid: z.number().int(),
  proposed: z.number().int(),
  /** Deposit kept because the plan marks it non-refundable. */
  keptDeposit: z.number().int(),
  /** Paid late fees kept: a late fee, once paid, is not refunded by the policy (an admin may override the amount). */
  keptLateFees: z.number().int(),
  policy: z.enum(['prorata', 'full', 'none', 'goodwill']),
  /** How the figure was reached, in English (the cancellation keeps this sentence; logs and exports read it). */
  basis: z.string(),
  /** The same as a key and its parameters (shared/errorMessages.ts `refundBasis.*`): the window words it in the office's language, dates and amounts in its locale. */
  basisWords: KeyedWordsSchema,
  split: z.array(ProposedLine),
  /** A refund without cancelling: how much is paid out of the payer's credit on account (offered first)… */
  fromCredit: z.number().int().optional(),
  /** …and how much is released from the enrollment's paid items. */
  fromPaid: z.number().int().optional(),
  /** The payer's credit on account in the enrollment's currency before the refund. */
  creditOnAccount: z.number().int().optional(),
});
export type RefundProposal = z.infer<typeof RefundProposal>;

export const RefundView = z.object({
  id: z.string(),
  operationId: z.string(),
  cancellationId: z.string().nullable(),
  enrollmentId: z.string().nullable(),
  payerId: z.string(),
  paymentId: z.string().nullable(),
  method: PaymentMethod,
  amount: z.number().int(),
  currency: z.string(),
  source: z.enum(['enrollment', 'credit']),
  status: RefundStatus,
  reason: z.string(),
  checkNumber: z.string().nullable(),
  reference: z.string().nullable(),
  sessionId: z.string().nullable(),
  stripeRefundId: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAt: z.string(),
  /** The refund receipt or credit note of the refund's operation (DESK1-R000001). */
  receiptNumber: z.string().nullable(),
});
export type RefundView = z.infer<typeof RefundView>;

const Decision = {
  /** Overrides the proposed total; needs `overrideReason` when it differs from the proposal. */
  amount: NonNegativeMinor.optional(),
  overrideReason: RequiredText(500).optional(),
  /** Explicit split; without it the proposal's split is used (scaled to `amount`). */
  split: z.array(RefundLineInput).min(1).max(50).optional(),
  /** Leave the whole refund as payer credit instead of paying it out. */
  toCredit: z.boolean().optional(),
};

const RefundResult = z.object({
  preview: z.boolean(),
  proposal: RefundProposal,
  operationId: z.string().nullable(),
  refunds: z.array(RefundView),
});

export const refundsContract = {
  'enrollments:cancel': channel({
    summary: 'Cancel an enrollment with the refund proposed by the product policy; `preview` writes nothing (admin).',
    input: z.strictObject({ requestId: RequestId, enrollmentId: Id, reason: RequiredText(500), preview: z.boolean().default(false), ...Decision }),
    output: RefundResult.extend({ cancellationId: z.string().nullable(), cancelledItemIds: z.array(z.string()) }),
  }),
  'refunds:create': channel({
    summary: 'Refund part of what was paid on an enrollment, or a payer credit balance, split by method (admin).',
    input: z.strictObject({
      requestId: RequestId,
      from: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('enrollment'), enrollmentId: Id }),
        z.strictObject({ kind: z.literal('credit'), payerId: Id, currency: CurrencyCode }),
      ]),
      amount: PositiveMinor,
      reason: RequiredText(500),
      preview: z.boolean().default(false),
      split: Decision.split,
      toCredit: Decision.toCredit,
      /** From an enrollment: pay out the payer's credit on account before releasing paid items (the default). */
      useCredit: z.boolean().optional(),
    }),
    output: RefundResult,
  }),
  'refunds:list': channel({
    summary: 'Refunds by enrollment, payer or status, newest first.',
    input: z.strictObject({
      enrollmentId: Id.optional(),
      payerId: Id.optional(),
      status: RefundStatus.optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).max(10_000_000).default(0),
    }),
    output: z.object({ refunds: z.array(RefundView), total: z.number().int() }),
  }),
};
