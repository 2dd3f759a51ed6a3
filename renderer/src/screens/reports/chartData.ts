import type { ReportName } from '../../../../shared/contract/reports';
import type { ReportResultOf } from '../../../../shared/reports/reportTables';
import { officeDayOf } from '../../api/money';
import type { BarPoint } from '../../components/BarChart';
import { t } from '../../i18n';
import type { MessageId } from '../../i18n';
import { reportWord, statusLabel } from '../../i18n/labels';

type Format = (amount: number, currency: string) => string;
/** A chart's figures, its axes' names and how a value reads on the vertical axis. */
export type ChartSpec = { title: string; points: BarPoint[]; xLabel: string; yLabel: string; axisText: (value: number) => string };

const firstCurrency = (list: readonly { currency: string }[]): string | null => list[0]?.currency ?? null;
const axis = (format: Format, currency: string | null) => (value: number): string => format(value, currency ?? 'USD');
const inCurrency = (what: string, c: string | null): string => (c ? `${reportWord(what)} (${c})` : reportWord(what));
const statusWords = (status: string): string => { const w = status.replace(/_/g, ' '); return w.charAt(0).toUpperCase() + w.slice(1); };
/** A schedule status or a period's name ("Week") in the window's language. */
const named = (code: string): string => (statusLabel(code) === code.replace(/_/g, ' ') ? reportWord(statusWords(code)) : statusLabel(code));
const AGING: Record<'current' | 'd1to30' | 'd31to60' | 'd61to90' | 'd90plus', MessageId> = { current: 'reportChart.aging.current', d1to30: 'reportChart.aging.d1to30', d31to60: 'reportChart.aging.d31to60', d61to90: 'reportChart.aging.d61to90', d90plus: 'reportChart.aging.d90plus' };
const agingBucket = (k: keyof typeof AGING): string => t(AGING[k]);
const titled = (c: string | null, withCurrency: string, without: string): string => (c ? withCurrency : without);

/**
 * One chart per report, of one currency (the first in the report; the table lists every
 * currency): amounts of different currencies never share an axis. `date` names a calendar day
 * on the axis (the office's date format on the screen).
 */
export function chartOf<K extends ReportName>(report: K, result: ReportResultOf[K], format: Format, date: (day: string) => string = (day) => day): ChartSpec {
  const r = result as ReportResultOf[ReportName];
  switch (report) {
    case 'revenue': {
      const x = r as ReportResultOf['revenue'];
      const c = firstCurrency(x.totals);
      const byPeriod = new Map<string, number>();
      for (const row of x.rows) if (row.currency === c) byPeriod.set(row.period, (byPeriod.get(row.period) ?? 0) + row.net);
      const per = named(x.granularity);
      return { title: titled(c, t('reportChart.revenueIn', { currency: c ?? '', per: per.toLowerCase() }), t('reportChart.revenue', { per: per.toLowerCase() })), xLabel: per, yLabel: inCurrency('Net revenue', c), axisText: axis(format, c), points: [...byPeriod].map(([period, value]) => ({ label: date(period), value, text: format(value, c ?? 'USD') })) };
    }
    case 'statusBreakdown': {
      const x = r as ReportResultOf['statusBreakdown'];
      const c = firstCurrency(x.rows);
      return { title: titled(c, t('reportChart.statusIn', { currency: c ?? '' }), t('reportChart.status')), xLabel: reportWord('Status'), yLabel: inCurrency('Amount', c), axisText: axis(format, c), points: x.rows.filter((row) => row.currency === c).map((row) => ({ label: named(row.status), value: row.amount, text: t('reportChart.statusPoint', { amount: format(row.amount, row.currency), count: row.count }) })) };
    }
    case 'productPerformance': {
      const x = r as ReportResultOf['productPerformance'];
      const c = firstCurrency(x.rows);
      return { title: titled(c, t('reportChart.productsIn', { currency: c ?? '' }), t('reportChart.products')), xLabel: reportWord('Product'), yLabel: inCurrency('Collected', c), axisText: axis(format, c), points: x.rows.filter((row) => row.currency === c).map((row) => ({ label: row.productName, value: row.collected, text: format(row.collected, row.currency) })) };
    }
    case 'aging': {
      const x = r as ReportResultOf['aging'];
      const total = x.totals[0];
      return {
        title: titled(total?.currency ?? null, t('reportChart.agingIn', { currency: total?.currency ?? '' }), t('reportChart.aging')),
        xLabel: reportWord('Days overdue'),
        yLabel: inCurrency('Outstanding', total?.currency ?? null),
        axisText: axis(format, total?.currency ?? null),
        points: total ? (['current', 'd1to30', 'd31to60', 'd61to90', 'd90plus'] as const).map((k) => ({ label: agingBucket(k), value: total[k], text: format(total[k], total.currency) })) : [],
      };
    }
    case 'drawerSessions': {
      const x = r as ReportResultOf['drawerSessions'];
      const c = firstCurrency(x.rows);
      return { title: titled(c, t('reportChart.sessionsIn', { currency: c ?? '' }), t('reportChart.sessions')), xLabel: reportWord('Session opened (office day)'), yLabel: inCurrency('Expected cash', c), axisText: axis(format, c), points: x.rows.filter((row) => row.currency === c).map((row) => ({ label: date(officeDayOf(row.openedAt)), value: row.expected, text: format(row.expected, row.currency) })) };
    }
    case 'deposits': {
      const x = r as ReportResultOf['deposits'];
      const c = firstCurrency(x.rows);
      return { title: titled(c, t('reportChart.depositsIn', { currency: c ?? '' }), t('reportChart.deposits')), xLabel: reportWord('Slip'), yLabel: inCurrency('Deposit total', c), axisText: axis(format, c), points: x.rows.filter((row) => row.currency === c).map((row) => ({ label: row.slipNumber, value: row.total, text: format(row.total, row.currency) })) };
    }
  }
  return { title: '', points: [], xLabel: '', yLabel: '', axisText: String };
}
