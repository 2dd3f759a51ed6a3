import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { useMoney } from '../hooks/useMoney';
import { useCursorPages } from '../hooks/useCursorPages';
import { useSession } from '../stores/session';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { DataTable } from './DataTable';
import { LoadMore } from './LoadMore';
import { TableExport } from './TableExport';
import { ReasonDialog } from './ReasonDialog';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';

type Listing = OutputOf<'outbox:list'>;
type Row = Listing['rows'][number];
const PAGE = 50;

/** Stripe work queued on this desk: what is waiting, what failed, and a cancel for what was never sent. */
export function OutboxPanel() {
  const { format: money } = useMoney();
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
    if (r.ok) toast(r.value.retrying > 0 ? 'info' : 'success', r.value.retrying > 0 ? t('outboxPanel.stripeIsNotReachableWill') : t('outboxPanel.sent', { done: r.value.done }));
    refresh();
  };
  const cancel = async (reason: string) => {
    if (!cancelling) return;
    const r = await invoke('outbox:cancel', { requestId: newRequestId(), outboxId: cancelling.id, reason });
    if (!r.ok) return setError(r.error.fields?.reason ?? r.error.message);
    toast('success', t('outboxPanel.refundCancelledTheAmountIs'));
    setCancelling(null);
    refresh();
  };

  const when = useOfficeTime().dateTime;
  const columns = useMemo(() => {
    const c = createColumnHelper<Row>();
    return [
      c.accessor('createdAt', { header: t('outboxPanel.queued'), cell: (x) => when(x.getValue()) }),
      c.accessor('kind', { header: t('outboxPanel.what'), cell: (x) => (x.getValue() === 'stripe.refund' ? t('outboxPanel.cardRefund') : x.getValue()) }),
      c.accessor('amount', { header: t('outboxPanel.amount'), cell: (x) => (x.getValue() !== null && x.row.original.currency ? money(x.getValue() ?? 0, x.row.original.currency) : '') }),
      c.accessor('state', { header: t('outboxPanel.state') }),
      c.accessor('attempts', { header: t('outboxPanel.tries') }),
      c.accessor('lastError', { header: t('outboxPanel.lastProblem'), cell: (x) => x.getValue() ?? '' }),
      c.display({
        id: 'cancel',
        header: t('outboxPanel.cancel'),
        cell: (x) =>
          isAdmin && x.row.original.state === 'pending' && x.row.original.attempts === 0 ? (
            <button type="button" className="button" onClick={() => setCancelling(x.row.original)}>
              {t('outboxPanel.cancel')}
            </button>
          ) : null,
      }),
    ];
  }, [money, isAdmin, when]);

  return (
    <div className="stack">
      <h2>{t('outboxPanel.waitingToSendToStripe')}</h2>
      {listing ? <Banner kind="info">{listing.waiting === 0 ? t('outboxPanel.nothingWaiting') : t('outboxPanel.refundsWaiting', { waiting: listing.waiting })}</Banner> : null}
      <div className="toolbar">
        <button type="button" className="button" onClick={() => void flush()}>
          {t('outboxPanel.sendNow')}
        </button>
      </div>
      <TableExport request={{ table: 'outbox', filters: {} }} label={t('outboxPanel.outbox')} />
      {loadError ? <Banner kind="error">{loadError}</Banner> : null}
      <DataTable label={t('outboxPanel.outbox2')} columns={columns} data={rows ?? []} empty={t('outboxPanel.nothingQueued')} getRowId={(r: Row) => r.id} />
      <LoadMore shown={rows?.length ?? 0} hasMore={hasMore} loading={loadingMore} what={t('outboxPanel.outboxRows')} onLoad={() => void loadMore()} />
      {cancelling ? (
        <ReasonDialog title={t('outboxPanel.cancelThisCardRefund')} confirmLabel={t('outboxPanel.cancelTheRefund')} error={error} onConfirm={(reason) => void cancel(reason)} onCancel={() => setCancelling(null)}>
          <p>{t('outboxPanel.itWasNeverSentTo')}</p>
        </ReasonDialog>
      ) : null}
    </div>
  );
}
