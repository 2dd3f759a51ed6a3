import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { getApi } from '../api/bridge';
import { invoke } from '../api/invoke';
import { officeDayOf, useDate, useMoney } from '../api/money';
import { Banner } from './Banner';
import { DataTable } from './DataTable';

type Row = OutputOf<'schedules:delinquent'>['items'][number];

/** Items whose saved-card payment failed after every retry: the desk follows up with the payer. */
export function DelinquentPanel() {
  const money = useMoney();
  const date = useDate();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void invoke('schedules:delinquent', {}).then((r) => (r.ok ? setRows(r.value.items) : setError(r.error.message)));
  }, []);
  useEffect(() => {
    load();
    return getApi().onChange(load);
  }, [load]);
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
      {error ? <Banner kind="error">{error}</Banner> : null}
      <DataTable label="Delinquent items" columns={columns} data={rows ?? []} empty="No delinquent items." getRowId={(r: Row) => r.itemId} />
    </div>
  );
}
