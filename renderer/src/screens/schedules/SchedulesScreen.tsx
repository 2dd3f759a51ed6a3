import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contract';
import { invoke, newRequestId } from '../../api/invoke';
import { useDate } from '../../api/money';
import { useMoney } from '../../hooks/useMoney';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { Pager } from '../../components/Pager';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
import { DateField, useDateChecks } from '../../components/DateField';
import { ReasonDialog } from '../../components/ReasonDialog';
import { SelectField } from '../../components/SelectField';
import { StatusPill } from '../../components/StatusPill';
import { TableExport } from '../../components/TableExport';
import { toast } from '../../stores/toasts';
import { itemKindLabel } from '../../components/itemKindLabel';
import { t } from '../../i18n';
import type { MessageId } from '../../i18n';

type Row = OutputOf<'schedules:list'>['items'][number];
type Filters = InputOf<'schedules:list'>;
type Action = { kind: 'adjust' | 'pause' | 'resume' | 'waive' | 'lateFee'; row: Row };
const PAGE = 25;
const done: Record<Action['kind'], MessageId> = { adjust: 'schedules.done.adjust', pause: 'schedules.done.pause', resume: 'schedules.done.resume', waive: 'schedules.done.waive', lateFee: 'schedules.done.lateFee' };

type Status = NonNullable<Filters['status']>[number];
/** The core takes several statuses at once; none ticked means any status. */
const statusOptions: readonly { value: Status; label: string }[] = [
  { value: 'due', get label() { return t('status.due'); } },
  { value: 'overdue', get label() { return t('status.overdue'); } },
  { value: 'partially_paid', get label() { return t('status.partially_paid'); } },
  { value: 'paid', get label() { return t('status.paid'); } },
  { value: 'paused', get label() { return t('status.paused'); } },
  { value: 'waived', get label() { return t('status.waived'); } },
  { value: 'cancelled', get label() { return t('status.cancelled'); } },
];

