import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { useCursorPages } from '../hooks/useCursorPages';
import { Banner } from './Banner';
import { DataTable } from './DataTable';
import { LoadMore } from './LoadMore';
import { SelectField } from './SelectField';
import { useOfficeTime } from '../hooks/useOfficeTime';

type Listing = OutputOf<'reminders:list'>;
type Row = Listing['rows'][number];
const PAGE = 50;
const KIND: Record<Row['kind'], string> = { receipt: 'Receipt', statement: 'Statement', reminder: 'Reminder' };
const STATE: Record<Row['state'], string> = { queued: 'Waiting', sending: 'Sending', sent: 'Sent', unconfirmed: 'Probably sent (not confirmed)', failed: 'Gave up' };

/** The mail log: what is waiting, what went, and what failed in the mail server's own words. */
export function MailLogPanel() {
  const [state, setState] = useState('');
  const { rows, head, error, hasMore, loadingMore, loadMore } = useCursorPages({
    pageSize: PAGE,
    channel: 'reminders:list',
    input: state ? { state: state as Row['state'] } : {},
    page: (r: Listing) => ({ rows: r.rows, nextCursor: r.nextCursor }),
  });
  const dateTime = useOfficeTime().dateTime;
  const columns = useMemo(() => {
    const c = createColumnHelper<Row>();
    const when = (iso: string | null) => (iso ? dateTime(iso) : '');
    return [
      c.accessor('createdAt', { header: 'Queued', cell: (x) => when(x.getValue()) }),
      c.accessor('kind', { header: 'What', cell: (x) => KIND[x.getValue()] }),
      c.accessor('payerName', { header: 'Payer' }),
      c.accessor('to', { header: 'To' }),
      c.accessor('subject', { header: 'Subject' }),
      c.accessor('state', { header: 'State', cell: (x) => STATE[x.getValue()] }),
      c.accessor('tries', { header: 'Tries', cell: (x) => `${x.getValue()} of ${x.row.original.maxTries}` }),
      c.accessor('nextTryAt', { header: 'Next try', cell: (x) => when(x.getValue()) }),
      c.accessor('lastError', { header: 'Server said', cell: (x) => x.getValue() ?? x.row.original.serverResponse ?? '' }),
    ];
  }, [dateTime]);
  const counts = head?.counts;
  return (
    <div className="stack">
      <h2 id="mail-log-title">Mail log</h2>
      {counts ? (
        <Banner kind={counts.failed > 0 ? 'error' : 'info'}>
          <span data-testid="mail-counts">{`${counts.queued} waiting, ${counts.sent} sent, ${counts.unconfirmed} not confirmed, ${counts.failed} gave up`}</span>
        </Banner>
      ) : null}
      <div className="toolbar">
        <SelectField label="Show mail" value={state} onChange={(e) => setState(e.target.value)} options={[{ value: '', label: 'All mail' }, ...Object.entries(STATE).map(([value, label]) => ({ value, label }))]} />
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      <DataTable label="Mail log" columns={columns} data={rows ?? []} empty="No mail yet." getRowId={(r: Row) => r.id} />
      <LoadMore shown={rows?.length ?? 0} hasMore={hasMore} loading={loadingMore} what="mails" onLoad={() => void loadMore()} />
    </div>
  );
}
