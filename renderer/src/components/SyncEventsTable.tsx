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
      c.accessor('appliedAt', { header: 'Applied', cell: (x) => when(x.getValue()) }),
      c.accessor('type', { header: 'Event' }),
      c.accessor('objectId', { header: 'Stripe object', cell: (x) => x.getValue() ?? '' }),
      c.accessor('outcome', { header: 'Result' }),
      c.accessor('source', { header: 'Came from', cell: (x) => (x.getValue() === 'relay' ? 'Relay' : 'Stripe catch-up') }),
      c.accessor('detail', { header: 'Detail', cell: (x) => x.getValue() ?? '' }),
    ];
  }, [when]);
  return (
    <div className="stack">
      <h2>Stripe events on this desk</h2>
      <SelectField label="Show" value={outcome} onChange={(e) => setOutcome(e.target.value)} options={[{ value: '', label: 'All' }, { value: 'applied', label: 'Applied' }, { value: 'unmatched', label: 'Unmatched (for an unknown record)' }, { value: 'ignored', label: 'Ignored types' }, { value: 'stale', label: 'Older than what was applied' }]} />
      <TableExport request={{ table: 'syncEvents', filters }} label="Stripe events" />
      {error ? <Banner kind="error">{error}</Banner> : null}
      <DataTable label="Stripe events" columns={columns} data={events ?? []} empty="No Stripe events yet." getRowId={(e: Event) => e.eventId} />
      <LoadMore shown={events?.length ?? 0} hasMore={hasMore} loading={loadingMore} what="events" onLoad={() => void loadMore()} />
    </div>
  );
}
