import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contract';
import { invoke, newRequestId } from '../../api/invoke';
import { useDate, useMoney } from '../../api/money';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { Pager } from '../../components/Pager';
import { Field } from '../../components/Field';
import { ReasonDialog } from '../../components/ReasonDialog';
import { SelectField } from '../../components/SelectField';
import { StatusPill } from '../../components/StatusPill';
import { TableExport } from '../../components/TableExport';
import { toast } from '../../stores/toasts';
import { itemKindLabel } from '../../components/itemKindLabel';

type Row = OutputOf<'schedules:list'>['items'][number];
type Filters = InputOf<'schedules:list'>;
type Action = { kind: 'adjust' | 'pause' | 'resume' | 'waive' | 'lateFee'; row: Row };
const PAGE = 25;
const done: Record<Action['kind'], string> = { adjust: 'Item moved', pause: 'Item paused', resume: 'Item resumed', waive: 'Item waived', lateFee: 'Late fee posted' };

type Status = NonNullable<Filters['status']>[number];
/** The core takes several statuses at once; none ticked means any status. */
const statusOptions: readonly { value: Status; label: string }[] = [
  { value: 'due', label: 'Due' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'partially_paid', label: 'Partially paid' },
  { value: 'paid', label: 'Paid' },
  { value: 'paused', label: 'Paused' },
  { value: 'waived', label: 'Waived' },
  { value: 'cancelled', label: 'Cancelled' },
];

