import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke } from '../../api/invoke';
import { useDate } from '../../api/money';
import { useMoney } from '../../hooks/useMoney';
import { DataTable } from '../../components/DataTable';
import { Field } from '../../components/Field';
import { TableExport } from '../../components/TableExport';
import { Pager } from '../../components/Pager';
import { StatusPill } from '../../components/StatusPill';
import { useNavigation } from '../../stores/navigation';
import { EnrollmentDetail } from './EnrollmentDetail';
import { t } from '../../i18n';

type Row = OutputOf<'enrollments:list'>['enrollments'][number];
const PAGE = 50;
/** While a name is typed the core counts matches only this far past the page: a first letter can match most of 100k rows. */
const COUNT_AHEAD = 1000;

export function EnrollmentsScreen() {
  const { format: money } = useMoney();
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
      c.accessor('payerName', { header: t('enrollments.student') }),
      c.accessor('productName', { header: t('enrollments.courseOrProgram') }),
      c.accessor('planName', { header: t('enrollments.plan') }),
      c.accessor('enrolledOn', { header: t('enrollments.enrolled'), cell: (x) => date(x.getValue()) }),
      c.accessor('totalAmount', { header: t('enrollments.total'), cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('status', { header: t('enrollments.status'), cell: (x) => <StatusPill status={x.getValue()} /> }),
      c.display({
        id: 'open',
        header: t('enrollments.details'),
        cell: (x) => (
          <button type="button" className="button" onClick={() => go('enrollments', { enrollmentId: x.row.original.id })} aria-label={t('enrollments.open2', { payerName: x.row.original.payerName, productName: x.row.original.productName })}>
            {t('enrollments.open')}
          </button>
        ),
      }),
    ];
  }, [date, money, go]);

  return (
    <section aria-labelledby="enrollments-title" data-shown-query={shownQuery ?? undefined}>
      <h1 id="enrollments-title">{t('enrollments.enrollments')}</h1>
      {params.enrollmentId ? (
        <EnrollmentDetail enrollmentId={params.enrollmentId} onBack={() => go('enrollments')} />
      ) : rows ? (
        <>
          <div className="filters" role="search" aria-label={t('enrollments.enrollmentFilters')}>
            <Field label={t('enrollments.findStudent')} value={query} onChange={(e) => { setQuery(e.target.value); setOffset(0); }} placeholder={t('enrollments.nameEmailPhoneStudentId')} />
          </div>
          <TableExport request={{ table: 'enrollments', filters: payerQuery ? { payerQuery } : {} }} label={t('enrollments.enrollments2')} />
          <DataTable label={t('enrollments.enrollments')} columns={columns} data={rows} empty={payerQuery ? t('enrollments.noEnrollmentOfAStudent', { payerQuery }) : t('enrollments.noEnrollmentsYet')} getRowId={(r: Row) => r.id} />
          <Pager offset={offset} pageSize={PAGE} total={capped ? offset + COUNT_AHEAD : total} atLeast={capped} onOffset={setOffset} />
        </>
      ) : (
        <p className="loading">{t('enrollments.loading')}</p>
      )}
    </section>
  );
}
