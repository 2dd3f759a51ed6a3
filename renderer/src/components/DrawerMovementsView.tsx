import type { OutputOf } from '../../../shared/contract';
import { useMoney } from '../hooks/useMoney';
import { methodLabel } from '../../../shared/methodLabel';
import { useOfficeTime } from '../hooks/useOfficeTime';

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
    <section className="card" aria-label="Cash in the drawer">
      <h2>Cash in the drawer</h2>
      <table className="table" aria-label="Cash movements">
        <thead><tr><th scope="col">Movement</th><th scope="col">Count</th><th scope="col">Amount</th></tr></thead>
        <tbody>{movements.lines.map((l) => <tr key={l.kind}><td>{l.label}</td><td>{l.count}</td><td>{format(l.amount, c)}</td></tr>)}</tbody>
        <tfoot><tr><th scope="row">Expected cash</th><td /><td data-testid="movements-expected">{format(movements.expectedCash, c)}</td></tr></tfoot>
      </table>
      <table className="table" aria-label="Paid in and out">
        <thead><tr><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Reason</th><th scope="col">By</th><th scope="col">Amount</th></tr></thead>
        <tbody>
          {movements.moves.length === 0 ? <tr><td colSpan={5} className="table__empty">No cash paid in or out.</td></tr> : null}
          {movements.moves.map((m) => <tr key={m.id}><td>{time(m.at)}</td><td>{m.kind === 'paid_in' ? 'Paid in' : 'Paid out'}</td><td>{m.reason}</td><td>{m.byName ?? ''}</td><td>{format(m.kind === 'paid_in' ? m.amount : -m.amount, c)}</td></tr>)}
        </tbody>
      </table>
      <table className="table" aria-label="Refunds this session">
        <thead><tr><th scope="col">Time</th><th scope="col">Payer</th><th scope="col">Method</th><th scope="col">Reason</th><th scope="col">Refund receipt</th><th scope="col">Amount</th></tr></thead>
        <tbody>
          {movements.refunds.length === 0 ? <tr><td colSpan={6} className="table__empty">No refunds.</td></tr> : null}
          {movements.refunds.map((r) => <tr key={r.id}><td>{time(r.at)}</td><td>{r.payerName}</td><td>{methodLabel(r.method)}</td><td>{r.reason}</td><td>{r.receiptNumber ?? ''}</td><td>{format(r.amount, c)}</td></tr>)}
        </tbody>
      </table>
    </section>
  );
}