/** Every schedule item, filtered and paged by the core; adjust, pause, resume, waive and post a proposed late fee with a reason. */
export function SchedulesScreen() {
  const money = useMoney();
  const date = useDate();
  const [statuses, setStatuses] = useState<readonly Status[]>([]);
  const [dueFrom, setDueFrom] = useState('');
  const [dueTo, setDueTo] = useState('');
  const [productId, setProductId] = useState('');
  const [products, setProducts] = useState<{ value: string; label: string }[]>([]);
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<OutputOf<'schedules:list'> | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [newDate, setNewDate] = useState('');
  const [shiftDates, setShiftDates] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [postingDue, setPostingDue] = useState(false);

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

  const load = useCallback(async () => {
    const r = await invoke('schedules:list', { ...selection, limit: PAGE, offset });
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [selection, offset]);
  useEffect(() => {
    void load();
  }, [load]);
  // Inactive products too: their items are still on schedules.
  useEffect(() => {
    void invoke('products:list', { limit: 500, offset: 0 }).then((r) => r.ok && setProducts(r.value.products.map((p) => ({ value: p.id, label: p.active ? p.name : `${p.name} (inactive)` }))));
  }, []);

  const open = (kind: Action['kind'], row: Row) => {
    setAction({ kind, row });
    setNewDate(row.dueDate);
    setShiftDates(false);
    setActionError(undefined);
  };

  const apply = async (reason: string) => {
    if (!action) return;
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
    toast('success', done[action.kind]);
    setAction(null);
    void load();
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
    toast('success', posted === 0 ? 'No late fees are due.' : `Posted ${posted} late ${posted === 1 ? 'fee' : 'fees'}.`);
    void load();
  };

  const columns = useMemo(() => {
    const c = createColumnHelper<Row>();
    return [
      c.accessor('payerName', { header: 'Student' }),
      c.accessor('productName', { header: 'Course or program' }),
      c.accessor('seq', { header: '#' }),
      c.accessor('kind', { header: 'Kind', cell: (x) => itemKindLabel(x.getValue()) }),
      c.accessor('dueDate', { header: 'Due', cell: (x) => date(x.getValue()) }),
      c.accessor('amount', { header: 'Amount', cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('outstanding', { header: 'Outstanding', cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('status', { header: 'Status', cell: (x) => <StatusPill status={x.getValue()} /> }),
      c.accessor('lateFeeProposed', { header: 'Late fee (proposed)', cell: (x) => (x.getValue() ? money(x.getValue() ?? 0, x.row.original.currency) : '') }),
      c.display({
        id: 'actions',
        header: 'Actions',
        cell: (x) => {
          const row = x.row.original;
          const label = `${row.payerName} item ${row.seq}`;
          // A paid item is settled: moving, pausing or waiving it would change nothing owed (the core refuses it too).
          const closed = row.state === 'waived' || row.state === 'cancelled' || row.outstanding <= 0;
          return closed ? null : (
            <span className="choice">
              <button type="button" className="button" onClick={() => open('adjust', row)} aria-label={`Move due date of ${label}`}>
                Move
              </button>
              {row.state === 'paused' ? (
                <button type="button" className="button" onClick={() => open('resume', row)} aria-label={`Resume ${label}`}>
                  Resume
                </button>
              ) : (
                <button type="button" className="button" onClick={() => open('pause', row)} aria-label={`Pause ${label}`}>
                  Pause
                </button>
              )}
              <button type="button" className="button" onClick={() => open('waive', row)} aria-label={`Waive ${label}`}>
                Waive
              </button>
              {row.lateFeeProposed ? (
                <button type="button" className="button" onClick={() => open('lateFee', row)} aria-label={`Post late fee on ${label}`}>
                  Post late fee
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
  const titles: Record<Action['kind'], string> = { adjust: 'Move the due date', pause: 'Pause this item', resume: 'Resume this item', waive: 'Waive this item', lateFee: 'Post the late fee' };
  return (
    <section aria-labelledby="schedules-title">
      <h1 id="schedules-title">Schedules</h1>
      <div className="filters" role="search" aria-label="Schedule filters">
        <fieldset className="filters__statuses">
          <legend>Status (none ticked: any)</legend>
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
        <Field label="Due from" type="date" value={dueFrom} onChange={(e) => { setDueFrom(e.target.value); setOffset(0); }} />
        <Field label="Due to" type="date" value={dueTo} onChange={(e) => { setDueTo(e.target.value); setOffset(0); }} />
        <SelectField label="Course or program" value={productId} onChange={(e) => { setProductId(e.target.value); setOffset(0); }} options={[{ value: '', label: 'Any course or program' }, ...products]} />
      </div>
      <div className="toolbar">
        <button type="button" className="button" onClick={() => setPostingDue(true)}>
          Post all due late fees
        </button>
      </div>
      <TableExport request={{ table: 'schedules', filters: selection }} label="schedule items" />
      {error ? <Banner kind="error">{error}</Banner> : null}
      {data ? (
        <>
          <DataTable label="Schedule items" columns={columns} data={data.items} empty="No items match these filters." getRowId={(r: Row) => r.id} />
          <Pager offset={offset} pageSize={PAGE} total={total} onOffset={setOffset} />
        </>
      ) : (
        <p className="loading">Loading…</p>
      )}
      {postingDue ? (
        <ConfirmDialog title="Post all due late fees" confirmLabel="Post the fees" onConfirm={() => void postDueFees()} onCancel={() => setPostingDue(false)}>
          <p>Every item unpaid past its plan's grace days gets its plan's late fee, as a new item due today, with an audit entry. Items that already have a fee get no second one.</p>
        </ConfirmDialog>
      ) : null}
      {action ? (
        <ReasonDialog title={titles[action.kind]} confirmLabel="Apply" error={actionError} onConfirm={(reason) => void apply(reason)} onCancel={() => setAction(null)}>
          <p>
            {action.row.payerName}, {action.row.productName}: item {action.row.seq} due {date(action.row.dueDate)}, {money(action.row.amount, action.row.currency)}
          </p>
          {action.kind === 'lateFee' && action.row.lateFeeProposed ? (
            <p>A late fee of {money(action.row.lateFeeProposed, action.row.currency)} becomes a new item of this schedule, due today.</p>
          ) : null}
          {action.kind === 'adjust' ? <Field label="New due date" type="date" value={newDate} onChange={(e) => setNewDate(e.target.value)} /> : null}
          {action.kind === 'resume' ? (
            <label className="choice">
              <input type="checkbox" checked={shiftDates} onChange={(e) => setShiftDates(e.target.checked)} /> Move the due date on by the time it was paused
            </label>
          ) : null}
        </ReasonDialog>
      ) : null}
    </section>
  );
}
