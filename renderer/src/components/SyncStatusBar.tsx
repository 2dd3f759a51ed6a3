import { useChannelQuery } from '../query/useChannelQuery';
import { QueryStatus } from './QueryStatus';
import { useOfficeTime } from '../hooks/useOfficeTime';

/** Online/offline, last sync, events waiting and queued Stripe work, at the foot of every screen. */
export function SyncStatusBar() {
  // Connectivity changes without any data changing, so the bar also looks every half minute.
  const query = useChannelQuery('sync:status', {}, { refetchInterval: 30_000 });
  const status = query.data;
  const when = useOfficeTime().dateTime;
  if (!status) {
    return query.isError ? (
      <footer className="statusbar" aria-label="Sync status" role="contentinfo">
        <QueryStatus query={query} what="the sync status" />
      </footer>
    ) : null;
  }
  const state = !status.relayConfigured ? 'Relay not set up' : status.online ? 'Online' : 'Offline';
  return (
    <footer className="statusbar" aria-label="Sync status" role="contentinfo">
      <span data-testid="sync-state" className={status.online ? 'statusbar__ok' : 'statusbar__off'}>
        {state}
      </span>
      <span>Last sync: {status.lastSyncAt ? when(status.lastSyncAt) : 'never'}</span>
      {status.eventsWaiting ? <span>More events waiting</span> : null}
      <span data-testid="outbox-count">{status.outboxPending === 0 ? 'Nothing waiting to send to Stripe' : `${status.outboxPending} waiting to send to Stripe`}</span>
      {status.lastError ? <span className="statusbar__off">{status.lastError}</span> : null}
    </footer>
  );
}
