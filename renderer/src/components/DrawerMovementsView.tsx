import type { OutputOf } from '../../../shared/contract';
import { useMoney } from '../hooks/useMoney';
import { lineWords, methodLabel } from '../i18n/labels';
import { drawerLineWords } from '../../../shared/documentLines';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';

type Movements = OutputOf<'drawer:movements'>;

/**
 * The open drawer reconciled on screen: float, cash payments, voids, cash refunds, paid in
 * and out adding up to the expected cash, then each paid in/out and refund on its own line.
 */
export function DrawerMovementsView({ movements }: { movements: Movements }) {
  const { format } = useMoney();
  const c = movements.currency;
  // The office's clock, as on the Z report it prints.
  const time = useOfficeTime().time;
  return (
    <section className="card" aria-label={t('drawerMovementsView.cashInTheDrawer')}>
      <h2>{t('drawerMovementsView.cashInTheDrawer')}</h2>
      <table className="table" aria-label={t('drawerMovementsView.cashMovements')}>
        <thead><tr><th scope="col">{t('drawerMovementsView.movement')}</th><th scope="col">{t('drawerMovementsView.count')}</th><th scope="col">{t('drawerMovementsView.amount')}</th></tr></thead>
        <tbody>{movements.lines.map((l) => <tr key={l.kind}><td>{drawerLineWords(l.kind, lineWords)}</td><td>{l.count}</td><td>{format(l.amount, c)}</td></tr>)}</tbody>
        <tfoot><tr><th scope="row">{t('drawerMovementsView.expectedCash')}</th><td /><td data-testid="movements-expected">{format(movements.expectedCash, c)}</td></tr></tfoot>
      </table>
      <table className="table" aria-label={t('drawerMovementsView.paidInAndOut')}>
        <thead><tr><th scope="col">{t('drawerMovementsView.time')}</th><th scope="col">{t('drawerMovementsView.kind')}</th><th scope="col">{t('drawerMovementsView.reason')}</th><th scope="col">{t('drawerMovementsView.by')}</th><th scope="col">{t('drawerMovementsView.amount')}</th></tr></thead>
        <tbody>
          {movements.moves.length === 0 ? <tr><td colSpan={5} className="table__empty">{t('drawerMovementsView.noCashPaidInOr')}</td></tr> : null}
          {movements.moves.map((m) => <tr key={m.id}><td>{time(m.at)}</td><td>{m.kind === 'paid_in' ? t('drawerMovementsView.paidIn') : t('drawerMovementsView.paidOut')}</td><td>{m.reason}</td><td>{m.byName ?? ''}</td><td>{format(m.kind === 'paid_in' ? m.amount : -m.amount, c)}</td></tr>)}
        </tbody>
      </table>
      <table className="table" aria-label={t('drawerMovementsView.refundsThisSession')}>
        <thead><tr><th scope="col">{t('drawerMovementsView.time')}</th><th scope="col">{t('drawerMovementsView.payer')}</th><th scope="col">{t('drawerMovementsView.method')}</th><th scope="col">{t('drawerMovementsView.reason')}</th><th scope="col">{t('drawerMovementsView.refundReceipt')}</th><th scope="col">{t('drawerMovementsView.amount')}</th></tr></thead>
        <tbody>
          {movements.refunds.length === 0 ? <tr><td colSpan={6} className="table__empty">{t('drawerMovementsView.noRefunds')}</td></tr> : null}
          {movements.refunds.map((r) => <tr key={r.id}><td>{time(r.at)}</td><td>{r.payerName}</td><td>{methodLabel(r.method)}</td><td>{r.reason}</td><td>{r.receiptNumber ?? ''}</td><td>{format(r.amount, c)}</td></tr>)}
        </tbody>
      </table>
    </section>
  );
}
