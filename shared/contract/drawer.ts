import { z } from 'zod';
import { Id, NonNegativeMinor, PositiveMinor, RequestId, RequiredText, ShortText } from '../schemas';
import { channel } from './define';
import { PaymentMethod } from './payments';

export const DrawerSessionView = z.object({
  id: z.string(),
  deskCode: z.string(),
  currency: z.string(),
  status: z.enum(['open', 'closed']),
  openingFloat: z.number().int(),
  openedBy: z.string().nullable(),
  openedAt: z.string(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Float + cash in − cash out, from the ledger (live while open). */
  expectedCash: z.number().int(),
  countedCash: z.number().int().nullable(),
  /** counted − expected: negative is short. */
  overShort: z.number().int().nullable(),
  closeNote: z.string().nullable(),
  zNumber: z.number().int().nullable(),
  depositId: z.string().nullable(),
});
export type DrawerSessionView = z.infer<typeof DrawerSessionView>;

/** Denomination in minor units → how many were counted. */
const Denominations = z.array(z.strictObject({ value: PositiveMinor, count: z.number().int().min(0).max(1_000_000) })).max(40);

export const ZReport = z.object({
  zNumber: z.number().int(),
  title: z.string(),
  session: DrawerSessionView,
  totalsByMethod: z.array(z.object({ method: PaymentMethod, count: z.number().int(), amount: z.number().int() })),
  paymentCount: z.number().int(),
  paymentTotal: z.number().int(),
  voids: z.object({ count: z.number().int(), amount: z.number().int() }),
  refunds: z.array(z.object({ method: PaymentMethod, count: z.number().int(), amount: z.number().int() })),
  paidIn: z.number().int(),
  paidOut: z.number().int(),
  checks: z.array(z.object({ paymentId: z.string(), number: z.string(), bank: z.string().nullable(), amount: z.number().int(), payerName: z.string(), receiptNumber: z.string() })),
  denominations: z.array(z.object({ value: z.number().int(), count: z.number().int() })).nullable(),
});

/** A drawer session's cash movements; `lines` add up to `expectedCash`. */
export const DrawerMovements = z.object({
  sessionId: z.string(),
  currency: z.string(),
  /** Float, cash payments, voided cash payments, cash refunds, paid in, paid out: signed, as they move the cash. */
  lines: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number().int(), amount: z.number().int() })),
  expectedCash: z.number().int(),
  moves: z.array(z.object({ id: z.string(), kind: z.enum(['paid_in', 'paid_out']), amount: z.number().int(), reason: z.string(), at: z.string(), byName: z.string().nullable() })),
  /** Refunds tied to the session (cash from the drawer, and other methods made while it was open). */
  refunds: z.array(z.object({ id: z.string(), method: PaymentMethod, amount: z.number().int(), reason: z.string(), at: z.string(), payerName: z.string(), receiptNumber: z.string().nullable() })),
});

const PdfFile = z.object({ number: z.string(), fileName: z.string(), base64: z.string(), bytes: z.number().int() });

export const DepositView = z.object({
  id: z.string(),
  slipNumber: z.string(),
  deskCode: z.string(),
  currency: z.string(),
  cashAmount: z.number().int(),
  checkAmount: z.number().int(),
  checkCount: z.number().int(),
  total: z.number().int(),
  /** Counted cash left in the drawer as the next opening's float (the bank gets `cashAmount`). */
  floatKept: z.number().int(),
  status: z.enum(['prepared', 'deposited']),
  bankReference: z.string().nullable(),
  sessionIds: z.array(z.string()),
  createdAt: z.string(),
  depositedAt: z.string().nullable(),
});

/** A closed drawer session whose cash and checks are not in a bank deposit yet. */
export const DepositableSession = z.object({
  id: z.string(),
  deskCode: z.string(),
  currency: z.string(),
  zNumber: z.number().int(),
  openedAt: z.string(),
  closedAt: z.string(),
  /** The cash counted at close: what goes to the bank. */
  countedCash: z.number().int(),
  checkCount: z.number().int(),
  checkAmount: z.number().int(),
});

export const drawerContract = {
  'drawer:open': channel({
    summary: 'Open the desk drawer with a counted float (staff).',
    input: z.strictObject({ requestId: RequestId, openingFloat: NonNegativeMinor }),
    output: DrawerSessionView,
  }),
  'drawer:current': channel({
    summary: "This desk's open drawer session, if any, with its live expected cash.",
    input: z.strictObject({}),
    output: z.object({
      session: DrawerSessionView.nullable(),
      /** With the drawer closed: the float the last deposit kept in it, for the next opening to count. */
      carriedFloat: z.object({ amount: z.number().int(), currency: z.string(), slipNumber: z.string() }).nullable(),
    }),
  }),
  'drawer:move': channel({
    summary: 'Paid-in or paid-out cash with a reason (staff).',
    input: z.strictObject({ requestId: RequestId, kind: z.enum(['paid_in', 'paid_out']), amount: PositiveMinor, reason: RequiredText(500) }),
    output: z.object({ id: z.string(), session: DrawerSessionView }),
  }),
  'drawer:close': channel({
    summary: 'Close the drawer with the counted cash: expected vs counted, over/short (staff).',
    input: z.strictObject({ requestId: RequestId, countedCash: NonNegativeMinor, denominations: Denominations.optional(), note: ShortText(500).optional() }),
    output: z.object({ session: DrawerSessionView, zNumber: z.number().int() }),
  }),
  'drawer:zReport': channel({
    summary: 'The numbered Z report of a closed session.',
    input: z.strictObject({ sessionId: Id }),
    output: ZReport,
  }),
  'drawer:movements': channel({
    summary: "A drawer session's cash movements (float, cash payments, voids, cash refunds, paid in and out) adding up to its expected cash (staff).",
    input: z.strictObject({ sessionId: Id }),
    output: DrawerMovements,
  }),
  'drawer:zReportPdf': channel({
    summary: "The Z report of a closed session as a PDF on the office's paper, base64-encoded (staff).",
    input: z.strictObject({ sessionId: Id }),
    output: PdfFile,
  }),
  'deposits:create': channel({
    summary: 'Group the cash and checks of closed sessions into a bank deposit with a slip number (staff).',
    input: z.strictObject({ requestId: RequestId, sessionIds: z.array(Id).min(1).max(200), slipNumber: RequiredText(40).optional(), keepFloat: NonNegativeMinor.optional() }),
    output: DepositView,
  }),
  'deposits:slipPdf': channel({
    summary: 'A bank deposit slip as a PDF: slip number, each session cash and check line, the totals (staff).',
    input: z.strictObject({ depositId: Id }),
    output: PdfFile,
  }),
  'deposits:sessions': channel({
    summary: 'Closed drawer sessions not yet in a deposit, oldest first, with their counted cash and checks (staff).',
    input: z.strictObject({}),
    output: z.object({ sessions: z.array(DepositableSession) }),
  }),
  'deposits:list': channel({
    summary: 'Bank deposits, newest first, optionally only prepared or only deposited ones (staff).',
    input: z.strictObject({
      status: z.enum(['prepared', 'deposited']).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).max(10_000_000).default(0),
    }),
    output: z.object({ deposits: z.array(DepositView), total: z.number().int() }),
  }),
  'deposits:markDeposited': channel({
    summary: 'Mark a deposit as taken to the bank (staff).',
    input: z.strictObject({ requestId: RequestId, depositId: Id, bankReference: ShortText(120).optional() }),
    output: DepositView,
  }),
};
