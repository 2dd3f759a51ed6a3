import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke } from '../../api/invoke';
import { useDate, useMoney } from '../../api/money';
import { DataTable } from '../../components/DataTable';
import { Pager } from '../../components/Pager';
import { StatusPill } from '../../components/StatusPill';
import { useNavigation } from '../../stores/navigation';
import { EnrollmentDetail } from './EnrollmentDetail';

type Row = OutputOf<'enrollments:list'>['enrollments'][number];
const PAGE = 50;

export function EnrollmentsScreen() {
  const money = useMoney();
  const date = useDate();
  const { params, go } = useNavigation();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState(0);
  const [offset, setOffset] = useState(0);

  useEffect(() => {
    if (params.enrollmentId) return;
    void invoke('enrollments:list', { limit: PAGE, offset }).then((r) => {
      if (r.ok) {
        setRows(r.value.enrollments);
        setTotal(r.value.total);
      }
    });
  }, [params.enrollmentId, offset]);

  const columns = useMemo(() => {
    const c = createColumnHelper<Row>();
    return [
      c.accessor('payerName', { header: 'Student' }),
      c.accessor('productName', { header: 'Course or program' }),
      c.accessor('planName', { header: 'Plan' }),
      c.accessor('enrolledOn', { header: 'Enrolled', cell: (x) => date(x.getValue()) }),
      c.accessor('totalAmount', { header: 'Total', cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('status', { header: 'Status', cell: (x) => <StatusPill status={x.getValue()} /> }),
      c.display({
        id: 'open',
        header: 'Details',
        cell: (x) => (
          <button type="button" className="button" onClick={() => go('enrollments', { enrollmentId: x.row.original.id })} aria-label={`Open ${x.row.original.payerName} — ${x.row.original.productName}`}>
            Open
          </button>
        ),
      }),
    ];
  }, [date, money, go]);

  return (
    <section aria-labelledby="enrollments-title">
      <h1 id="enrollments-title">Enrollments</h1>
      {params.enrollmentId ? (
        <EnrollmentDetail enrollmentId={params.enrollmentId} onBack={() => go('enrollments')} />
      ) : rows ? (
        <>
          <DataTable label="Enrollments" columns={columns} data={rows} empty="No enrollments yet." getRowId={(r: Row) => r.id} />
          <Pager offset={offset} pageSize={PAGE} total={total} onOffset={setOffset} />
        </>
      ) : (
        <p className="loading">Loading…</p>
      )}
    </section>
  );
}
