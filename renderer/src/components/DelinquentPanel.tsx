import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { officeDayOf, useDate } from '../api/money';
import { useChannelQuery } from '../query/useChannelQuery';
import { QueryStatus } from './QueryStatus';
import { useMoney } from '../hooks/useMoney';
import { DataTable } from './DataTable';
import { t } from '../i18n';

type Row = OutputOf<'schedules:delinquent'>['items'][number];

/** Items whose saved-card payment failed after every retry: the desk follows up with the payer. */
export function DelinquentPanel() {
  const { format: money } = useMoney();
  const date = useDate();
  const query = useChannelQuery('schedules:delinquent', {});
  const columns = useMemo(() => {
    const c = createColumnHelper<Row>();
    return [
      c.accessor('payerName', { header: t('delinquentPanel.payer') }),
      c.accessor('seq', { header: t('delinquentPanel.item') }),
      c.accessor('dueDate', { header: t('delinquentPanel.due'), cell: (x) => date(x.getValue()) }),
      c.accessor('amount', { header: t('delinquentPanel.owed'), cell: (x) => money(x.row.original.amount - x.row.original.paid, x.row.original.currency) }),
      c.accessor('reason', { header: t('delinquentPanel.lastFailure') }),
      c.accessor('since', { header: t('delinquentPanel.delinquentSince'), cell: (x) => date(officeDayOf(x.getValue())) }),
    ];
  }, [date, money]);
  return (
    <div className="stack">
      <h2>{t('delinquentPanel.delinquentItems')}</h2>
      <QueryStatus query={query} what={t('delinquentPanel.delinquentItems2')} />
      {query.data ? <DataTable label={t('delinquentPanel.delinquentItems')} columns={columns} data={query.data.items} empty={t('delinquentPanel.noDelinquentItems')} getRowId={(r: Row) => r.itemId} /> : null}
    </div>
  );
}
