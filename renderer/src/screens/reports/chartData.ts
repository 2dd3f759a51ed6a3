import type { ReportName } from '../../../../shared/contract/reports';
import type { ReportResultOf } from '../../../../shared/reports/reportTables';
import { officeDayOf } from '../../api/money';
import type { BarPoint } from '../../components/BarChart';

type Format = (amount: number, currency: string) => string;
/** A chart's figures, its axes' names and how a value reads on the vertical axis. */
export type ChartSpec = { title: string; points: BarPoint[]; xLabel: string; yLabel: string; axisText: (value: number) => string };

const firstCurrency = (list: readonly { currency: string }[]): string | null => list[0]?.currency ?? null;
const axis = (format: Format, currency: string | null) => (value: number): string => format(value, currency ?? 'USD');
const inCurrency = (what: string, c: string | null): string => (c ? `${what} (${c})` : what);
const statusWords = (status: string): string => { const t = status.replace(/_/g, ' '); return t.charAt(0).toUpperCase() + t.slice(1); };
const labels: Record<string, string> = { current: 'Current', d1to30: '1–30 days', d31to60: '31–60 days', d61to90: '61–90 days', d90plus: '90+ days' };

/**
 * One chart per report, of one currency (the first in the report; the table lists every
 * currency): amounts of different currencies never share an axis.
 */
export function chartOf<K extends ReportName>(report: K, result: ReportResultOf[K], format: Format): ChartSpec {
  const r = result as ReportResultOf[ReportName];
  switch (report) {
    case 'revenue': {
      const x = r as ReportResultOf['revenue'];
      const c = firstCurrency(x.totals);
      const byPeriod = new Map<string, number>();
      for (const row of x.rows) if (row.currency === c) byPeriod.set(row.period, (byPeriod.get(row.period) ?? 0) + row.net);
      return { title: `Net revenue${c ? ` in ${c}` : ''} by ${x.granularity}`, xLabel: statusWords(x.granularity), yLabel: inCurrency('Net revenue', c), axisText: axis(format, c), points: [...byPeriod].map(([label, value]) => ({ label, value, text: format(value, c ?? 'USD') })) };
    }
    case 'statusBreakdown': {
      const x = r as ReportResultOf['statusBreakdown'];
      const c = firstCurrency(x.rows);
      return { title: `Schedule amounts${c ? ` in ${c}` : ''} by status`, xLabel: 'Status', yLabel: inCurrency('Amount', c), axisText: axis(format, c), points: x.rows.filter((row) => row.currency === c).map((row) => ({ label: statusWords(row.status), value: row.amount, text: `${format(row.amount, row.currency)} (${row.count} items)` })) };
    }
    case 'productPerformance': {
      const x = r as ReportResultOf['productPerformance'];
      const c = firstCurrency(x.rows);
      return { title: `Collected${c ? ` in ${c}` : ''} by product`, xLabel: 'Product', yLabel: inCurrency('Collected', c), axisText: axis(format, c), points: x.rows.filter((row) => row.currency === c).map((row) => ({ label: row.productName, value: row.collected, text: format(row.collected, row.currency) })) };
    }
    case 'aging': {
      const x = r as ReportResultOf['aging'];
      const t = x.totals[0];
      return {
        title: `Outstanding${t ? ` in ${t.currency}` : ''} by days overdue`,
        xLabel: 'Days overdue',
        yLabel: inCurrency('Outstanding', t?.currency ?? null),
        axisText: axis(format, t?.currency ?? null),
        points: t ? (['current', 'd1to30', 'd31to60', 'd61to90', 'd90plus'] as const).map((k) => ({ label: labels[k] ?? k, value: t[k], text: format(t[k], t.currency) })) : [],
      };
    }
    case 'drawerSessions': {
      const x = r as ReportResultOf['drawerSessions'];
      const c = firstCurrency(x.rows);
      return { title: `Expected cash${c ? ` in ${c}` : ''} per drawer session`, xLabel: 'Session opened (office day)', yLabel: inCurrency('Expected cash', c), axisText: axis(format, c), points: x.rows.filter((row) => row.currency === c).map((row) => ({ label: officeDayOf(row.openedAt), value: row.expected, text: format(row.expected, row.currency) })) };
    }
    case 'deposits': {
      const x = r as ReportResultOf['deposits'];
      const c = firstCurrency(x.rows);
      return { title: `Deposit totals${c ? ` in ${c}` : ''}`, xLabel: 'Slip', yLabel: inCurrency('Deposit total', c), axisText: axis(format, c), points: x.rows.filter((row) => row.currency === c).map((row) => ({ label: row.slipNumber, value: row.total, text: format(row.total, row.currency) })) };
    }
  }
  return { title: '', points: [], xLabel: '', yLabel: '', axisText: String };
}
