import type { AgingReport, DepositsReport, DrawerSessionsReport, ProductReport, ReportName, RevenueReport, StatusReport } from '../contract/reports';
import { minorDigits, minorToDecimalString } from '../money';

/**
 * Every report as one table of typed cells. The CSV export writes each cell as text
 * (`rows`): amounts as exact decimals in the row's currency, moments as stored (ISO), codes as
 * stored, so spreadsheets read them. The screen formats the same cells for people (money with
 * its currency symbol, moments on the office's clock, methods in words) and adds total rows
 * (`totals`, per currency) where summing makes sense; the CSV carries no totals.
 */
export type Cell =
  | { kind: 'text'; text: string }
  | { kind: 'money'; amount: number; currency: string }
  | { kind: 'count'; n: number }
  | { kind: 'instant'; at: string }
  | { kind: 'day'; day: string }
  | { kind: 'method'; method: string }
  | { kind: 'code'; code: string }
  | { kind: 'empty' };

export type ReportTable = { columns: string[]; cells: Cell[][]; rows: string[][]; totals: Cell[][] };

export type ReportResultOf = {
  revenue: RevenueReport;
  statusBreakdown: StatusReport;
  productPerformance: ProductReport;
  aging: AgingReport;
  drawerSessions: DrawerSessionsReport;
  deposits: DepositsReport;
};

const text = (t: string): Cell => ({ kind: 'text', text: t });
const money = (amount: number, currency: string): Cell => ({ kind: 'money', amount, currency });
const opt = (amount: number | null, currency: string): Cell => (amount === null ? EMPTY : money(amount, currency));
const count = (n: number): Cell => ({ kind: 'count', n });
const at = (iso: string | null): Cell => (iso === null ? EMPTY : { kind: 'instant', at: iso });
/** A calendar day (YYYY-MM-DD): stored as is in the CSV, an office-locale date on the screen. */
const day = (d: string): Cell => ({ kind: 'day', day: d });
const EMPTY: Cell = { kind: 'empty' };
const bp = (v: number | null): Cell => (v === null ? EMPTY : text(`${Math.trunc(v / 100)}.${String(Math.abs(v) % 100).padStart(2, '0')}`));

/** A cell as the CSV writes it. */
export function cellText(c: Cell): string {
  switch (c.kind) {
    case 'text':
      return c.text;
    case 'money':
      return minorToDecimalString(c.amount, minorDigits(c.currency));
    case 'count':
      return String(c.n);
    case 'instant':
      return c.at;
    case 'day':
      return c.day;
    case 'method':
      return c.method;
    case 'code':
      return c.code;
    case 'empty':
      return '';
  }
}

/**
 * One total row per currency (in the order currencies first appear): the `summed` columns
 * added up (money and counts; integers, never floats), "Total" in the first column, the
 * currency in its column, the rest empty.
 */
function totalsPerCurrency(columns: number, cells: Cell[][], currencyColumn: number, summed: readonly number[]): Cell[][] {
  const groups = new Map<string, Cell[][]>();
  for (const row of cells) {
    const c = row[currencyColumn];
    const currency = c?.kind === 'text' ? c.text : '';
    groups.set(currency, [...(groups.get(currency) ?? []), row]);
  }
  return [...groups].map(([currency, rows]) =>
    Array.from({ length: columns }, (_, i): Cell => {
      if (i === 0) return text('Total');
      if (i === currencyColumn) return text(currency);
      if (!summed.includes(i)) return EMPTY;
      let sum = 0;
      let kind: 'money' | 'count' | null = null;
      for (const row of rows) {
        const c = row[i];
        if (c?.kind === 'money') { sum += c.amount; kind = 'money'; } else if (c?.kind === 'count') { sum += c.n; kind = 'count'; }
      }
      return kind === 'money' ? money(sum, currency) : kind === 'count' ? count(sum) : EMPTY;
    }),
  );
}

const table = (columns: string[], cells: Cell[][], totals: Cell[][] = []): ReportTable => ({ columns, cells, rows: cells.map((r) => r.map(cellText)), totals: cells.length > 0 ? totals : [] });
const summedTable = (columns: string[], cells: Cell[][], currencyColumn: number, summed: readonly number[]): ReportTable => table(columns, cells, totalsPerCurrency(columns.length, cells, currencyColumn, summed));

