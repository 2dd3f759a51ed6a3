import type { AgingReport, DepositsReport, DrawerSessionsReport, ProductReport, ReportName, RevenueReport, StatusReport } from '../contract/reports';
import { minorDigits, minorToDecimalString } from '../money';

/**
 * Every report as one table of text cells: the screen shows these cells and the CSV export
 * writes them, so a downloaded file's rows are the table's rows by construction. Amounts
 * are exact decimals in the row's currency (no locale grouping), readable by spreadsheets.
 */
export type ReportTable = { columns: string[]; rows: string[][] };

export type ReportResultOf = {
  revenue: RevenueReport;
  statusBreakdown: StatusReport;
  productPerformance: ProductReport;
  aging: AgingReport;
  drawerSessions: DrawerSessionsReport;
  deposits: DepositsReport;
};

const dec = (amount: number, currency: string): string => minorToDecimalString(amount, minorDigits(currency));
const opt = (amount: number | null, currency: string): string => (amount === null ? '' : dec(amount, currency));
const bp = (v: number | null): string => (v === null ? '' : `${Math.trunc(v / 100)}.${String(Math.abs(v) % 100).padStart(2, '0')}`);

export const reportTitles: Record<ReportName, string> = {
  revenue: 'Revenue',
  statusBreakdown: 'Schedule status',
  productPerformance: 'Product performance',
  aging: 'Aging',
  drawerSessions: 'Drawer sessions',
  deposits: 'Deposits',
};

export const tableBuilders: { [K in ReportName]: (r: ReportResultOf[K]) => ReportTable } = {
  revenue: (r) => ({
    columns: ['Period', 'Currency', 'Method', 'Gross', 'Voided', 'Refunded', 'Net', 'Payments', 'Voids', 'Refunds'],
    rows: r.rows.map((x) => [x.period, x.currency, x.method, dec(x.gross, x.currency), dec(x.voided, x.currency), dec(x.refunded, x.currency), dec(x.net, x.currency), String(x.payments), String(x.voids), String(x.refunds)]),
  }),
  statusBreakdown: (r) => ({
    columns: ['Status', 'Currency', 'Items', 'Amount', 'Paid', 'Outstanding'],
    rows: r.rows.map((x) => [x.status, x.currency, String(x.count), dec(x.amount, x.currency), dec(x.paid, x.currency), dec(x.outstanding, x.currency)]),
  }),
  productPerformance: (r) => ({
    columns: ['Product', 'Currency', 'Enrollments', 'Cancellations', 'Expected', 'Collected', 'Outstanding', 'Refunded', 'Refund rate %'],
    rows: r.rows.map((x) => [x.productName, x.currency, String(x.enrollments), String(x.cancellations), dec(x.expected, x.currency), dec(x.collected, x.currency), dec(x.outstanding, x.currency), dec(x.refunded, x.currency), bp(x.refundRateBp)]),
  }),
  aging: (r) => ({
    columns: ['Payer', 'Currency', 'Current', '1–30 days', '31–60 days', '61–90 days', '90+ days', 'Total'],
    rows: r.payers.map((x) => [x.payerName, x.currency, dec(x.current, x.currency), dec(x.d1to30, x.currency), dec(x.d31to60, x.currency), dec(x.d61to90, x.currency), dec(x.d90plus, x.currency), dec(x.total, x.currency)]),
  }),
  drawerSessions: (r) => ({
    columns: ['Opened', 'Closed', 'Desk', 'Z', 'Currency', 'Float', 'Cash in', 'Cash out', 'Paid in', 'Paid out', 'Expected', 'Counted', 'Over/short', 'Deposit'],
    rows: r.rows.map((x) => [x.openedAt, x.closedAt ?? '', x.deskCode, x.zNumber === null ? '' : String(x.zNumber), x.currency, dec(x.openingFloat, x.currency), dec(x.cashIn, x.currency), dec(x.cashOut, x.currency),
      dec(x.paidIn, x.currency), dec(x.paidOut, x.currency), dec(x.expected, x.currency), opt(x.counted, x.currency), opt(x.overShort, x.currency), x.depositSlip ?? '']),
  }),
  deposits: (r) => ({
    columns: ['Slip', 'Desk', 'Currency', 'Status', 'Prepared', 'Deposited', 'Sessions', 'Cash', 'Checks', 'Check count', 'Total', 'Bank reference'],
    rows: r.rows.map((x) => [x.slipNumber, x.deskCode, x.currency, x.status, x.createdAt, x.depositedAt ?? '', String(x.sessions), dec(x.cashAmount, x.currency), dec(x.checkAmount, x.currency), String(x.checkCount), dec(x.total, x.currency), x.bankReference ?? '']),
  }),
};

export function reportTable<K extends ReportName>(report: K, result: ReportResultOf[K]): ReportTable {
  return tableBuilders[report](result);
}
