import { useChannelQuery } from '../query/useChannelQuery';
import { QueryStatus } from './QueryStatus';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';
import { keyedWords } from '../api/invoke';

/** Online/offline, last sync, events waiting and queued Stripe work, at the foot of every screen. */
export function SyncStatusBar() {
  // Connectivity changes without any data changing, so the bar also looks every half minute.
  const query = useChannelQuery('sync:status', {}, { refetchInterval: 30_000 });
  const status = query.data;
  const when = useOfficeTime().dateTime;
  if (!status) {
    return query.isError ? (
      <footer className="statusbar" aria-label={t('syncStatusBar.syncStatus')} role="contentinfo">
        <QueryStatus query={query} what={t('syncStatusBar.theSyncStatus')} />
      </footer>
    ) : null;
  }
  const state = !status.relayConfigured ? t('syncStatusBar.relayNotSetUp') : status.online ? t('dashboard.online') : t('dashboard.offline');
  return (
    <footer className="statusbar" aria-label={t('syncStatusBar.syncStatus')} role="contentinfo">
      <span data-testid="sync-state" className={status.online ? 'statusbar__ok' : 'statusbar__off'}>
        {state}
      </span>
      <span>{t('syncStatusBar.lastSync')} {status.lastSyncAt ? when(status.lastSyncAt) : t('syncStatusBar.never')}</span>
      {status.eventsWaiting ? <span>{t('syncStatusBar.moreEventsWaiting')}</span> : null}
      <span data-testid="outbox-count">{status.outboxPending === 0 ? t('syncStatusBar.nothingWaitingToSendTo') : t('syncStatusBar.waitingToSendToStripe', { outboxPending: status.outboxPending })}</span>
      {status.lastError ? <span className="statusbar__off">{keyedWords(status.lastErrorWords, status.lastError)}</span> : null}
    </footer>
  );
}
