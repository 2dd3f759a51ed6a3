import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { useDate } from '../api/money';
import { useMoney } from '../hooks/useMoney';
import { DataTable } from './DataTable';
import { t } from '../i18n';

type Item = OutputOf<'plans:preview'>['items'][number];

/** The items a plan would generate (nothing written yet): number, kind, due date, amount. */
export function SchedulePreviewTable({ label, items, currency }: { label: string; items: Item[]; currency: string }) {
  const { format: money } = useMoney();
  const date = useDate();
  const columns = useMemo(() => {
    const c = createColumnHelper<Item>();
    return [
      c.accessor('seq', { header: '#' }),
      c.accessor('kind', { header: t('schedulePreviewTable.kind') }),
      c.accessor('dueDate', { header: t('schedulePreviewTable.due'), cell: (x) => date(x.getValue()) }),
      c.accessor('amount', { header: t('schedulePreviewTable.amount'), cell: (x) => money(x.getValue(), currency) }),
    ];
  }, [date, money, currency]);
  return <DataTable label={label} columns={columns} data={items} empty={t('schedulePreviewTable.noItems')} getRowId={(i: Item) => String(i.seq)} />;
}
