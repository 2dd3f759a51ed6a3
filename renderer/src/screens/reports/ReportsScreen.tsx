import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { ReportName, ReportRequest } from '../../../../shared/contract/reports';
import { reportTable, reportTitles } from '../../../../shared/reports/reportTables';
import type { ReportResultOf, ReportTable } from '../../../../shared/reports/reportTables';
import { invoke } from '../../api/invoke';
import { today } from '../../api/money';
import { BarChart } from '../../components/BarChart';
import { Field } from '../../components/Field';
import { DateField, useDateChecks } from '../../components/DateField';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
import { ReportTableView } from '../../components/ReportTableView';
import { SelectField } from '../../components/SelectField';
import { ExportControl } from '../../components/TableExport';
import { useMoney } from '../../hooks/useMoney';
import { useOfficeTime } from '../../hooks/useOfficeTime';
import { chartOf } from './chartData';
import type { ChartSpec } from './chartData';
import { t } from '../../i18n';
import { methodLabel, reportWord } from '../../i18n/labels';

const REPORTS = Object.keys(reportTitles) as ReportName[];
const METHODS = ['cash', 'check', 'bank_transfer', 'card_terminal', 'card'] as const;
const withRange: readonly ReportName[] = ['revenue', 'statusBreakdown', 'productPerformance', 'drawerSessions', 'deposits'];

type Filters = { from: string; to: string; granularity: 'day' | 'week' | 'month'; method: string; productId: string; currency: string; deskCode: string; limit: string };

