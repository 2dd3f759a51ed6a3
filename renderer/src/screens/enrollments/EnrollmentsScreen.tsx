import { createColumnHelper } from '@tanstack/react-table';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { useDate, useMoney } from '../../api/money';
import { DataTable } from '../../components/DataTable';
import { Field } from '../../components/Field';
import { TableExport } from '../../components/TableExport';
import { Pager } from '../../components/Pager';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
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
  const [offset, setOffset] = useState(0);
  const [query, setQuery] = useState('');
  const payerQuery = query.trim();
  const input = payerQuery ? { payerQuery, countUpTo: offset + COUNT_AHEAD + 1, limit: PAGE, offset } : { limit: PAGE, offset };
  // While the next keystroke's rows are read, the last rows stay on screen (no flash of "Loading…").
  const list = useChannelQuery('enrollments:list', input, { enabled: !params.enrollmentId, placeholderData: keepPreviousData });
  const rows = list.data?.enrollments ?? null;
  const total = list.data?.total ?? 0;
  // The query whose rows the table shows, set in the same commit as those rows (the bench times it).
  const settledFor = list.data && !list.isPlaceholderData ? payerQuery : null;
  const [shownQuery, setShownQuery] = useState<string | null>(null);
  if (settledFor !== null && settledFor !== shownQuery) setShownQuery(settledFor);
  const capped = payerQuery !== '' && total > offset + COUNT_AHEAD;

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
          <QueryStatus query={list} what="enrollments" />
          <TableExport request={{ table: 'enrollments', filters: payerQuery ? { payerQuery } : {} }} label="enrollments" />
          <DataTable label="Enrollments" columns={columns} data={rows} empty={payerQuery ? `No enrollment of a student matching “${payerQuery}”.` : 'No enrollments yet.'} getRowId={(r: Row) => r.id} />
          <Pager offset={offset} pageSize={PAGE} total={capped ? offset + COUNT_AHEAD : total} atLeast={capped} onOffset={setOffset} />
        </>
      ) : (
        <QueryStatus query={list} what="enrollments" />
      )}
    </section>
  );
}
