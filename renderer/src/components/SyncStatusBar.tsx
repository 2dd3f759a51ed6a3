import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { getApi } from '../api/bridge';
import { invoke } from '../api/invoke';
import { useOfficeTime } from '../hooks/useOfficeTime';

type Status = OutputOf<'sync:status'>;

/** Online/offline, last sync, events waiting and queued Stripe work, at the foot of every screen. */
export function SyncStatusBar() {
  const [status, setStatus] = useState<Status | null>(null);
  const when = useOfficeTime().dateTime;
  useEffect(() => {
    const load = () => void invoke('sync:status', {}).then((r) => r.ok && setStatus(r.value));
    load();
    const off = getApi().onChange(load);
    // Connectivity changes without any data changing, so the bar also looks every half minute.
    const timer = window.setInterval(load, 30_000);
    return () => {
      off();
      window.clearInterval(timer);
    };
  }, []);
  if (!status) return null;
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
