import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { useCursorPages } from '../hooks/useCursorPages';
import { Banner } from './Banner';
import { DataTable } from './DataTable';
import { LoadMore } from './LoadMore';
import { SelectField } from './SelectField';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';
import type { MessageId } from '../i18n';

type Listing = OutputOf<'reminders:list'>;
type Row = Listing['rows'][number];
const PAGE = 50;
const KIND: Record<Row['kind'], MessageId> = { receipt: 'mailLogPanel.kind.receipt', statement: 'mailLogPanel.kind.statement', reminder: 'mailLogPanel.kind.reminder' };
const STATE: Record<Row['state'], MessageId> = { queued: 'mail.state.queued', sending: 'mail.state.sending', sent: 'mail.state.sent', unconfirmed: 'mail.state.unconfirmed', failed: 'mail.state.failed' };

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
      c.accessor('createdAt', { header: t('mailLogPanel.queued'), cell: (x) => when(x.getValue()) }),
      c.accessor('kind', { header: t('mailLogPanel.what'), cell: (x) => t(KIND[x.getValue()]) }),
      c.accessor('payerName', { header: t('mailLogPanel.payer') }),
      c.accessor('to', { header: t('mailLogPanel.to') }),
      c.accessor('subject', { header: t('mailLogPanel.subject') }),
      c.accessor('state', { header: t('mailLogPanel.state'), cell: (x) => t(STATE[x.getValue()]) }),
      c.accessor('tries', { header: t('mailLogPanel.tries'), cell: (x) => t('mailLogPanel.triesOf', { tries: x.getValue(), max: x.row.original.maxTries }) }),
      c.accessor('nextTryAt', { header: t('mailLogPanel.nextTry'), cell: (x) => when(x.getValue()) }),
      c.accessor('lastError', { header: t('mailLogPanel.serverSaid'), cell: (x) => x.getValue() ?? x.row.original.serverResponse ?? '' }),
    ];
  }, [dateTime]);
  const counts = head?.counts;
  return (
    <div className="stack">
      <h2 id="mail-log-title">{t('mailLogPanel.mailLog')}</h2>
      {counts ? (
        <Banner kind={counts.failed > 0 ? 'error' : 'info'}>
          <span data-testid="mail-counts">{t('mailLogPanel.waitingSentNotConfirmedGave', { queued: counts.queued, sent: counts.sent, unconfirmed: counts.unconfirmed, failed: counts.failed })}</span>
        </Banner>
      ) : null}
      <div className="toolbar">
        <SelectField label={t('mailLogPanel.showMail')} value={state} onChange={(e) => setState(e.target.value)} options={[{ value: '', label: t('mailLogPanel.allMail') }, ...Object.entries(STATE).map(([value, label]) => ({ value, label }))]} />
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      <DataTable label={t('mailLogPanel.mailLog')} columns={columns} data={rows ?? []} empty={t('mailLogPanel.noMailYet')} getRowId={(r: Row) => r.id} />
      <LoadMore shown={rows?.length ?? 0} hasMore={hasMore} loading={loadingMore} what={t('mailLogPanel.mails')} onLoad={() => void loadMore()} />
    </div>
  );
}
