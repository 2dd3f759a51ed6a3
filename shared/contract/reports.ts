import { z } from 'zod';
import { CurrencyCode, Id, IsoDate, KeyedWordsSchema, ShortText } from '../schemas';
import { JobStatus } from './data';
import { channel } from './define';
import { PaymentMethod } from './payments';
import { ItemStatus } from './schedules';
import { ExportFile, ExportFileInput, ExportTableInput } from './tableExport';

const Minor = z.number().int();
const Count = z.number().int().min(0);

/** A date range, both ends included (UTC days, as the ledger's timestamps). */
const Range = { from: IsoDate, to: IsoDate };

export const Granularity = z.enum(['day', 'week', 'month']);
export type Granularity = z.infer<typeof Granularity>;

export const RevenueFilters = z.strictObject({
  ...Range,
  granularity: Granularity.default('day'),
  method: PaymentMethod.optional(),
  productId: Id.optional(),
  currency: CurrencyCode.optional(),
});
export const RevenueRow = z.object({
  /** First day of the period: the day, the Monday of the week, or the 1st of the month. */
  period: z.string(),
  currency: z.string(),
  method: z.string(),
  gross: Minor,
  voided: Minor,
  refunded: Minor,
  net: Minor,
  payments: Count,
  voids: Count,
  refunds: Count,
});
export const CurrencyTotals = z.object({ currency: z.string(), gross: Minor, voided: Minor, refunded: Minor, net: Minor });
export const RevenueReport = z.object({ granularity: Granularity, rows: z.array(RevenueRow), totals: z.array(CurrencyTotals) });
export type RevenueReport = z.infer<typeof RevenueReport>;

export const StatusFilters = z.strictObject({ ...Range, productId: Id.optional(), currency: CurrencyCode.optional() });
export const StatusRow = z.object({ status: ItemStatus, currency: z.string(), count: Count, amount: Minor, paid: Minor, outstanding: Minor });
export const StatusReport = z.object({
  asOf: z.string(),
  rows: z.array(StatusRow),
  /** Statuses the issue names that this data model does not have (said, not silently dropped). */
  notTracked: z.array(z.object({ status: z.string(), why: z.string() })),
});
export type StatusReport = z.infer<typeof StatusReport>;

export const ProductFilters = z.strictObject({ ...Range, productId: Id.optional(), currency: CurrencyCode.optional() });
export const ProductRow = z.object({
  productId: z.string(),
  productName: z.string(),
  currency: z.string(),
  /** Enrollments made in the range, and how many of them are cancelled now. */
  enrollments: Count,
  cancellations: Count,
  /** Items due in the range (not waived or cancelled), what is still owed on them. */
  expected: Minor,
  outstanding: Minor,
  /** Money in the range: received − voided, and refunded. */
  collected: Minor,
  refunded: Minor,
  /** refunded / collected in basis points (10000 = 100 %), rounded half up; null with nothing collected. */
  refundRateBp: z.number().int().nullable(),
});
export const ProductReport = z.object({ rows: z.array(ProductRow) });
export type ProductReport = z.infer<typeof ProductReport>;

export const AgingFilters = z.strictObject({
  productId: Id.optional(),
  currency: CurrencyCode.optional(),
  /** How many payers to list (largest balance first); totals always cover everyone. */
  limit: z.number().int().min(1).max(100_000).default(100),
});
export const AgingBuckets = { current: Minor, d1to30: Minor, d31to60: Minor, d61to90: Minor, d90plus: Minor, total: Minor };
export const AgingPayerRow = z.object({ payerId: z.string(), payerName: z.string(), currency: z.string(), ...AgingBuckets });
export const AgingReport = z.object({
  asOf: z.string(),
  totals: z.array(z.object({ currency: z.string(), ...AgingBuckets })),
  payers: z.array(AgingPayerRow),
  payerCount: Count,
});
export type AgingReport = z.infer<typeof AgingReport>;

export const DeskFilters = z.strictObject({ ...Range, deskCode: ShortText(20).optional(), currency: CurrencyCode.optional() });
export const DrawerSessionRow = z.object({
  sessionId: z.string(),
  deskCode: z.string(),
  currency: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  zNumber: z.number().int().nullable(),
  openingFloat: Minor,
  cashIn: Minor,
  cashOut: Minor,
  paidIn: Minor,
  paidOut: Minor,
  /** Σ of the session's drawer ledger rows. */
  expected: Minor,
  counted: Minor.nullable(),
  overShort: Minor.nullable(),
  depositSlip: z.string().nullable(),
});
export const DrawerSessionsReport = z.object({ rows: z.array(DrawerSessionRow) });
export type DrawerSessionsReport = z.infer<typeof DrawerSessionsReport>;

