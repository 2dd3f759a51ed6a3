import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';
import { Banner } from '../components/Banner';
import { DelinquentPanel } from '../components/DelinquentPanel';
import { MailLogPanel } from '../components/MailLogPanel';
import { OfficeConflictsPanel } from '../components/OfficeConflictsPanel';
import { OfficeDesksPanel } from '../components/OfficeDesksPanel';
import { OutboxPanel } from '../components/OutboxPanel';
import { SyncEventsTable } from '../components/SyncEventsTable';
import { useSession } from '../stores/session';
import { t } from '../i18n';

type Info = OutputOf<'app:info'>;

export function StatusScreen() {
  const isAdmin = useSession((s) => s.state.user?.role === 'admin');
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void invoke('app:info', {}).then((r) => (r.ok ? setInfo(r.value) : setError(r.error.message)));
  }, []);
  if (error) return <Banner kind="error">{error}</Banner>;
  if (!info) return <p className="loading">{t('status.loading')}</p>;
  const rows: [string, string][] = [
    ['Version', info.version],
    [t('statusScreen.dataFolder'), info.dataDir],
    [t('statusScreen.databaseFile'), info.databaseFile],
    [t('statusScreen.schemaVersion'), String(info.schemaVersion)],
    ['Stripe', info.stripeConfigured ? 'Configured' : t('statusScreen.notConfigured')],
    [t('statusScreen.cloudRelay'), info.relayConfigured ? 'Configured' : t('statusScreen.notConfigured')],
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
