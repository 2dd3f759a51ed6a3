import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { officeDayOf, useDate, useMoney } from '../api/money';
import { useChannelQuery } from '../query/useChannelQuery';
import { QueryStatus } from './QueryStatus';
import { DataTable } from './DataTable';

type Row = OutputOf<'schedules:delinquent'>['items'][number];

/** Items whose saved-card payment failed after every retry: the desk follows up with the payer. */
export function DelinquentPanel() {
  const money = useMoney();
  const date = useDate();
  const query = useChannelQuery('schedules:delinquent', {});
  const columns = useMemo(() => {
    const c = createColumnHelper<Row>();
    return [
      c.accessor('payerName', { header: 'Payer' }),
      c.accessor('seq', { header: 'Item' }),
      c.accessor('dueDate', { header: 'Due', cell: (x) => date(x.getValue()) }),
      c.accessor('amount', { header: 'Owed', cell: (x) => money(x.row.original.amount - x.row.original.paid, x.row.original.currency) }),
      c.accessor('reason', { header: 'Last failure' }),
      c.accessor('since', { header: 'Delinquent since', cell: (x) => date(officeDayOf(x.getValue())) }),
    ];
  }, [date, money]);
  return (
    <div className="stack">
      <h2>Delinquent items</h2>
      <QueryStatus query={query} what="delinquent items" />
      {query.data ? <DataTable label="Delinquent items" columns={columns} data={query.data.items} empty="No delinquent items." getRowId={(r: Row) => r.itemId} /> : null}
    </div>
  );
}
