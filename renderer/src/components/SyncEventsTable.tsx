import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { useCursorPages } from '../hooks/useCursorPages';
import { Banner } from './Banner';
import { DataTable } from './DataTable';
import { LoadMore } from './LoadMore';
import { TableExport } from './TableExport';
import { SelectField } from './SelectField';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';

type Event = OutputOf<'sync:events'>['events'][number];
const PAGE = 100;

/** Recent Stripe events applied on this desk; unmatched ones are kept and shown, never dropped. */
export function SyncEventsTable() {
  const [outcome, setOutcome] = useState('');
  const filters = outcome ? { outcome: outcome as Event['outcome'] } : {};
  const { rows: events, error, hasMore, loadingMore, loadMore } = useCursorPages({
    pageSize: PAGE,
    channel: 'sync:events',
    input: filters,
    page: (r) => ({ rows: r.events, nextCursor: r.nextCursor }),
  });
  const when = useOfficeTime().dateTime;
  const columns = useMemo(() => {
    const c = createColumnHelper<Event>();
    return [
      c.accessor('appliedAt', { header: t('syncEventsTable.applied'), cell: (x) => when(x.getValue()) }),
      c.accessor('type', { header: t('syncEventsTable.event') }),
      c.accessor('objectId', { header: t('syncEventsTable.stripeObject'), cell: (x) => x.getValue() ?? '' }),
      c.accessor('outcome', { header: t('syncEventsTable.result') }),
      c.accessor('source', { header: t('syncEventsTable.cameFrom'), cell: (x) => (x.getValue() === 'relay' ? t('syncEventsTable.relay') : t('syncEventsTable.stripeCatchUp')) }),
      c.accessor('detail', { header: t('syncEventsTable.detail'), cell: (x) => x.getValue() ?? '' }),
    ];
  }, [when]);
  return (
    <div className="stack">
      <h2>{t('syncEventsTable.stripeEventsOnThisDesk')}</h2>
      <SelectField label={t('syncEventsTable.show')} value={outcome} onChange={(e) => setOutcome(e.target.value)} options={[{ value: '', label: t('syncEventsTable.all') }, { value: 'applied', label: t('syncEventsTable.applied') }, { value: 'unmatched', label: t('syncEventsTable.unmatchedForAnUnknownRecord') }, { value: 'ignored', label: t('syncEventsTable.ignoredTypes') }, { value: 'stale', label: t('syncEventsTable.olderThanWhatWasApplied') }]} />
      <TableExport request={{ table: 'syncEvents', filters }} label={t('syncEventsTable.stripeEvents')} />
      {error ? <Banner kind="error">{error}</Banner> : null}
      <DataTable label={t('syncEventsTable.stripeEvents')} columns={columns} data={events ?? []} empty={t('syncEventsTable.noStripeEventsYet')} getRowId={(e: Event) => e.eventId} />
      <LoadMore shown={events?.length ?? 0} hasMore={hasMore} loading={loadingMore} what={t('syncEventsTable.events')} onLoad={() => void loadMore()} />
    </div>
  );
}
