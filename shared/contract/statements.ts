import { z } from 'zod';
import { CurrencyCode, Id, IsoDate } from '../schemas';
import { channel } from './define';
import { StatementLine } from '../documentLines';
import { PayerPageUrl } from './documents';

export const StatementInput = z.strictObject({ payerId: Id, from: IsoDate, to: IsoDate, currency: CurrencyCode.optional() }).refine((i) => i.from <= i.to, { message: 'must not be before the start date', path: ['to'] });

export const StatementView = z.object({
  payer: z.object({ id: z.string(), name: z.string(), studentId: z.string().nullable() }),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  enrollments: z.array(z.object({ id: z.string(), product: z.string(), enrolledOn: z.string(), status: z.string(), total: z.number().int() })),
  /** What was owed before `from` (negative: paid ahead). */
  opening: z.number().int(),
  entries: z.array(z.object({
    date: z.string(),
    kind: z.enum(['charge', 'payment', 'refund']),
    /** What the line is, as data: the window and the PDF word it in the office's language. */
    line: StatementLine,
    /** The same in English (exports, logs). */
    description: z.string(),
    reference: z.string().nullable(),
    charge: z.number().int(),
    payment: z.number().int(),
    balance: z.number().int(),
  })),
  totals: z.object({ charges: z.number().int(), payments: z.number().int() }),
  closing: z.number().int(),
  /** The payer's credit on account in the statement's currency, today. */
  credit: z.number().int(),
});
export type StatementView = z.infer<typeof StatementView>;

export const statementsContract = {
  'statements:get': channel({
    summary: "A payer's account statement for a date range: every charge, payment and refund with a running balance (staff).",
    input: StatementInput,
    output: StatementView,
  }),
  'statements:pdf': channel({
    summary: "The payer's account statement as a PDF, base64-encoded; with payerPageUrl, a QR code of the payer's page (staff).",
    input: z.strictObject({ payerId: Id, from: IsoDate, to: IsoDate, currency: CurrencyCode.optional(), payerPageUrl: PayerPageUrl.optional() }),
    output: z.object({ fileName: z.string(), base64: z.string(), bytes: z.number().int() }),
  }),
};
