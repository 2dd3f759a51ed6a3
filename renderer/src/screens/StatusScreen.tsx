import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import { DelinquentPanel } from '../components/DelinquentPanel';
import { MailLogPanel } from '../components/MailLogPanel';
import { OfficeConflictsPanel } from '../components/OfficeConflictsPanel';
import { OfficeDesksPanel } from '../components/OfficeDesksPanel';
import { OutboxPanel } from '../components/OutboxPanel';
import { SyncEventsTable } from '../components/SyncEventsTable';
import { useSession } from '../stores/session';
import { t } from '../i18n';

export function StatusScreen() {
  const isAdmin = useSession((s) => s.state.user?.role === 'admin');
  const query = useChannelQuery('app:info', {});
  const info = query.data;
  if (!info) return <QueryStatus query={query} what={t('status.aboutThisDeskWhat')} />;
  const rows: [string, string][] = [
    [t('statusScreen.version'), info.version],
    [t('statusScreen.dataFolder'), info.dataDir],
    [t('statusScreen.databaseFile'), info.databaseFile],
    [t('statusScreen.schemaVersion'), String(info.schemaVersion)],
    ['Stripe', info.stripeConfigured ? t('statusScreen.configured') : t('statusScreen.notConfigured')],
    [t('statusScreen.cloudRelay'), info.relayConfigured ? t('statusScreen.configured') : t('statusScreen.notConfigured')],
  ];
  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">{t('status.status')}</h1>
      <dl className="card facts" aria-label={t('status.aboutThisDesk')}>
        {rows.map(([k, v]) => (
          <div key={k} className="facts__row">
            <dt>{k}</dt>
            <dd data-testid={`info-${k.toLowerCase().replace(/\s+/g, '-')}`}>{v}</dd>
          </div>
        ))}
      </dl>
      <OfficeDesksPanel />
      {isAdmin ? <OfficeConflictsPanel /> : null}
      <OutboxPanel />
      <MailLogPanel />
      <DelinquentPanel />
      <SyncEventsTable />
    </section>
  );
}
