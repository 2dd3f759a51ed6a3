import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke } from '../../api/invoke';
import { useDate, useMoney } from '../../api/money';
import { DataTable } from '../../components/DataTable';
import { Field } from '../../components/Field';
import { TableExport } from '../../components/TableExport';
import { Pager } from '../../components/Pager';
import { StatusPill } from '../../components/StatusPill';
import { useNavigation } from '../../stores/navigation';
import { EnrollmentDetail } from './EnrollmentDetail';

type Row = OutputOf<'enrollments:list'>['enrollments'][number];
const PAGE = 50;
/** While a name is typed the core counts matches only this far past the page: a first letter can match most of 100k rows. */
const COUNT_AHEAD = 1000;

export function EnrollmentsScreen() {
  const money = useMoney();
  const date = useDate();
  const { params, go } = useNavigation();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState(0);
  const [offset, setOffset] = useState(0);
  const [query, setQuery] = useState('');
  // The query whose rows the table shows: a slower answer to an older keystroke never replaces a newer one.
  const [shownQuery, setShownQuery] = useState<string | null>(null);
  const latest = useRef(0);
  const payerQuery = query.trim();
  const capped = payerQuery !== '' && total > offset + COUNT_AHEAD;

  useEffect(() => {
    if (params.enrollmentId) return;
    const ticket = ++latest.current;
    const input = payerQuery ? { payerQuery, countUpTo: offset + COUNT_AHEAD + 1 } : {};
    void invoke('enrollments:list', { ...input, limit: PAGE, offset }).then((r) => {
      if (r.ok && ticket === latest.current) {
        setRows(r.value.enrollments);
        setTotal(r.value.total);
        setShownQuery(payerQuery);
      }
    });
  }, [params.enrollmentId, offset, payerQuery]);

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
    <section aria-labelledby="enrollments-title" data-shown-query={shownQuery ?? undefined}>
      <h1 id="enrollments-title">Enrollments</h1>
      {params.enrollmentId ? (
        <EnrollmentDetail enrollmentId={params.enrollmentId} onBack={() => go('enrollments')} />
      ) : rows ? (
        <>
          <div className="filters" role="search" aria-label="Enrollment filters">
            <Field label="Find student" value={query} onChange={(e) => { setQuery(e.target.value); setOffset(0); }} placeholder="Name, email, phone, student id or receipt number" />
          </div>
          <TableExport request={{ table: 'enrollments', filters: payerQuery ? { payerQuery } : {} }} label="enrollments" />
          <DataTable label="Enrollments" columns={columns} data={rows} empty={payerQuery ? `No enrollment of a student matching “${payerQuery}”.` : 'No enrollments yet.'} getRowId={(r: Row) => r.id} />
          <Pager offset={offset} pageSize={PAGE} total={capped ? offset + COUNT_AHEAD : total} atLeast={capped} onOffset={setOffset} />
        </>
      ) : (
        <p className="loading">Loading…</p>
      )}
    </section>
  );
}