export const DepositRow = z.object({
  depositId: z.string(),
  slipNumber: z.string(),
  deskCode: z.string(),
  currency: z.string(),
  status: z.enum(['prepared', 'deposited']),
  createdAt: z.string(),
  depositedAt: z.string().nullable(),
  sessions: Count,
  cashAmount: Minor,
  checkAmount: Minor,
  checkCount: Count,
  total: Minor,
  bankReference: z.string().nullable(),
});
export const DepositsReport = z.object({ rows: z.array(DepositRow) });
export type DepositsReport = z.infer<typeof DepositsReport>;

export const DashboardStats = z.object({
  today: z.string(),
  /** `payments` counts every payment taken today, `voids` those voided since: kept = payments − voids, as a Z report counts them. */
  takings: z.array(z.object({ currency: z.string(), method: z.string(), gross: Minor, voided: Minor, refunded: Minor, net: Minor, payments: Count, voids: Count })),
  dueToday: z.array(z.object({ currency: z.string(), count: Count, amount: Minor })),
  overdue: z.array(z.object({ currency: z.string(), count: Count, amount: Minor })),
  drawer: z.object({ sessionId: z.string(), deskCode: z.string(), currency: z.string(), openedAt: z.string(), expectedCash: Minor }).nullable(),
  outboxPending: Count,
  sync: z.object({ relayConfigured: z.boolean(), online: z.boolean(), running: z.boolean(), lastSyncAt: z.string().nullable(), lastError: z.string().nullable(), lastErrorWords: KeyedWordsSchema.nullable(), eventsWaiting: z.boolean() }),
});
export type DashboardStats = z.infer<typeof DashboardStats>;

/** Which report to export, with the same filters its channel takes. */
export const ReportRequest = z.discriminatedUnion('report', [
  z.strictObject({ report: z.literal('revenue'), filters: RevenueFilters }),
  z.strictObject({ report: z.literal('statusBreakdown'), filters: StatusFilters }),
  z.strictObject({ report: z.literal('productPerformance'), filters: ProductFilters }),
  z.strictObject({ report: z.literal('aging'), filters: AgingFilters }),
  z.strictObject({ report: z.literal('drawerSessions'), filters: DeskFilters }),
  z.strictObject({ report: z.literal('deposits'), filters: DeskFilters }),
]);
export type ReportRequest = z.infer<typeof ReportRequest>;
export type ReportName = ReportRequest['report'];

export const ExportAnswer = z.discriminatedUnion('kind', [
  /** The CSV itself, for a download in the window (small and medium reports). */
  z.object({ kind: z.literal('text'), fileName: z.string(), csv: z.string(), rows: Count }),
  /** A file written into the folder by a job (poll jobs:status; cancel removes the file). */
  z.object({ kind: z.literal('job'), fileName: z.string(), job: JobStatus }),
]);

export const reportsContract = {
  'reports:revenue': channel({ summary: 'Money collected per period, method and currency: gross, voided, refunded, net (admin).', input: RevenueFilters, output: RevenueReport }),
  'reports:statusBreakdown': channel({ summary: 'Schedule items due in a range, counted and summed by status and currency (admin).', input: StatusFilters, output: StatusReport }),
  'reports:productPerformance': channel({ summary: 'Per product and currency: enrollments, expected, collected, outstanding, refunded, refund rate, cancellations (admin).', input: ProductFilters, output: ProductReport }),
  'reports:aging': channel({ summary: 'What is owed today by days overdue, per payer and in total (admin).', input: AgingFilters, output: AgingReport }),
  'reports:drawerSessions': channel({ summary: 'Drawer sessions opened in a range with their cash from the ledger (admin).', input: DeskFilters, output: DrawerSessionsReport }),
  'reports:deposits': channel({ summary: 'Bank deposits prepared in a range (admin).', input: DeskFilters, output: DepositsReport }),
  'reports:export': channel({
    summary: 'A report as CSV: returned as text, or written into a folder by a job (admin).',
    input: z.strictObject({
      request: ReportRequest,
      /** Write a UTF-8 byte-order mark so spreadsheet programs detect the encoding. */
      bom: z.boolean().default(false),
      /** An absolute folder to write the file into; without it (and without `job`) the CSV comes back as text. */
      folder: z.string().trim().min(1).max(1000).optional(),
      /** Write the file by a job even without a folder (into the data folder's exports/), for progress and cancel in the window. */
      job: z.boolean().default(false),
    }),
    output: ExportAnswer,
  }),
  'reports:exportTable': channel({
    summary: "A table screen's whole filtered result as CSV, written by a job (poll jobs:status, cancel with jobs:cancel; the table's own access applies).",
    input: ExportTableInput,
    output: z.object({ fileName: z.string(), job: JobStatus }),
  }),
  'reports:exportFile': channel({
    summary: 'The CSV a finished export job of this user wrote, for a download in the window.',
    input: ExportFileInput,
    output: ExportFile,
  }),
  'dashboard:stats': channel({ summary: "Today's takings, due today, overdue, the open drawer, the outbox and sync (staff).", input: z.strictObject({}), output: DashboardStats }),
};
