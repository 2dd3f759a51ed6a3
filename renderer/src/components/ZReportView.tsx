import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';
import { useMoney } from '../hooks/useMoney';
import { methodLabel } from '../../../shared/methodLabel';
import { PdfButton } from './PdfButton';

type ZReport = OutputOf<'drawer:zReport'>;

/** The numbered Z report of a closed drawer session, printable. */
export function ZReportView({ report }: { report: ZReport }) {
  const { format } = useMoney();
  const c = report.session.currency;
  const os = report.session.overShort ?? 0;
  return (
    <section className="card receipt" aria-label={report.title}>
      <h2>{report.title}</h2>
      <table className="table" aria-label="Totals by method">
        <thead><tr><th scope="col">Method</th><th scope="col">Payments</th><th scope="col">Amount</th></tr></thead>
        <tbody>{report.totalsByMethod.length === 0 ? <tr><td colSpan={3} className="table__empty">No payments kept in this session.</td></tr> : null}{report.totalsByMethod.map((t) => <tr key={t.method}><td>{methodLabel(t.method)}</td><td>{t.count}</td><td>{format(t.amount, c)}</td></tr>)}</tbody>
      </table>
      <dl className="facts">
        <div className="facts__row"><dt>Payments</dt><dd>{report.paymentCount} · {format(report.paymentTotal, c)}</dd></div>
        <div className="facts__row"><dt>Voids</dt><dd data-testid="z-voids">{report.voids.count} · {format(report.voids.amount, c)}</dd></div>
        <div className="facts__row"><dt>Refunds</dt><dd>{report.refunds.length === 0 ? 'none' : report.refunds.map((r) => `${methodLabel(r.method)} ${r.count} · ${format(r.amount, c)}`).join('; ')}</dd></div>
        <div className="facts__row"><dt>Paid in / out</dt><dd>{format(report.paidIn, c)} / {format(report.paidOut, c)}</dd></div>
        <div className="facts__row"><dt>Float</dt><dd>{format(report.session.openingFloat, c)}</dd></div>
        <div className="facts__row"><dt>Expected cash</dt><dd>{format(report.session.expectedCash, c)}</dd></div>
        <div className="facts__row"><dt>Counted cash</dt><dd>{format(report.session.countedCash ?? 0, c)}</dd></div>
        <div className="facts__row"><dt>Over / short</dt><dd data-testid="z-over-short">{os === 0 ? 'even' : `${format(Math.abs(os), c)} ${os < 0 ? 'short' : 'over'}`}{report.session.closeNote ? ` — ${report.session.closeNote}` : ''}</dd></div>
      </dl>
      {report.denominations && report.denominations.length > 0 ? (
        <table className="table" aria-label="Denominations counted">
          <thead><tr><th scope="col">Note or coin</th><th scope="col">Count</th><th scope="col">Amount</th></tr></thead>
          <tbody>{report.denominations.map((d) => <tr key={d.value}><td>{format(d.value, c)}</td><td>{d.count}</td><td>{format(d.value * d.count, c)}</td></tr>)}</tbody>
        </table>
      ) : null}
      {report.checks.length > 0 ? (
        <table className="table" aria-label="Checks">
          <thead><tr><th scope="col">Check</th><th scope="col">Bank</th><th scope="col">Payer</th><th scope="col">Receipt</th><th scope="col">Amount</th></tr></thead>
          <tbody>{report.checks.map((k) => <tr key={k.paymentId}><td>{k.number}</td><td>{k.bank ?? ''}</td><td>{k.payerName}</td><td>{k.receiptNumber}</td><td>{format(k.amount, c)}</td></tr>)}</tbody>
        </table>
      ) : null}
      <div className="form__actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>Print Z report</button>
        <PdfButton label="Z report PDF" load={() => invoke('drawer:zReportPdf', { sessionId: report.session.id })} />
      </div>
    </section>
  );
}
