import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { useMoney } from '../api/money';
import { useCursorPages } from '../hooks/useCursorPages';
import { useSession } from '../stores/session';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { DataTable } from './DataTable';
import { LoadMore } from './LoadMore';
import { TableExport } from './TableExport';
import { ReasonDialog } from './ReasonDialog';
import { useOfficeTime } from '../hooks/useOfficeTime';

type Listing = OutputOf<'outbox:list'>;
type Row = Listing['rows'][number];
const PAGE = 50;

/** Stripe work queued on this desk: what is waiting, what failed, and a cancel for what was never sent. */
export function OutboxPanel() {
  const money = useMoney();
  const isAdmin = useSession((s) => s.state.user?.role === 'admin');
  const [cancelling, setCancelling] = useState<Row | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  // Change notices (the outbox worker's sends) reload the rows shown; flush and cancel reload them at once.
  const { rows, head: listing, error: loadError, hasMore, loadingMore, loadMore, refresh } = useCursorPages({
    pageSize: PAGE,
    channel: 'outbox:list',
    input: {},
    page: (r: Listing) => ({ rows: r.rows, nextCursor: r.nextCursor }),
  });

  const flush = async () => {
    const r = await invoke('outbox:flush', {});
    if (r.ok) toast(r.value.retrying > 0 ? 'info' : 'success', r.value.retrying > 0 ? 'Stripe is not reachable; will retry' : `Sent ${r.value.done}`);
    refresh();
  };
  const cancel = async (reason: string) => {
    if (!cancelling) return;
    const r = await invoke('outbox:cancel', { requestId: newRequestId(), outboxId: cancelling.id, reason });
    if (!r.ok) return setError(r.error.fields?.reason ?? r.error.message);
    toast('success', 'Refund cancelled; the amount is on the payer’s credit');
    setCancelling(null);
    refresh();
  };

  const when = useOfficeTime().dateTime;
  const columns = useMemo(() => {
    const c = createColumnHelper<Row>();
    return [
      c.accessor('createdAt', { header: 'Queued', cell: (x) => when(x.getValue()) }),
      c.accessor('kind', { header: 'What', cell: (x) => (x.getValue() === 'stripe.refund' ? 'Card refund' : x.getValue()) }),
      c.accessor('amount', { header: 'Amount', cell: (x) => (x.getValue() !== null && x.row.original.currency ? money(x.getValue() ?? 0, x.row.original.currency) : '') }),
      c.accessor('state', { header: 'State' }),
      c.accessor('attempts', { header: 'Tries' }),
      c.accessor('lastError', { header: 'Last problem', cell: (x) => x.getValue() ?? '' }),
      c.display({
        id: 'cancel',
        header: 'Cancel',
        cell: (x) =>
          isAdmin && x.row.original.state === 'pending' && x.row.original.attempts === 0 ? (
            <button type="button" className="button" onClick={() => setCancelling(x.row.original)}>
              Cancel
            </button>
          ) : null,
      }),
    ];
  }, [money, isAdmin, when]);

  return (
    <div className="stack">
      <h2>Waiting to send to Stripe</h2>
      {listing ? <Banner kind="info">{listing.summary}</Banner> : null}
      <div className="toolbar">
        <button type="button" className="button" onClick={() => void flush()}>
          Send now
        </button>
      </div>
      <TableExport request={{ table: 'outbox', filters: {} }} label="outbox" />
      {loadError ? <Banner kind="error">{loadError}</Banner> : null}
      <DataTable label="Outbox" columns={columns} data={rows ?? []} empty="Nothing queued." getRowId={(r: Row) => r.id} />
      <LoadMore shown={rows?.length ?? 0} hasMore={hasMore} loading={loadingMore} what="outbox rows" onLoad={() => void loadMore()} />
      {cancelling ? (
        <ReasonDialog title="Cancel this card refund?" confirmLabel="Cancel the refund" error={error} onConfirm={(reason) => void cancel(reason)} onCancel={() => setCancelling(null)}>
          <p>It was never sent to Stripe. The amount goes to the payer’s credit balance, to refund another way.</p>
        </ReasonDialog>
      ) : null}
    </div>
  );
}
