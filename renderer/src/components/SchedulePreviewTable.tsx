import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { useDate, useMoney } from '../api/money';
import { DataTable } from './DataTable';

type Item = OutputOf<'plans:preview'>['items'][number];

/** The items a plan would generate (nothing written yet): number, kind, due date, amount. */
export function SchedulePreviewTable({ label, items, currency }: { label: string; items: Item[]; currency: string }) {
  const money = useMoney();
  const date = useDate();
  const columns = useMemo(() => {
    const c = createColumnHelper<Item>();
    return [
      c.accessor('seq', { header: '#' }),
      c.accessor('kind', { header: 'Kind' }),
      c.accessor('dueDate', { header: 'Due', cell: (x) => date(x.getValue()) }),
      c.accessor('amount', { header: 'Amount', cell: (x) => money(x.getValue(), currency) }),
    ];
  }, [date, money, currency]);
  return <DataTable label={label} columns={columns} data={items} empty="No items." getRowId={(i: Item) => String(i.seq)} />;
}
