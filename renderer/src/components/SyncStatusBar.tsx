import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { getApi } from '../api/bridge';
import { invoke } from '../api/invoke';
import { t } from '../i18n';

type Status = OutputOf<'sync:status'>;

/** Online/offline, last sync, events waiting and queued Stripe work, at the foot of every screen. */
export function SyncStatusBar() {
  const [status, setStatus] = useState<Status | null>(null);
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
  const state = !status.relayConfigured ? t('syncStatusBar.relayNotSetUp') : status.online ? t('dashboard.online') : t('dashboard.offline');
  return (
    <footer className="statusbar" aria-label={t('syncStatusBar.syncStatus')} role="contentinfo">
      <span data-testid="sync-state" className={status.online ? 'statusbar__ok' : 'statusbar__off'}>
        {state}
      </span>
      <span>{t('syncStatusBar.lastSync')} {status.lastSyncAt ? new Date(status.lastSyncAt).toLocaleString() : t('syncStatusBar.never')}</span>
      {status.eventsWaiting ? <span>{t('syncStatusBar.moreEventsWaiting')}</span> : null}
      <span data-testid="outbox-count">{status.outboxPending === 0 ? t('syncStatusBar.nothingWaitingToSendTo') : t('syncStatusBar.waitingToSendToStripe', { outboxPending: status.outboxPending })}</span>
      {status.lastError ? <span className="statusbar__off">{status.lastError}</span> : null}
    </footer>
  );
}
