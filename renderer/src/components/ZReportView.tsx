import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';
import { useMoney } from '../hooks/useMoney';
import { PdfButton } from './PdfButton';

type ZReport = OutputOf<'drawer:zReport'>;

import { t } from '../i18n';
import { methodLabel } from '../i18n/labels';
/** The numbered Z report of a closed drawer session, printable. */
export function ZReportView({ report }: { report: ZReport }) {
  const { format } = useMoney();
  const c = report.session.currency;
  const os = report.session.overShort ?? 0;
  return (
    <section className="card receipt" aria-label={report.title}>
      <h2>{report.title}</h2>
      <table className="table" aria-label={t('zReportView.totalsByMethod')}>
        <thead><tr><th scope="col">{t('zReportView.method')}</th><th scope="col">{t('zReportView.payments')}</th><th scope="col">{t('zReportView.amount')}</th></tr></thead>
        <tbody>{report.totalsByMethod.length === 0 ? <tr><td colSpan={3} className="table__empty">{t('zReportView.noPaymentsKeptInThis')}</td></tr> : null}{report.totalsByMethod.map((t) => <tr key={t.method}><td>{methodLabel(t.method)}</td><td>{t.count}</td><td>{format(t.amount, c)}</td></tr>)}</tbody>
      </table>
      <dl className="facts">
        <div className="facts__row"><dt>{t('zReportView.payments')}</dt><dd>{report.paymentCount} · {format(report.paymentTotal, c)}</dd></div>
        <div className="facts__row"><dt>{t('zReportView.voids')}</dt><dd data-testid="z-voids">{report.voids.count} · {format(report.voids.amount, c)}</dd></div>
        <div className="facts__row"><dt>{t('zReportView.refunds')}</dt><dd>{report.refunds.length === 0 ? t('zReportView.none') : report.refunds.map((r) => `${methodLabel(r.method)} ${r.count} · ${format(r.amount, c)}`).join('; ')}</dd></div>
        <div className="facts__row"><dt>{t('zReportView.paidInOut')}</dt><dd>{format(report.paidIn, c)} / {format(report.paidOut, c)}</dd></div>
        <div className="facts__row"><dt>{t('zReportView.float')}</dt><dd>{format(report.session.openingFloat, c)}</dd></div>
        <div className="facts__row"><dt>{t('zReportView.expectedCash')}</dt><dd>{format(report.session.expectedCash, c)}</dd></div>
        <div className="facts__row"><dt>{t('zReportView.countedCash')}</dt><dd>{format(report.session.countedCash ?? 0, c)}</dd></div>
        <div className="facts__row"><dt>{t('zReportView.overShort')}</dt><dd data-testid="z-over-short">{os === 0 ? t('zReportView.even') : `${format(Math.abs(os), c)} ${os < 0 ? 'short' : 'over'}`}{report.session.closeNote ? ` — ${report.session.closeNote}` : ''}</dd></div>
      </dl>
      {report.denominations && report.denominations.length > 0 ? (
        <table className="table" aria-label={t('zReportView.denominationsCounted')}>
          <thead><tr><th scope="col">{t('zReportView.noteOrCoin')}</th><th scope="col">{t('zReportView.count')}</th><th scope="col">{t('zReportView.amount')}</th></tr></thead>
          <tbody>{report.denominations.map((d) => <tr key={d.value}><td>{format(d.value, c)}</td><td>{d.count}</td><td>{format(d.value * d.count, c)}</td></tr>)}</tbody>
        </table>
      ) : null}
      {report.checks.length > 0 ? (
        <table className="table" aria-label={t('zReportView.checks')}>
          <thead><tr><th scope="col">{t('zReportView.check')}</th><th scope="col">{t('zReportView.bank')}</th><th scope="col">{t('zReportView.payer')}</th><th scope="col">{t('zReportView.receipt')}</th><th scope="col">{t('zReportView.amount')}</th></tr></thead>
          <tbody>{report.checks.map((k) => <tr key={k.paymentId}><td>{k.number}</td><td>{k.bank ?? ''}</td><td>{k.payerName}</td><td>{k.receiptNumber}</td><td>{format(k.amount, c)}</td></tr>)}</tbody>
        </table>
      ) : null}
      <div className="form__actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>{t('zReportView.printZReport')}</button>
        <PdfButton label={t('zReportView.zReportPdf')} load={() => invoke('drawer:zReportPdf', { sessionId: report.session.id })} />
      </div>
    </section>
  );
}
