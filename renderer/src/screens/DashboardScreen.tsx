import type { OutputOf } from '../../../shared/contract';
import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import { BarChart } from '../components/BarChart';
import { useMoney } from '../hooks/useMoney';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { keyedWords } from '../api/invoke';
import { methodLabel } from '../i18n/labels';
import { t } from '../i18n';

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
    rows.length === 0 ? <p className="dashboard__figure">{none}</p> : rows.map((r) => <p key={r.currency} className="dashboard__figure">{format(r.amount, r.currency)} <span className="hint">{t('dashboard.items', { count: r.count })}</span></p>);

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.dashboard')}</h1>
      {!stats || query.isError ? <QueryStatus query={query} what={t('dashboard.todaySFigures')} /> : null}
      {!stats ? null : (
        <div className="dashboard">
          <section className="card" aria-labelledby="dash-takings">
            <h2 id="dash-takings">{t('dashboard.todaySTakings')}</h2>
            {stats.takings.length === 0 ? (
              <p className="dashboard__figure">{t('dashboard.nothingTakenYetToday')}</p>
            ) : (
              <table className="table" aria-label={t('dashboard.todaySTakingsByMethod')}>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.method')}</th>
                    <th scope="col">{t('dashboard.paymentsKept')}</th>
                    <th scope="col">{t('dashboard.takenKept')}</th>
                    <th scope="col">{t('dashboard.refunded')}</th>
                    <th scope="col">{t('dashboard.netOfRefunds')}</th>
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
                {t('dashboard.paymentsKeptAndTakenLeave')}
              </p>
            ) : null}
          </section>
          <section className="card" aria-labelledby="dash-due">
            <h2 id="dash-due">{t('dashboard.dueToday')}</h2>
            {list(stats.dueToday, t('dashboard.nothingDueToday'))}
          </section>
          <section className="card" aria-labelledby="dash-overdue">
            <h2 id="dash-overdue">{t('dashboard.overdue')}</h2>
            {list(stats.overdue, t('dashboard.nothingOverdue'))}
          </section>
          <section className="card" aria-labelledby="dash-drawer">
            <h2 id="dash-drawer">{t('dashboard.drawer')}</h2>
            <p className="dashboard__figure">
              {stats.drawer ? t('dashboard.openOnExpected', { deskCode: stats.drawer.deskCode, expectedCash: format(stats.drawer.expectedCash, stats.drawer.currency) }) : t('dashboard.noDrawerOpen')}
            </p>
          </section>
          <section className="card" aria-labelledby="dash-outbox">
            <h2 id="dash-outbox">{t('dashboard.waitingForStripe')}</h2>
            <p className="dashboard__figure">{stats.outboxPending === 0 ? t('dashboard.nothingWaiting') : t('dashboard.pending', { outboxPending: stats.outboxPending })}</p>
          </section>
          <section className="card" aria-labelledby="dash-sync">
            <h2 id="dash-sync">{t('dashboard.sync')}</h2>
            <p className="dashboard__figure">
              {!stats.sync.relayConfigured ? t('dashboard.relayNotSetUp') : stats.sync.online ? (stats.sync.lastSyncAt ? t('dashboard.onlineLastSync', { time: time.time(stats.sync.lastSyncAt) }) : t('dashboard.online')) : stats.sync.lastError ? t('dashboard.offlineWhy', { error: keyedWords(stats.sync.lastErrorWords, stats.sync.lastError) ?? '' }) : t('dashboard.offline')}
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
  return <BarChart title={t('dashboard.todaySNetTakingsIn', { currency })} points={points} xLabel={t('dashboard.method')} yLabel={t('dashboard.netOfRefunds2', { currency })} axisText={(v) => format(v, currency)} />;
}