const monthsBack = (iso: string, months: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

/** The channel input for the chosen report from the form; empty fields are left out. */
function requestOf(report: ReportName, f: Filters): ReportRequest {
  const range = { from: f.from, to: f.to };
  const currency = f.currency ? { currency: f.currency.trim().toUpperCase() } : {};
  const product = f.productId ? { productId: f.productId } : {};
  switch (report) {
    case 'revenue':
      return { report, filters: { ...range, granularity: f.granularity, ...(f.method ? { method: f.method as (typeof METHODS)[number] } : {}), ...product, ...currency } };
    case 'statusBreakdown':
      return { report, filters: { ...range, ...product, ...currency } };
    case 'productPerformance':
      return { report, filters: { ...range, ...product, ...currency } };
    case 'aging':
      return { report, filters: { ...product, ...currency, limit: Number(f.limit) || 100 } };
    case 'drawerSessions':
    case 'deposits':
      return { report, filters: { ...range, ...(f.deskCode.trim() ? { deskCode: f.deskCode.trim() } : {}), ...currency } };
  }
}

/** The channel that answers a report. */
const channelOf = (report: ReportName) => `reports:${report}` as const;

export function ReportsScreen() {
  const { format } = useMoney();
  const { date } = useOfficeTime();
  const [report, setReport] = useState<ReportName>('revenue');
  const [filters, setFilters] = useState<Filters>(() => ({ from: monthsBack(today(), 3), to: today(), granularity: 'week', method: '', productId: '', currency: '', deskCode: '', limit: '100' }));
  const productsQuery = useChannelQuery('products:list', { limit: 500 });
  const products = useMemo(() => (productsQuery.data?.products ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.currency})` })), [productsQuery.data]);
  // The report asked for: filters apply on submit; switching the report shows it with the
  // current filters. Read again on the change notices, so a payment shows in an open report.
  const [asked, setAsked] = useState<ReportRequest>(() => requestOf(report, filters));
  const query = useChannelQuery(channelOf(asked.report), asked.filters as never);
  const fieldErrors: Record<string, string> = query.error?.error.fields ?? {};
  const errors = asked.report === report ? fieldErrors : {};
  const busy = query.isFetching;
  const dates = useDateChecks();

  const shown = useMemo((): { report: ReportName; table: ReportTable; chart: ChartSpec; note: string | null } | null => {
    if (!query.data) return null;
    const which = asked.report;
    const value = query.data as ReportResultOf[ReportName];
    const note = which === 'statusBreakdown' ? (value as ReportResultOf['statusBreakdown']).notTracked.map((n) => (n.status === 'failed' ? t('reports.notTrackedFailed') : n.status === 'delinquent' ? t('reports.notTrackedDelinquent') : n.why)).join(' ') : which === 'aging' ? agingNote(value as ReportResultOf['aging'], format) : null;
    return { report: which, table: reportTable(which, value as never), chart: chartOf(which, value as never, format, date), note };
  }, [query.data, asked.report, format, date]);
  const choose = (next: ReportName) => {
    setReport(next);
    setAsked(requestOf(next, filters));
  };

  // A job even for small reports: the window shows progress and Cancel, then downloads the file.
  const startExport = async (bom: boolean) => {
    const r = await invoke('reports:export', { request: requestOf(report, filters), bom, job: true });
    if (!r.ok) return r;
    if (r.value.kind !== 'job') return { ok: false as const, error: { code: 'INTERNAL' as const, message: t('reports.theExportDidNotStart') } };
    return { ok: true as const, value: { fileName: r.value.fileName, job: r.value.job } };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A From or To that is not a day yet: its field says why; the report shown stays.
    if (dates.blocked) return;
    setAsked(requestOf(report, filters));
  };
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value });
  const title = reportWord(reportTitles[report]);

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.reports')}</h1>
      <form className="filters" onSubmit={submit} aria-label={t('reports.reportFilters')}>
        <SelectField label={t('reports.report')} value={report} onChange={(e) => choose(REPORTS.find((r) => r === e.target.value) ?? 'revenue')} options={REPORTS.map((r) => ({ value: r, label: reportWord(reportTitles[r]) }))} />
        {withRange.includes(report) ? (
          <>
            <DateField label={t('reports.from')} value={filters.from} onChange={(from) => setFilters({ ...filters, from })} onProblem={dates.watch('from')} error={errors.from} required />
            <DateField label={t('reports.to')} value={filters.to} onChange={(to) => setFilters({ ...filters, to })} onProblem={dates.watch('to')} error={errors.to} required />
          </>
        ) : null}
        {report === 'revenue' ? (
          <>
            <SelectField label={t('reports.per')} value={filters.granularity} onChange={(e) => setFilters({ ...filters, granularity: e.target.value === 'day' ? 'day' : e.target.value === 'month' ? 'month' : 'week' })} error={errors.granularity}
              options={[{ value: 'day', label: t('reports.day') }, { value: 'week', label: t('reports.week') }, { value: 'month', label: t('reports.month') }]} />
            <SelectField label={t('reports.method')} value={filters.method} onChange={set('method')} options={[{ value: '', label: t('reports.allMethods') }, ...METHODS.map((m) => ({ value: m, label: methodLabel(m) }))]} />
          </>
        ) : null}
        {report === 'revenue' || report === 'statusBreakdown' || report === 'productPerformance' || report === 'aging' ? (
          <SelectField label={t('reports.product')} value={filters.productId} onChange={set('productId')} options={[{ value: '', label: t('reports.allProducts') }, ...products]} />
        ) : null}
        {report === 'drawerSessions' || report === 'deposits' ? <Field label={t('reports.desk')} value={filters.deskCode} onChange={set('deskCode')} error={errors.deskCode} placeholder={t('reports.allDesks')} /> : null}
        <Field label={t('reports.currency')} value={filters.currency} onChange={set('currency')} error={errors.currency} placeholder={t('reports.all')} maxLength={3} size={5} />
        {report === 'aging' ? <Field label={t('reports.payersListed')} type="number" min={1} max={100000} value={filters.limit} onChange={set('limit')} error={errors.limit} /> : null}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('reports.showReport')}
        </button>
      </form>
      {productsQuery.isError ? <QueryStatus query={productsQuery} what={t('reports.theProducts')} /> : null}
      {query.isError && !query.error.error.fields ? <QueryStatus query={query} what={t('reports.theReportWhat')} /> : null}
      <ExportControl label={t('reports.theReport', { reportTitles: reportWord(reportTitles[report]) })} start={startExport} disabled={!shown} />
      {shown && shown.report === report ? (
        <>
          <h2>{title}</h2>
          <BarChart {...shown.chart} />
          {shown.note ? <p className="hint">{shown.note}</p> : null}
          <ReportTableView label={t('reports.table', { title })} table={shown.table} empty={t('reports.nothingInThisRange')} />
        </>
      ) : query.isPending ? (
        <QueryStatus query={query} what={t('reports.theReportWhat')} />
      ) : null}
    </section>
  );
}

function agingNote(r: ReportResultOf['aging'], format: (amount: number, currency: string) => string): string {
  const totals = r.totals.map((t) => format(t.total, t.currency)).join(', ');
  return t('reports.balancesSummary', { asOf: r.asOf, listed: r.payers.length, count: r.payerCount, totals: totals || t('reports.nothing') });
}
