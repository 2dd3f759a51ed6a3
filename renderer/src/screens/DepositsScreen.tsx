import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { Banner } from '../components/Banner';
import { DataTable } from '../components/DataTable';
import { Field } from '../components/Field';
import { Pager } from '../components/Pager';
import { PdfButton } from '../components/PdfButton';
import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';

import { ZReportView } from '../components/ZReportView';
import { officeMoney, useMoney } from '../hooks/useMoney';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';

type Session = OutputOf<'deposits:sessions'>['sessions'][number];
type Deposit = OutputOf<'deposits:list'>['deposits'][number];
type StatusFilter = '' | Deposit['status'];

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
  // Closed sessions and deposits, read through the query cache: a drawer closed at this desk or
  // a deposit made at another desk of the office reaches this screen by the change notices.
  const sessionsQuery = useChannelQuery('deposits:sessions', {});
  const sessions = sessionsQuery.data?.sessions ?? null;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [slip, setSlip] = useState('');
  const [keepFloat, setKeepFloat] = useState({ on: false, amount: '' });
  const [createId, setCreateId] = useState(newRequestId);
  const [status, setStatus] = useState<StatusFilter>('');
  const [offset, setOffset] = useState(0);
  const depositsQuery = useChannelQuery('deposits:list', { limit: PAGE, offset, ...(status ? { status } : {}) }, { placeholderData: (previous) => previous });
  const deposits = depositsQuery.data ?? null;
  const [marking, setMarking] = useState<Deposit | null>(null);
  const [zFor, setZFor] = useState<string | null>(null);
  const zQuery = useChannelQuery('drawer:zReport', { sessionId: zFor ?? '' }, { enabled: zFor !== null });
  const zReport = zFor ? (zQuery.data ?? null) : null;
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const toggle = useCallback((id: string) => {
    setChosen((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const showZ = useCallback((sessionId: string) => setZFor(sessionId), []);

  // A session chosen, then deposited from another window or desk, is no longer offered or counted.
  const picked = (sessions ?? []).filter((s) => chosen.has(s.id));
  const currencies = [...new Set(picked.map((s) => s.currency))];
  const cash = picked.reduce((n, s) => n + s.countedCash, 0);
  const checks = picked.reduce((n, s) => n + s.checkAmount, 0);
  const checkCount = picked.reduce((n, s) => n + s.checkCount, 0);

  const sessionColumns = useMemo(
    () => [
      sessionColumn.display({
        id: 'include',
        header: t('deposits.include'),
        cell: (c) => (
          <input type="checkbox" aria-label={t('deposits.include2', { zName: zName(c.row.original) })} checked={chosen.has(c.row.original.id)} onChange={() => toggle(c.row.original.id)} />
        ),
      }),
      sessionColumn.display({
        id: 'z',
        header: t('deposits.zReport'),
        cell: (c) => (
          <button type="button" className="button" aria-label={t('deposits.viewZReport', { zName: zName(c.row.original) })} onClick={() => showZ(c.row.original.id)}>
            {zName(c.row.original)}
          </button>
        ),
      }),
      sessionColumn.accessor('closedAt', { header: t('deposits.closed'), cell: (c) => when(c.getValue()) }),
      sessionColumn.accessor('countedCash', { header: t('deposits.countedCash'), cell: (c) => format(c.getValue(), c.row.original.currency) }),
      sessionColumn.accessor('checkCount', { header: t('deposits.checks') }),
      sessionColumn.accessor('checkAmount', { header: t('deposits.checkAmount'), cell: (c) => format(c.getValue(), c.row.original.currency) }),
    ],
    [chosen, format, showZ, toggle, when],
  );

  const depositColumns = useMemo(
    () => [
      depositColumn.accessor('slipNumber', { header: t('deposits.slip') }),
      depositColumn.accessor('createdAt', { header: t('deposits.prepared'), cell: (c) => when(c.getValue()) }),
      depositColumn.accessor('sessionIds', { header: t('deposits.sessions'), cell: (c) => c.getValue().length }),
      depositColumn.accessor('cashAmount', { header: t('deposits.cash'), cell: (c) => `${format(c.getValue(), c.row.original.currency)}${c.row.original.floatKept > 0 ? t('deposits.floatKept', { floatKept: format(c.row.original.floatKept, c.row.original.currency) }) : ''}` }),
      depositColumn.accessor('checkAmount', { header: t('deposits.checks'), cell: (c) => `${format(c.getValue(), c.row.original.currency)} (${c.row.original.checkCount})` }),
      depositColumn.accessor('total', { header: t('deposits.total'), cell: (c) => <span data-testid={`deposit-total-${c.row.original.slipNumber}`}>{format(c.getValue(), c.row.original.currency)}</span> }),
      depositColumn.accessor('status', {
        header: t('deposits.status'),
        cell: (c) => (c.getValue() === 'deposited' ? [t('deposits.state.deposited'), c.row.original.depositedAt ? when(c.row.original.depositedAt) : null].filter(Boolean).join(' ') + (c.row.original.bankReference ? ` · ${c.row.original.bankReference}` : '') : t('deposits.state.prepared')),
      }),
      depositColumn.display({
        id: 'actions',
        header: t('deposits.actions'),
        cell: (c) =>
          <>
            <PdfButton label={t('deposits.depositSlip', { slipNumber: c.row.original.slipNumber })} load={() => invoke('deposits:slipPdf', { depositId: c.row.original.id })} />
            {c.row.original.status === 'prepared' ? (
              <button type="button" className="button" onClick={() => setMarking(c.row.original)}>
                {t('deposits.markDeposited', { slipNumber: c.row.original.slipNumber })}
              </button>
            ) : null}
          </>,
      }),
    ],
    [format, when],
  );

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (picked.length === 0) return setError({ code: 'VALIDATION', message: t('deposits.chooseTheSessionsThatGo'), fields: { sessionIds: t('deposits.chooseAtLeastOneClosed') } });
    let float = 0;
    if (keepFloat.on) {
      const parsed = officeMoney().parse(keepFloat.amount, currencies[0] ?? 'USD');
      if (parsed === null) return setError({ code: 'VALIDATION', message: t('deposits.enterTheFloatToKeep'), fields: { keepFloat: t('deposits.isNotAnAmount') } });
      float = parsed;
    }
    const r = await invoke('deposits:create', { requestId: createId, sessionIds: picked.map((s) => s.id), ...(slip.trim() ? { slipNumber: slip.trim() } : {}), ...(float > 0 ? { keepFloat: float } : {}) });
    if (!r.ok) {
      setNotice(null);
      return setError(r.error);
    }
    setError(null);
    setNotice(`${t('deposits.preparedNotice', { slip: r.value.slipNumber, total: format(r.value.total, r.value.currency), cash: format(r.value.cashAmount, r.value.currency), checks: r.value.checkCount, checkAmount: format(r.value.checkAmount, r.value.currency) })}${r.value.floatKept > 0 ? t('deposits.staysInTheDrawerAs', { floatKept: format(r.value.floatKept, r.value.currency) }) : ''}`);
    setKeepFloat({ on: false, amount: '' });
    setChosen(new Set());
    setSlip('');
    setCreateId(newRequestId());
    setOffset(0);
  };

  return (
    <section aria-labelledby="deposits-title">
      <h1 id="deposits-title">{t('deposits.deposits')}</h1>
      {notice ? <Banner kind="success">{notice}</Banner> : null}
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}

      <form className="card form" onSubmit={create} noValidate aria-labelledby="new-deposit-title">
        <h2 id="new-deposit-title">{t('deposits.prepareABankDeposit')}</h2>
        {!sessions || sessionsQuery.isError ? <QueryStatus query={sessionsQuery} what={t('deposits.theClosedSessions')} /> : null}
        {sessions ? <DataTable label={t('deposits.closedSessionsNotYetDeposited')} columns={sessionColumns} data={sessions} empty={t('deposits.everyClosedSessionIsAlready')} getRowId={(s: Session) => s.id} /> : null}
        {error?.fields?.sessionIds ? <div className="field__error" role="alert">{error.fields.sessionIds}</div> : null}
        <p aria-live="polite" data-testid="deposit-preview">
          {picked.length === 0
            ? t('deposits.noSessionChosen')
            : currencies.length > 1
              ? t('deposits.theChosenSessionsHoldDifferent')
              : t('deposits.pickedSummary', { sessions: picked.length, cash: format(cash, currencies[0] ?? ''), checkCount, checks: format(checks, currencies[0] ?? ''), total: format(cash + checks, currencies[0] ?? '') })}
        </p>
        <label>
          <input type="checkbox" checked={keepFloat.on} onChange={(e) => setKeepFloat({ ...keepFloat, on: e.target.checked })} /> {t('deposits.keepAFloatInThe')}
        </label>
        {keepFloat.on ? <Field label={t('deposits.floatToKeep')} hint={t('deposits.takenFromTheCashCounted')} inputMode="decimal" value={keepFloat.amount} onChange={(e) => setKeepFloat({ ...keepFloat, amount: e.target.value })} error={error?.fields?.keepFloat} /> : null}
        <Field label={t('deposits.slipNumber')} hint={t('deposits.leaveEmptyToNumberIt')} value={slip} maxLength={40} onChange={(e) => setSlip(e.target.value)} error={error?.fields?.slipNumber} />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('deposits.createDeposit')}
          </button>
        </div>
      </form>

      <section className="card" aria-labelledby="deposit-list-title">
        <h2 id="deposit-list-title">{t('deposits.deposits')}</h2>
        <div className="field">
          <label htmlFor="deposit-status">{t('deposits.show')}</label>
          <select
            id="deposit-status"
            value={status}
            onChange={(e) => {
              const v = e.target.value;
              setStatus(v === 'prepared' || v === 'deposited' ? v : '');
              setOffset(0);
            }}
          >
            <option value="">{t('deposits.allDeposits')}</option>
            <option value="prepared">{t('deposits.preparedNotYetAtThe')}</option>
            <option value="deposited">{t('deposits.deposited')}</option>
          </select>
        </div>
        {!deposits || depositsQuery.isError ? <QueryStatus query={depositsQuery} what={t('deposits.theDeposits')} /> : null}
        {deposits ? <DataTable label={t('deposits.deposits')} columns={depositColumns} data={deposits.deposits} empty={t('deposits.noDepositsYet')} getRowId={(d: Deposit) => d.id} /> : null}
        {deposits && deposits.total > PAGE ? <Pager offset={offset} pageSize={PAGE} total={deposits.total} onOffset={setOffset} /> : null}
      </section>

      {zFor ? <QueryStatus query={zQuery} what={t('deposits.theZReport')} /> : null}
      {zReport ? (
        <div className="stack">
          <ZReportView report={zReport} />
          <div className="form__actions no-print">
            <button type="button" className="button" onClick={() => setZFor(null)}>
              {t('deposits.closeZReport')}
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
            setNotice(t('deposits.markedDeposited', { slip: d.slipNumber, hasReference: d.bankReference ? 'yes' : 'no', bankReference: d.bankReference ?? '' }));
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
    <form className="card form" onSubmit={submit} noValidate aria-label={t('deposits.markDeposited', { slipNumber: deposit.slipNumber })} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h2>
        {t('deposits.deposit', { slipNumber: deposit.slipNumber, total: format(deposit.total, deposit.currency) })}
      </h2>
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      <Field label={t('deposits.bankReferenceOptional')} value={reference} maxLength={120} autoFocus onChange={(e) => setReference(e.target.value)} error={error?.fields?.bankReference} />
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          {t('deposits.confirmDeposit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('deposits.cancel')}
        </button>
      </div>
    </form>
  );
}
