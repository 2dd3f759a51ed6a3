import { createColumnHelper } from '@tanstack/react-table';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { useDate } from '../../api/money';
import { useMoney } from '../../hooks/useMoney';
import { DataTable } from '../../components/DataTable';
import { Field } from '../../components/Field';
import { TableExport } from '../../components/TableExport';
import { Pager } from '../../components/Pager';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
import { StatusPill } from '../../components/StatusPill';
import { useNavigation } from '../../stores/navigation';
import { EnrollmentDetail } from './EnrollmentDetail';
import { t } from '../../i18n';

type Row = OutputOf<'enrollments:list'>['enrollments'][number];
const PAGE = 50;
/** While a name is typed the core counts matches only this far past the page: a first letter can match most of 100k rows. */
const COUNT_AHEAD = 1000;
const rowId = (r: Row) => r.id;

export function EnrollmentsScreen() {
  const { format: money } = useMoney();
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
  // Worded for the query whose rows are shown, not the one being typed: the memoized table then
  // renders its rows once a keystroke, when they arrive, not also on the keystroke itself.
  const empty = shownQuery ? t('enrollments.noEnrollmentOfAStudent', { payerQuery: shownQuery }) : t('enrollments.noEnrollmentsYet');

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
          <QueryStatus query={list} what={t('enrollments.enrollments2')} />
          <TableExport request={{ table: 'enrollments', filters: payerQuery ? { payerQuery } : {} }} label={t('enrollments.enrollments2')} />
          <DataTable label={t('enrollments.enrollments')} columns={columns} data={rows} empty={empty} getRowId={rowId} />
          <Pager offset={offset} pageSize={PAGE} total={capped ? offset + COUNT_AHEAD : total} atLeast={capped} onOffset={setOffset} />
        </>
      ) : (
        <QueryStatus query={list} what={t('enrollments.enrollments2')} />
      )}
    </section>
  );
}
