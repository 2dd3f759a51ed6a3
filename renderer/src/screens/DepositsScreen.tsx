import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { Banner } from '../components/Banner';
import { DataTable } from '../components/DataTable';
import { Field } from '../components/Field';
import { Pager } from '../components/Pager';
import { PdfButton } from '../components/PdfButton';
import { parseAmount } from '../api/money';
import { ZReportView } from '../components/ZReportView';
import { useMoney } from '../hooks/useMoney';
import { useOfficeTime } from '../hooks/useOfficeTime';

type Session = OutputOf<'deposits:sessions'>['sessions'][number];
type Deposit = OutputOf<'deposits:list'>['deposits'][number];
type StatusFilter = '' | Deposit['status'];
type ZReport = OutputOf<'drawer:zReport'>;

const PAGE = 20;
const sessionColumn = createColumnHelper<Session>();
const depositColumn = createColumnHelper<Deposit>();
const zName = (s: Session) => `${s.deskCode}-Z${String(s.zNumber).padStart(4, '0')}`;

/**
 * The bank run: the counted cash and the checks of closed drawer sessions go into a deposit
 * with a slip number; when the bank has it, the deposit is marked deposited.
 */
export function DepositsScreen() {
  const { format } = useMoney();
  const when = useOfficeTime().dateTime;
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [slip, setSlip] = useState('');
  const [keepFloat, setKeepFloat] = useState({ on: false, amount: '' });
  const [createId, setCreateId] = useState(newRequestId);
  const [deposits, setDeposits] = useState<{ deposits: Deposit[]; total: number } | null>(null);
  const [status, setStatus] = useState<StatusFilter>('');
  const [offset, setOffset] = useState(0);
  const [marking, setMarking] = useState<Deposit | null>(null);
  const [zReport, setZReport] = useState<ZReport | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const loadSessions = useCallback(async () => {
    const r = await invoke('deposits:sessions', {});
    if (!r.ok) return setError(r.error);
    setSessions(r.value.sessions);
    setChosen((c) => new Set([...c].filter((id) => r.value.sessions.some((s) => s.id === id))));
  }, []);
  const loadDeposits = useCallback(async () => {
    const r = await invoke('deposits:list', { limit: PAGE, offset, ...(status ? { status } : {}) });
    if (r.ok) setDeposits(r.value);
    else setError(r.error);
  }, [offset, status]);
  useEffect(() => {
    void loadSessions();
  }, [loadSessions]);
  useEffect(() => {
    void loadDeposits();
  }, [loadDeposits]);

  const toggle = useCallback((id: string) => {
    setChosen((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const showZ = useCallback(async (sessionId: string) => {
    const r = await invoke('drawer:zReport', { sessionId });
    if (r.ok) setZReport(r.value);
    else setError(r.error);
  }, []);

  const picked = (sessions ?? []).filter((s) => chosen.has(s.id));
  const currencies = [...new Set(picked.map((s) => s.currency))];
  const cash = picked.reduce((n, s) => n + s.countedCash, 0);
  const checks = picked.reduce((n, s) => n + s.checkAmount, 0);
  const checkCount = picked.reduce((n, s) => n + s.checkCount, 0);

  const sessionColumns = useMemo(
    () => [
      sessionColumn.display({
        id: 'include',
        header: 'Include',
        cell: (c) => (
          <input type="checkbox" aria-label={`Include ${zName(c.row.original)}`} checked={chosen.has(c.row.original.id)} onChange={() => toggle(c.row.original.id)} />
        ),
      }),
      sessionColumn.display({
        id: 'z',
        header: 'Z report',
        cell: (c) => (
          <button type="button" className="button" aria-label={`View Z report ${zName(c.row.original)}`} onClick={() => void showZ(c.row.original.id)}>
            {zName(c.row.original)}
          </button>
        ),
      }),
      sessionColumn.accessor('closedAt', { header: 'Closed', cell: (c) => when(c.getValue()) }),
      sessionColumn.accessor('countedCash', { header: 'Counted cash', cell: (c) => format(c.getValue(), c.row.original.currency) }),
      sessionColumn.accessor('checkCount', { header: 'Checks' }),
      sessionColumn.accessor('checkAmount', { header: 'Check amount', cell: (c) => format(c.getValue(), c.row.original.currency) }),
    ],
    [chosen, format, showZ, toggle, when],
  );

  const depositColumns = useMemo(
    () => [
      depositColumn.accessor('slipNumber', { header: 'Slip' }),
      depositColumn.accessor('createdAt', { header: 'Prepared', cell: (c) => when(c.getValue()) }),
      depositColumn.accessor('sessionIds', { header: 'Sessions', cell: (c) => c.getValue().length }),
      depositColumn.accessor('cashAmount', { header: 'Cash', cell: (c) => `${format(c.getValue(), c.row.original.currency)}${c.row.original.floatKept > 0 ? ` (float kept ${format(c.row.original.floatKept, c.row.original.currency)})` : ''}` }),
      depositColumn.accessor('checkAmount', { header: 'Checks', cell: (c) => `${format(c.getValue(), c.row.original.currency)} (${c.row.original.checkCount})` }),
      depositColumn.accessor('total', { header: 'Total', cell: (c) => <span data-testid={`deposit-total-${c.row.original.slipNumber}`}>{format(c.getValue(), c.row.original.currency)}</span> }),
      depositColumn.accessor('status', {
        header: 'Status',
        cell: (c) => (c.getValue() === 'deposited' ? `Deposited ${c.row.original.depositedAt ? when(c.row.original.depositedAt) : ''}${c.row.original.bankReference ? ` · ${c.row.original.bankReference}` : ''}` : 'Prepared'),
      }),
      depositColumn.display({
        id: 'actions',
        header: 'Actions',
        cell: (c) =>
          <>
            <PdfButton label={`Deposit slip ${c.row.original.slipNumber}`} load={() => invoke('deposits:slipPdf', { depositId: c.row.original.id })} />
            {c.row.original.status === 'prepared' ? (
              <button type="button" className="button" onClick={() => setMarking(c.row.original)}>
                Mark {c.row.original.slipNumber} deposited
              </button>
            ) : null}
          </>,
      }),
    ],
    [format, when],
  );

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (picked.length === 0) return setError({ code: 'VALIDATION', message: 'Choose the sessions that go into this deposit', fields: { sessionIds: 'choose at least one closed session' } });
    let float = 0;
    if (keepFloat.on) {
      const parsed = parseAmount(keepFloat.amount, currencies[0] ?? 'USD');
      if (parsed === null) return setError({ code: 'VALIDATION', message: 'Enter the float to keep', fields: { keepFloat: 'is not an amount' } });
      float = parsed;
    }
    const r = await invoke('deposits:create', { requestId: createId, sessionIds: picked.map((s) => s.id), ...(slip.trim() ? { slipNumber: slip.trim() } : {}), ...(float > 0 ? { keepFloat: float } : {}) });
    if (!r.ok) {
      setNotice(null);
      return setError(r.error);
    }
    setError(null);
    setNotice(`Deposit ${r.value.slipNumber} prepared: ${format(r.value.total, r.value.currency)} (cash ${format(r.value.cashAmount, r.value.currency)}, ${r.value.checkCount} checks ${format(r.value.checkAmount, r.value.currency)}).${r.value.floatKept > 0 ? ` ${format(r.value.floatKept, r.value.currency)} stays in the drawer as the next float.` : ''}`);
    setKeepFloat({ on: false, amount: '' });
    setChosen(new Set());
    setSlip('');
    setCreateId(newRequestId());
    setOffset(0);
    void loadSessions();
    void loadDeposits();
  };

  return (
    <section aria-labelledby="deposits-title">
      <h1 id="deposits-title">Deposits</h1>
      {notice ? <Banner kind="success">{notice}</Banner> : null}
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}

      <form className="card form" onSubmit={create} noValidate aria-labelledby="new-deposit-title">
        <h2 id="new-deposit-title">Prepare a bank deposit</h2>
        {sessions ? (
          <DataTable label="Closed sessions not yet deposited" columns={sessionColumns} data={sessions} empty="Every closed session is already in a deposit." getRowId={(s: Session) => s.id} />
        ) : (
          <p className="loading">Loading closed sessions…</p>
        )}
        {error?.fields?.sessionIds ? <div className="field__error" role="alert">{error.fields.sessionIds}</div> : null}
        <p aria-live="polite" data-testid="deposit-preview">
          {picked.length === 0
            ? 'No session chosen.'
            : currencies.length > 1
              ? 'The chosen sessions hold different currencies: a deposit takes one.'
              : `${picked.length} ${picked.length === 1 ? 'session' : 'sessions'}: cash ${format(cash, currencies[0] ?? '')} + ${checkCount} ${checkCount === 1 ? 'check' : 'checks'} ${format(checks, currencies[0] ?? '')} = ${format(cash + checks, currencies[0] ?? '')}`}
        </p>
        <label>
          <input type="checkbox" checked={keepFloat.on} onChange={(e) => setKeepFloat({ ...keepFloat, on: e.target.checked })} /> Keep a float in the drawer
        </label>
        {keepFloat.on ? <Field label="Float to keep" hint="Taken from the cash counted; the next opening counts it." inputMode="decimal" value={keepFloat.amount} onChange={(e) => setKeepFloat({ ...keepFloat, amount: e.target.value })} error={error?.fields?.keepFloat} /> : null}
        <Field label="Slip number" hint="Leave empty to number it automatically." value={slip} maxLength={40} onChange={(e) => setSlip(e.target.value)} error={error?.fields?.slipNumber} />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            Create deposit
          </button>
        </div>
      </form>

      <section className="card" aria-labelledby="deposit-list-title">
        <h2 id="deposit-list-title">Deposits</h2>
        <div className="field">
          <label htmlFor="deposit-status">Show</label>
          <select
            id="deposit-status"
            value={status}
            onChange={(e) => {
              const v = e.target.value;
              setStatus(v === 'prepared' || v === 'deposited' ? v : '');
              setOffset(0);
            }}
          >
            <option value="">All deposits</option>
            <option value="prepared">Prepared, not yet at the bank</option>
            <option value="deposited">Deposited</option>
          </select>
        </div>
        {deposits ? <DataTable label="Deposits" columns={depositColumns} data={deposits.deposits} empty="No deposits yet." getRowId={(d: Deposit) => d.id} /> : <p className="loading">Loading deposits…</p>}
        {deposits && deposits.total > PAGE ? <Pager offset={offset} pageSize={PAGE} total={deposits.total} onOffset={setOffset} /> : null}
      </section>

      {zReport ? (
        <div className="stack">
          <ZReportView report={zReport} />
          <div className="form__actions no-print">
            <button type="button" className="button" onClick={() => setZReport(null)}>
              Close Z report
            </button>
          </div>
        </div>
      ) : null}

      {marking ? (
        <MarkDeposited
          key={marking.id}
          deposit={marking}
          onCancel={() => setMarking(null)}
          onDone={(d) => {
            setMarking(null);
            setError(null);
            setNotice(`Deposit ${d.slipNumber} marked deposited${d.bankReference ? ` (bank reference ${d.bankReference})` : ''}.`);
            void loadDeposits();
          }}
        />
      ) : null}
    </section>
  );
}

/** Confirms that the bank has a deposit, with the bank's reference if it gave one. */
function MarkDeposited({ deposit, onDone, onCancel }: { deposit: Deposit; onDone(d: Deposit): void; onCancel(): void }) {
  const { format } = useMoney();
  const [reference, setReference] = useState('');
  const [requestId] = useState(newRequestId);
  const [error, setError] = useState<AppErrorData | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await invoke('deposits:markDeposited', { requestId, depositId: deposit.id, ...(reference.trim() ? { bankReference: reference.trim() } : {}) });
    if (r.ok) onDone(r.value);
    else setError(r.error);
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={`Mark ${deposit.slipNumber} deposited`} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h2>
        Deposit {deposit.slipNumber}: {format(deposit.total, deposit.currency)}
      </h2>
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      <Field label="Bank reference (optional)" value={reference} maxLength={120} autoFocus onChange={(e) => setReference(e.target.value)} error={error?.fields?.bankReference} />
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          Confirm deposit
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
