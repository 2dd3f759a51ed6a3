import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { getApi } from '../api/bridge';
import { invoke, newRequestId } from '../api/invoke';
import { Banner } from '../components/Banner';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { TableExport } from '../components/TableExport';
import { ExportAllPanel } from '../components/ExportAllPanel';
import { toast } from '../stores/toasts';
import { useOfficeTime } from '../hooks/useOfficeTime';

type Listing = OutputOf<'backups:list'>;
type Backup = Listing['backups'][number];
const column = createColumnHelper<Backup>();

const kindLabel: Record<Backup['kind'], string> = { daily: 'Daily (automatic)', manual: 'Manual', 'pre-restore': 'Kept aside before a restore' };
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export function BackupsScreen() {
  const [listing, setListing] = useState<Listing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<Backup | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('backups:list', {});
    if (r.ok) setListing(r.value);
    else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  // The automatic daily backup (and one made in another window) shows up without a reload.
  useEffect(() => getApi().onChange((change) => {
    if (change.channel.startsWith('backups:')) void load();
  }), [load]);

  const backUpNow = async () => {
    setBusy(true);
    const r = await invoke('backups:create', { requestId: newRequestId() });
    setBusy(false);
    if (r.ok) {
      setNotice(`Backup ${r.value.name} saved.`);
      toast('success', 'Backup saved');
      setError(null);
      void load();
    } else setError(r.error.message);
  };

  const restore = async (backup: Backup) => {
    setRestoring(null);
    setBusy(true);
    const r = await invoke('backups:restore', { requestId: newRequestId(), name: backup.name, confirm: true });
    setBusy(false);
    if (r.ok) {
      setNotice(`Restored ${r.value.restored}. The data it replaced was kept as ${r.value.keptAsideAs}.`);
      setError(null);
      void load();
    } else {
      setError(r.error.message);
      setNotice(null);
    }
  };

  const when = useOfficeTime().dateTime;
  const columns = useMemo(
    () => [
      column.accessor('createdAt', { header: 'Made', cell: (c) => when(c.getValue()) }),
      column.accessor('kind', { header: 'Kind', cell: (c) => kindLabel[c.getValue()] }),
      column.accessor('bytes', { header: 'Size', cell: (c) => size(c.getValue()) }),
      column.accessor('name', { header: 'File' }),
      column.display({
        id: 'restore',
        header: 'Restore',
        cell: (c) => (
          <button type="button" className="button" onClick={() => setRestoring(c.row.original)} aria-label={`Restore ${c.row.original.name}`}>
            Restore…
          </button>
        ),
      }),
    ],
    [when],
  );

  return (
    <section aria-labelledby="backups-title">
      <h1 id="backups-title">Backups and data</h1>
      <p className="muted">
        A backup is made automatically every day while Bursar is open. Kept: the last {listing?.keepDaily ?? '…'} days and {listing?.keepWeekly ?? '…'} weeks. Folder:{' '}
        <code>{listing?.folder ?? '…'}</code>
      </p>
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => void backUpNow()} disabled={busy}>
          Back up now
        </button>
      </div>
      {listing?.lastAutomatic && !listing.lastAutomatic.ok ? (
        <Banner kind="error">
          The automatic backup of {when(listing.lastAutomatic.at)} failed: {listing.lastAutomatic.message}
        </Banner>
      ) : null}
      {listing?.lastAutomatic?.ok ? <p className="muted">Last automatic backup checked {when(listing.lastAutomatic.at)}: {listing.lastAutomatic.name ?? 'made'}.</p> : null}
      {notice ? <Banner kind="success">{notice}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      <TableExport request={{ table: 'backups', filters: {} }} label="backups" />
      {listing ? <DataTable label="Backups" columns={columns} data={listing.backups} empty="No backups yet." getRowId={(b: Backup) => b.name} /> : <p className="loading">Loading…</p>}
      <ExportAllPanel />
      {restoring ? (
        <ConfirmDialog title="Restore this backup?" confirmLabel="Yes, restore it" danger onConfirm={() => void restore(restoring)} onCancel={() => setRestoring(null)}>
          <p>
            Everything recorded since <strong>{when(restoring.createdAt)}</strong> will be replaced by this backup. The current data is kept aside as a backup
            first, and the backup is checked (integrity, version, ledger) before anything changes.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