/** Every schedule item, filtered and paged by the core; adjust, pause, resume, waive and post a proposed late fee with a reason. */
export function SchedulesScreen() {
  const { format: money } = useMoney();
  const date = useDate();
  const [statuses, setStatuses] = useState<readonly Status[]>([]);
  const [dueFrom, setDueFrom] = useState('');
  const [dueTo, setDueTo] = useState('');
  const [productId, setProductId] = useState('');
  const [offset, setOffset] = useState(0);
  const [action, setAction] = useState<Action | null>(null);
  const [newDate, setNewDate] = useState('');
  const [shiftDates, setShiftDates] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [postingDue, setPostingDue] = useState(false);
  const dates = useDateChecks();

  // The screen's filters without paging: what the list shows a page of and the export writes whole.
  const selection = useMemo(() => {
    const f: Omit<Filters, 'limit' | 'offset'> = {};
    // In the list's order, so the same choice is always the same request.
    if (statuses.length > 0) f.status = statusOptions.map((o) => o.value).filter((v) => statuses.includes(v));
    if (dueFrom) f.dueFrom = dueFrom;
    if (dueTo) f.dueTo = dueTo;
    if (productId) f.productId = productId;
    return f;
  }, [statuses, dueFrom, dueTo, productId]);

  // A page of the filtered items, read again on the change notices (a payment, a pause, a late
  // fee); the page shown stays while the next filter's answer is read.
  const list = useChannelQuery('schedules:list', { ...selection, limit: PAGE, offset }, { placeholderData: (previous) => previous });
  const data: OutputOf<'schedules:list'> | null = list.data ?? null;
  // Inactive products too: their items are still on schedules.
  const productsQuery = useChannelQuery('products:list', { limit: 500, offset: 0 });
  const products = useMemo(() => (productsQuery.data?.products ?? []).map((p) => ({ value: p.id, label: p.active ? p.name : t('schedules.inactive', { name: p.name }) })), [productsQuery.data]);

  const open = (kind: Action['kind'], row: Row) => {
    setAction({ kind, row });
    setNewDate(row.dueDate);
    setShiftDates(false);
    setActionError(undefined);
  };

  const apply = async (reason: string) => {
    // A new due date that is not a day yet: the field says why, nothing is sent.
    if (!action || (action.kind === 'adjust' && dates.blocked)) return;
    const requestId = newRequestId();
    const itemId = action.row.id;
    const r =
      action.kind === 'adjust'
        ? await invoke('schedules:adjust', { requestId, itemId, dueDate: newDate, reason })
        : action.kind === 'pause'
          ? await invoke('schedules:pause', { requestId, target: { itemId }, reason })
          : action.kind === 'resume'
            ? await invoke('schedules:resume', { requestId, target: { itemId }, shiftDates, reason })
            : action.kind === 'waive'
              ? await invoke('schedules:waive', { requestId, itemId, reason })
              : await invoke('schedules:postLateFee', { requestId, itemId, reason });
    if (!r.ok) {
      setActionError(r.error.fields?.reason ?? r.error.fields?.dueDate ?? r.error.fields?.itemId ?? r.error.message);
      return;
    }
    toast('success', t(done[action.kind]));
    setAction(null);
  };

  /** Applies the plans' late-fee rule now, a call per batch of 500 until none is left. */
  const postDueFees = async () => {
    setPostingDue(false);
    let posted = 0;
    for (;;) {
      const r = await invoke('schedules:postDueLateFees', { requestId: newRequestId() });
      if (!r.ok) {
        toast('error', r.error.message);
        break;
      }
      posted += r.value.posted.length;
      if (!r.value.more) break;
    }
    toast('success', posted === 0 ? t('schedules.noLateFeesAreDue') : t('schedules.postedLateFees', { posted }));
  };

  const columns = useMemo(() => {
    const c = createColumnHelper<Row>();
    return [
      c.accessor('payerName', { header: t('schedules.student') }),
      c.accessor('productName', { header: t('schedules.courseOrProgram') }),
      c.accessor('seq', { header: '#' }),
      c.accessor('kind', { header: t('schedules.kind'), cell: (x) => itemKindLabel(x.getValue()) }),
      c.accessor('dueDate', { header: t('schedules.due'), cell: (x) => date(x.getValue()) }),
      c.accessor('amount', { header: t('schedules.amount'), cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('outstanding', { header: t('schedules.outstanding'), cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('status', { header: t('schedules.status'), cell: (x) => <StatusPill status={x.getValue()} /> }),
      c.accessor('lateFeeProposed', { header: t('schedules.lateFeeProposed'), cell: (x) => (x.getValue() ? money(x.getValue() ?? 0, x.row.original.currency) : '') }),
      c.display({
        id: 'actions',
        header: t('schedules.actions'),
        cell: (x) => {
          const row = x.row.original;
          const label = t('schedules.itemOf', { name: row.payerName, seq: row.seq });
          // A paid item is settled: moving, pausing or waiving it would change nothing owed (the core refuses it too).
          const closed = row.state === 'waived' || row.state === 'cancelled' || row.outstanding <= 0;
          return closed ? null : (
            <span className="choice">
              <button type="button" className="button" onClick={() => open('adjust', row)} aria-label={t('schedules.moveDueDateOf', { label })}>
                {t('schedules.move')}
              </button>
              {row.state === 'paused' ? (
                <button type="button" className="button" onClick={() => open('resume', row)} aria-label={t('schedules.resume2', { label })}>
                  {t('schedules.resume')}
                </button>
              ) : (
                <button type="button" className="button" onClick={() => open('pause', row)} aria-label={t('schedules.pause2', { label })}>
                  {t('schedules.pause')}
                </button>
              )}
              <button type="button" className="button" onClick={() => open('waive', row)} aria-label={t('schedules.waive2', { label })}>
                {t('schedules.waive')}
              </button>
              {row.lateFeeProposed ? (
                <button type="button" className="button" onClick={() => open('lateFee', row)} aria-label={t('schedules.postLateFeeOn', { label })}>
                  {t('schedules.postLateFee')}
                </button>
              ) : null}
            </span>
          );
        },
      }),
    ];
  }, [date, money]);

  // This screen always asks for the total (includeTotal defaults to true).
  const total = data?.total ?? 0;
  const titles: Record<Action['kind'], string> = { adjust: t('schedules.moveTheDueDate'), pause: t('schedules.pauseThisItem'), resume: t('schedules.resumeThisItem'), waive: t('schedules.waiveThisItem'), lateFee: t('schedules.postTheLateFee') };
  return (
    <section aria-labelledby="schedules-title">
      <h1 id="schedules-title">{t('schedules.schedules')}</h1>
      <div className="filters" role="search" aria-label={t('schedules.scheduleFilters')}>
        <fieldset className="filters__statuses">
          <legend>{t('schedules.statusNoneTickedAny')}</legend>
          {statusOptions.map((o) => (
            <label key={o.value} className="checkbox">
              <input
                type="checkbox"
                checked={statuses.includes(o.value)}
                onChange={(e) => {
                  const on = e.target.checked;
                  setStatuses((now) => (on ? [...now, o.value] : now.filter((v) => v !== o.value)));
                  setOffset(0);
                }}
              />{' '}
              {o.label}
            </label>
          ))}
        </fieldset>
        <DateField label={t('schedules.dueFrom')} value={dueFrom} onChange={(day) => { setDueFrom(day); setOffset(0); }} />
        <DateField label={t('schedules.dueTo')} value={dueTo} onChange={(day) => { setDueTo(day); setOffset(0); }} />
        <SelectField label={t('schedules.courseOrProgram')} value={productId} onChange={(e) => { setProductId(e.target.value); setOffset(0); }} options={[{ value: '', label: t('schedules.anyCourseOrProgram') }, ...products]} />
      </div>
      <div className="toolbar">
        <button type="button" className="button" onClick={() => setPostingDue(true)}>
          {t('schedules.postAllDueLateFees')}
        </button>
      </div>
      <TableExport request={{ table: 'schedules', filters: selection }} label={t('schedules.scheduleItems')} />
      {productsQuery.isError ? <QueryStatus query={productsQuery} what={t('schedules.theCourses')} /> : null}
      {!data || list.isError ? <QueryStatus query={list} what={t('schedules.theScheduleItems')} /> : null}
      {data ? (
        <>
          <DataTable label={t('schedules.scheduleItems2')} columns={columns} data={data.items} empty={t('schedules.noItemsMatchTheseFilters')} getRowId={(r: Row) => r.id} />
          <Pager offset={offset} pageSize={PAGE} total={total} onOffset={setOffset} />
        </>
      ) : null}
      {postingDue ? (
        <ConfirmDialog title={t('schedules.postAllDueLateFees')} confirmLabel={t('schedules.postTheFees')} onConfirm={() => void postDueFees()} onCancel={() => setPostingDue(false)}>
          <p>{t('schedules.everyItemUnpaidPastIts')}</p>
        </ConfirmDialog>
      ) : null}
      {action ? (
        <ReasonDialog title={titles[action.kind]} confirmLabel={t('schedules.apply')} error={actionError} onConfirm={(reason) => void apply(reason)} onCancel={() => setAction(null)}>
          <p>
            {t('schedules.itemDue', { payerName: action.row.payerName, productName: action.row.productName, seq: action.row.seq, dueDate: date(action.row.dueDate), amount: money(action.row.amount, action.row.currency) })}
          </p>
          {action.kind === 'lateFee' && action.row.lateFeeProposed ? (
            <p>{t('schedules.aLateFeeOfBecomes', { lateFeeProposed: money(action.row.lateFeeProposed, action.row.currency) })}</p>
          ) : null}
          {action.kind === 'adjust' ? <DateField label={t('schedules.newDueDate')} value={newDate} onChange={setNewDate} onProblem={dates.watch('newDueDate')} /> : null}
          {action.kind === 'resume' ? (
            <label className="choice">
              <input type="checkbox" checked={shiftDates} onChange={(e) => setShiftDates(e.target.checked)} /> {t('schedules.moveTheDueDateOn')}
            </label>
          ) : null}
        </ReasonDialog>
      ) : null}
    </section>
  );
}