export const reportTitles: Record<ReportName, string> = {
  revenue: 'Revenue',
  statusBreakdown: 'Schedule status',
  productPerformance: 'Product performance',
  aging: 'Aging',
  drawerSessions: 'Drawer sessions',
  deposits: 'Deposits',
};

export const tableBuilders: { [K in ReportName]: (r: ReportResultOf[K]) => ReportTable } = {
  revenue: (r) =>
    summedTable(['Period', 'Currency', 'Method', 'Gross', 'Voided', 'Refunded', 'Net', 'Payments', 'Voids', 'Refunds'],
      r.rows.map((x) => [day(x.period), text(x.currency), { kind: 'method', method: x.method }, money(x.gross, x.currency), money(x.voided, x.currency), money(x.refunded, x.currency), money(x.net, x.currency), count(x.payments), count(x.voids), count(x.refunds)]),
      1, [3, 4, 5, 6, 7, 8, 9]),
  statusBreakdown: (r) =>
    summedTable(['Status', 'Currency', 'Items', 'Amount', 'Paid', 'Outstanding'],
      r.rows.map((x) => [{ kind: 'code', code: x.status }, text(x.currency), count(x.count), money(x.amount, x.currency), money(x.paid, x.currency), money(x.outstanding, x.currency)]),
      1, [2, 3, 4, 5]),
  productPerformance: (r) =>
    summedTable(['Product', 'Currency', 'Enrollments', 'Cancellations', 'Expected', 'Collected', 'Outstanding', 'Refunded', 'Refund rate %'],
      r.rows.map((x) => [text(x.productName), text(x.currency), count(x.enrollments), count(x.cancellations), money(x.expected, x.currency), money(x.collected, x.currency), money(x.outstanding, x.currency), money(x.refunded, x.currency), bp(x.refundRateBp)]),
      1, [2, 3, 4, 5, 6, 7]),
  aging: (r) =>
    // The listed payers may be the largest few: the total row is the report's own, over every payer.
    table(['Payer', 'Currency', 'Current', '1–30 days', '31–60 days', '61–90 days', '90+ days', 'Total'],
      r.payers.map((x) => [text(x.payerName), text(x.currency), money(x.current, x.currency), money(x.d1to30, x.currency), money(x.d31to60, x.currency), money(x.d61to90, x.currency), money(x.d90plus, x.currency), money(x.total, x.currency)]),
      r.totals.map((t) => [text(r.payers.length < r.payerCount ? `Total, all ${r.payerCount} payers` : 'Total'), text(t.currency), money(t.current, t.currency), money(t.d1to30, t.currency), money(t.d31to60, t.currency), money(t.d61to90, t.currency), money(t.d90plus, t.currency), money(t.total, t.currency)])),
  drawerSessions: (r) =>
    summedTable(['Opened', 'Closed', 'Desk', 'Z', 'Currency', 'Float', 'Cash in', 'Cash out', 'Paid in', 'Paid out', 'Expected', 'Counted', 'Over/short', 'Deposit'],
      r.rows.map((x) => [at(x.openedAt), at(x.closedAt), text(x.deskCode), x.zNumber === null ? EMPTY : text(String(x.zNumber)), text(x.currency), money(x.openingFloat, x.currency), money(x.cashIn, x.currency), money(x.cashOut, x.currency),
        money(x.paidIn, x.currency), money(x.paidOut, x.currency), money(x.expected, x.currency), opt(x.counted, x.currency), opt(x.overShort, x.currency), x.depositSlip === null ? EMPTY : text(x.depositSlip)]),
      4, [6, 7, 8, 9, 12]),
  deposits: (r) =>
    summedTable(['Slip', 'Desk', 'Currency', 'Status', 'Prepared', 'Deposited', 'Sessions', 'Cash', 'Checks', 'Check count', 'Total', 'Bank reference'],
      r.rows.map((x) => [text(x.slipNumber), text(x.deskCode), text(x.currency), { kind: 'code', code: x.status }, at(x.createdAt), at(x.depositedAt), count(x.sessions), money(x.cashAmount, x.currency), money(x.checkAmount, x.currency), count(x.checkCount), money(x.total, x.currency), x.bankReference === null ? EMPTY : text(x.bankReference)]),
      2, [6, 7, 8, 9, 10]),
};

export function reportTable<K extends ReportName>(report: K, result: ReportResultOf[K]): ReportTable {
  return tableBuilders[report](result);
}
