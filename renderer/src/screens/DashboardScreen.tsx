import { methodLabel } from '../../../shared/methodLabel';
import type { OutputOf } from '../../../shared/contract';
import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import { BarChart } from '../components/BarChart';
import { useMoney } from '../hooks/useMoney';
import { useOfficeTime } from '../hooks/useOfficeTime';

/**
 * Today at a glance. Read again when the core says something changed (a payment, a refund, a
 * drawer move, a webhook applied) — a change notice, not a timer; a newer notice cancels the
 * read still in flight.
 */
export function DashboardScreen() {
  const { format } = useMoney();
  const time = useOfficeTime();
  const query = useChannelQuery('dashboard:stats', {});
  const stats = query.data;

  const list = (rows: { currency: string; count: number; amount: number }[], none: string) =>
    rows.length === 0 ? <p className="dashboard__figure">{none}</p> : rows.map((r) => <p key={r.currency} className="dashboard__figure">{format(r.amount, r.currency)} <span className="hint">({r.count} items)</span></p>);

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      {!stats || query.isError ? <QueryStatus query={query} what="today's figures" /> : null}
      {!stats ? null : (
        <div className="dashboard">
          <section className="card" aria-labelledby="dash-takings">
            <h2 id="dash-takings">Today's takings</h2>
            {stats.takings.length === 0 ? (
              <p className="dashboard__figure">Nothing taken yet today.</p>
            ) : (
              <table className="table" aria-label="Today's takings by method">
                <thead>
                  <tr>
                    <th scope="col">Method</th>
                    <th scope="col">Payments kept</th>
                    <th scope="col">Taken (kept)</th>
                    <th scope="col">Refunded</th>
                    <th scope="col">Net of refunds</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.takings.map((t) => (
                    <tr key={`${t.currency}-${t.method}`}>
                      <td>{methodLabel(t.method)}</td>
                      <td>{t.payments - t.voids}</td>
                      <td>{format(t.gross - t.voided, t.currency)}</td>
                      <td>{format(t.refunded, t.currency)}</td>
                      <td>{format(t.net, t.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {stats.takings.length > 0 ? <TakingsChart takings={stats.takings} format={format} /> : null}
            {stats.takings.length > 0 ? (
              <p className="hint" data-testid="takings-note">
                Payments kept and taken leave out voided payments, as the Z report's totals by method do; refunds are shown on their own, and net is taken less refunded.
                This card counts the whole office day at every desk; a Z report counts one drawer session.
              </p>
            ) : null}
          </section>
          <section className="card" aria-labelledby="dash-due">
            <h2 id="dash-due">Due today</h2>
            {list(stats.dueToday, 'Nothing due today.')}
          </section>
          <section className="card" aria-labelledby="dash-overdue">
            <h2 id="dash-overdue">Overdue</h2>
            {list(stats.overdue, 'Nothing overdue.')}
          </section>
          <section className="card" aria-labelledby="dash-drawer">
            <h2 id="dash-drawer">Drawer</h2>
            <p className="dashboard__figure">
              {stats.drawer ? `Open on ${stats.drawer.deskCode}: ${format(stats.drawer.expectedCash, stats.drawer.currency)} expected` : 'No drawer open.'}
            </p>
          </section>
          <section className="card" aria-labelledby="dash-outbox">
            <h2 id="dash-outbox">Waiting for Stripe</h2>
            <p className="dashboard__figure">{stats.outboxPending === 0 ? 'Nothing waiting.' : `${stats.outboxPending} pending`}</p>
          </section>
          <section className="card" aria-labelledby="dash-sync">
            <h2 id="dash-sync">Sync</h2>
            <p className="dashboard__figure">
              {!stats.sync.relayConfigured ? 'Relay not set up.' : stats.sync.online ? `Online${stats.sync.lastSyncAt ? `, last sync ${time.time(stats.sync.lastSyncAt)}` : ''}` : `Offline${stats.sync.lastError ? `: ${stats.sync.lastError}` : ''}`}
            </p>
          </section>
        </div>
      )}
    </section>
  );
}

type Stats = OutputOf<'dashboard:stats'>;

/** Today's net takings by method, in the first currency taken today (currencies never share an axis). */
function TakingsChart({ takings, format }: { takings: Stats['takings']; format: (amount: number, currency: string) => string }) {
  const currency = takings[0]?.currency ?? 'USD';
  const points = takings.filter((t) => t.currency === currency).map((t) => ({ label: methodLabel(t.method), value: t.net, text: format(t.net, currency) }));
  return <BarChart title={`Today's net takings in ${currency} by method`} points={points} xLabel="Method" yLabel={`Net of refunds (${currency})`} axisText={(v) => format(v, currency)} />;
}
