import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { Banner } from '../components/Banner';
import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { TableExport } from '../components/TableExport';
import { ExportAllPanel } from '../components/ExportAllPanel';
import { queryClient } from '../query/queryClient';
import { toast } from '../stores/toasts';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';
import type { MessageId } from '../i18n';

type Listing = OutputOf<'backups:list'>;
type Backup = Listing['backups'][number];
const column = createColumnHelper<Backup>();

const kindLabel: Record<Backup['kind'], MessageId> = { daily: 'backups.kind.daily', manual: 'backups.kind.manual', 'pre-restore': 'backups.kind.preRestore' };
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export function BackupsScreen() {
  // The automatic daily backup (and one made in another window) shows up by its change notice.
  const query = useChannelQuery('backups:list', {});
  const listing: Listing | null = query.data ?? null;
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<Backup | null>(null);


  const backUpNow = async () => {
    setBusy(true);
    const r = await invoke('backups:create', { requestId: newRequestId() });
    setBusy(false);
    if (r.ok) {
      setNotice(t('backups.backupNameSaved', { name: r.value.name }));
      toast('success', t('backups.backupSaved'));
      setError(null);
      // A backup is an action (no change notice of its own): read the list again.
      void query.refetch();
    } else setError(r.error.message);
  };

  const restore = async (backup: Backup) => {
    setRestoring(null);
    setBusy(true);
    const r = await invoke('backups:restore', { requestId: newRequestId(), name: backup.name, confirm: true });
    setBusy(false);
    if (r.ok) {
      setNotice(t('backups.restoredTheDataItReplaced', { restored: r.value.restored, keptAsideAs: r.value.keptAsideAs }));
      setError(null);
      // The whole store was replaced: every cached read (settings first) is read again.
      void queryClient.invalidateQueries();
    } else {
      setError(r.error.message);
      setNotice(null);
    }
  };

  const when = useOfficeTime().dateTime;
  const columns = useMemo(
    () => [
      column.accessor('createdAt', { header: t('backups.made'), cell: (c) => when(c.getValue()) }),
      column.accessor('kind', { header: t('backups.kind'), cell: (c) => t(kindLabel[c.getValue()]) }),
      column.accessor('bytes', { header: t('backups.size'), cell: (c) => size(c.getValue()) }),
      column.accessor('name', { header: t('backups.file') }),
      column.display({
        id: 'restore',
        header: t('backups.restore'),
        cell: (c) => (
          <button type="button" className="button" onClick={() => setRestoring(c.row.original)} aria-label={t('backups.restore3', { name: c.row.original.name })}>
            {t('backups.restore2')}
          </button>
        ),
      }),
    ],
    [when],
  );

  return (
    <section aria-labelledby="backups-title">
      <h1 id="backups-title">{t('backups.backupsAndData')}</h1>
      <p className="muted">
        {t('backups.aBackupIsMadeAutomatically', { keepDaily: listing?.keepDaily ?? '…', keepWeekly: listing?.keepWeekly ?? '…' })}{' '}
        <code>{listing?.folder ?? '…'}</code>
      </p>
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => void backUpNow()} disabled={busy}>
          {t('backups.backUpNow')}
        </button>
      </div>
      {listing?.lastAutomatic && !listing.lastAutomatic.ok ? (
        <Banner kind="error">
          {t('backups.theAutomaticBackupOfFailed2', { at: when(listing.lastAutomatic.at), message: listing.lastAutomatic.message })}
        </Banner>
      ) : null}
      {listing?.lastAutomatic?.ok ? <p className="muted">{t('backups.lastAutomaticBackupChecked2', { at: when(listing.lastAutomatic.at) })} {listing.lastAutomatic.name ?? t('backups.made2')}.</p> : null}
      {notice ? <Banner kind="success">{notice}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      <TableExport request={{ table: 'backups', filters: {} }} label={t('backups.backups')} />
      {!listing || query.isError ? <QueryStatus query={query} what={t('backups.theBackups')} /> : null}
      {listing ? <DataTable label={t('backups.backups2')} columns={columns} data={listing.backups} empty={t('backups.noBackupsYet')} getRowId={(b: Backup) => b.name} /> : null}
      <ExportAllPanel />
      {restoring ? (
        <ConfirmDialog title={t('backups.restoreThisBackup')} confirmLabel={t('backups.yesRestoreIt')} danger onConfirm={() => void restore(restoring)} onCancel={() => setRestoring(null)}>
          <p>
            {t('backups.everythingRecordedSince')} <strong>{when(restoring.createdAt)}</strong> {t('backups.willBeReplacedByThis')}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
