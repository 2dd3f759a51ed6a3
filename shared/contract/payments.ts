import { z } from 'zod';
import { CurrencyCode, Id, IsoDate, IsoDateTime, PositiveMinor, RequestId, RequiredText, ShortText, WordParams } from '../schemas';
import { channel } from './define';
import { PayerPageUrl } from './documents';

/** How money reached the desk. `card` arrives only from Stripe (webhook apply), never by hand. */
export const PaymentMethod = z.enum(['cash', 'check', 'bank_transfer', 'card_terminal', 'card', 'credit']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;
export const ManualMethod = z.enum(['cash', 'check', 'bank_transfer', 'card_terminal', 'credit']);

export const Allocation = z.object({ itemId: z.string(), seq: z.number().int(), amount: z.number().int() });

export const ReceiptView = z.object({
  id: z.string(),
  number: z.string(),
  deskCode: z.string(),
  status: z.enum(['issued', 'void']),
  issuedAt: z.string(),
  voidedAt: z.string().nullable(),
  paymentId: z.string(),
});
export type ReceiptView = z.infer<typeof ReceiptView>;

export const PaymentView = z.object({
  id: z.string(),
  enrollmentId: z.string(),
  payerId: z.string(),
  payerName: z.string(),
  productName: z.string(),
  method: PaymentMethod,
  /** Money received by the method (for `credit`, the credit applied). */
  amount: z.number().int(),
  currency: z.string(),
  /** Payer credit used on top of the money. */
  creditApplied: z.number().int(),
  /** Overpayment kept as payer credit. */
  creditCreated: z.number().int(),
  tendered: z.number().int().nullable(),
  changeDue: z.number().int().nullable(),
  check: z.object({ number: z.string(), bank: z.string().nullable(), date: z.string().nullable() }).nullable(),
  reference: z.string().nullable(),
  stripePaymentIntentId: z.string().nullable(),
  note: z.string().nullable(),
  receivedAt: z.string(),
  sessionId: z.string().nullable(),
  status: z.enum(['completed', 'voided']),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  allocations: z.array(Allocation),
  receipt: ReceiptView,
});
export type PaymentView = z.infer<typeof PaymentView>;

const CheckDetails = z.strictObject({ number: RequiredText(40), bank: ShortText(120).optional(), date: IsoDate.optional() });

export const RecordManualInput = z.strictObject({
  requestId: RequestId,
  enrollmentId: Id,
  method: ManualMethod,
  amount: PositiveMinor,
  currency: CurrencyCode,
  /** Cash handed over; defaults to the amount. Change due = tendered − amount. */
  tendered: PositiveMinor.optional(),
  check: CheckDetails.optional(),
  /** Bank transfer or card terminal reference. */
  reference: ShortText(120).optional(),
  note: ShortText(500).optional(),
  /** When the money was received (ISO timestamp); defaults to now; never in the future. */
  receivedAt: IsoDateTime.optional(),
  /** Items the cashier picked, in order; without it the oldest due items are paid first. */
  itemIds: z.array(Id).min(1).max(200).optional(),
  /** Spend the payer's credit balance before the money. */
  useCredit: z.boolean().optional(),
});

export const LedgerViolation = z.object({ check: z.string(), entityType: z.string(), entityId: z.string().nullable(), message: z.string() });

export const paymentsContract = {
  'payments:recordManual': channel({
    summary: 'Take a cash, check, bank transfer, card terminal or credit payment with its receipt (staff).',
    input: RecordManualInput,
    output: PaymentView,
  }),
  'payments:void': channel({
    summary: 'Void a manual payment of the still-open drawer session (admin or override).',
    input: z.strictObject({ requestId: RequestId, paymentId: Id, reason: RequiredText(500) }),
    output: PaymentView,
  }),
  'payments:voidable': channel({
    summary: 'Whether each payment can still be voided, and if not why (in words) and whether a refund is the way to correct it (staff).',
    input: z.strictObject({ paymentIds: z.array(Id).min(1).max(200) }),
    // `reason` in English (logs, tests); `key` and `params` let the window word it in the office's language.
    output: z.object({ payments: z.array(z.object({ paymentId: z.string(), voidable: z.boolean(), reason: z.string().nullable(), key: z.string().nullable(), params: WordParams, refund: z.boolean() })) }),
  }),
  'payments:list': channel({
    summary: 'Payments by enrollment, payer, drawer session or receipt number, newest first.',
    input: z.strictObject({
      enrollmentId: Id.optional(),
      payerId: Id.optional(),
      sessionId: Id.optional(),
      receiptNumber: ShortText(40).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).max(10_000_000).default(0),
    }),
    output: z.object({ payments: z.array(PaymentView), total: z.number().int() }),
  }),
  'receipts:get': channel({
    summary: 'A receipt with its payment, by id or number.',
    input: z.union([z.strictObject({ receiptId: Id }), z.strictObject({ number: RequiredText(40) })]),
    output: z.object({ receipt: ReceiptView, payment: PaymentView, officeName: z.string(), locale: z.string() }),
  }),
  'receipts:pdf': channel({
    summary: "The receipt as a PDF made in the core on the office's paper, base64-encoded; with payerPageUrl, a QR code of the payer's page.",
    // One object rather than a union, so a bad payerPageUrl is named as that field.
    input: z
      .strictObject({ receiptId: Id.optional(), number: RequiredText(40).optional(), payerPageUrl: PayerPageUrl.optional() })
      .refine((v) => (v.receiptId === undefined) !== (v.number === undefined), { message: 'give either the receipt or its number', path: ['receiptId'] }),
    output: z.object({ number: z.string(), fileName: z.string(), base64: z.string(), bytes: z.number().int() }),
  }),
  'refundReceipts:pdf': channel({
    summary: "A refund operation's refund receipt or credit note (its own gap-free desk series) as a PDF, base64-encoded.",
    input: z.union([z.strictObject({ operationId: Id }), z.strictObject({ number: RequiredText(40) })]),
    output: z.object({ number: z.string(), kind: z.enum(['refund', 'credit_note']), fileName: z.string(), base64: z.string(), bytes: z.number().int() }),
  }),
  'payers:credit': channel({
    summary: "A payer's credit balance per currency and its movements.",
    input: z.strictObject({ payerId: Id }),
    output: z.object({
      payerId: z.string(),
      balances: z.array(z.object({ currency: z.string(), amount: z.number().int() })),
      movements: z.array(z.object({ at: z.string(), event: z.string(), amount: z.number().int(), currency: z.string(), paymentId: z.string().nullable(), refundId: z.string().nullable() })),
    }),
  }),
  'ledger:verify': channel({
    summary: 'Prove the ledger balances per payment, enrollment, payer, item and drawer session; lists violations.',
    input: z.strictObject({}),
    output: z.object({
      ok: z.boolean(),
      violations: z.array(LedgerViolation),
      checked: z.object({ entries: z.number().int(), payments: z.number().int(), enrollments: z.number().int(), payers: z.number().int(), items: z.number().int(), sessions: z.number().int(), receipts: z.number().int() }),
    }),
  }),
};
