import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { denominationsOf } from '../../../shared/denominations';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';

import { Banner } from '../components/Banner';
import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import { Field } from '../components/Field';
import { TableExport } from '../components/TableExport';
import { VoidPayment } from '../components/VoidPayment';
import { useVoidable } from '../hooks/useVoidable';
import { DrawerMovementsView } from '../components/DrawerMovementsView';
import { ZReportView } from '../components/ZReportView';
import { officeMoney, useMoney } from '../hooks/useMoney';
import { useSetting } from '../stores/settings';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';
import { methodLabel } from '../i18n/labels';

type Session = NonNullable<OutputOf<'drawer:current'>['session']>;
type Payment = OutputOf<'payments:list'>['payments'][number];
type ZReport = OutputOf<'drawer:zReport'>;
type Movements = OutputOf<'drawer:movements'>;


/** Open the drawer with a float, pay cash in or out, close with a count, read the Z report. */
export function DrawerScreen() {
  const { format, parse } = useMoney();
  const time = useOfficeTime();
  const defaultCurrency = useSetting('defaultCurrency', 'USD');
  // The open session, its payments and its cash movements: read through the query cache, so a
  // payment taken at this desk (another window, the cashier) or applied from another desk of the
  // office reaches this screen by the core's change notice, without opening it again.
  const current = useChannelQuery('drawer:current', {});
  const session: Session | null | undefined = current.data ? current.data.session : undefined;
  const carried = current.data?.carriedFloat ?? null;
  const sessionId = session?.id ?? '';
  const paymentsQuery = useChannelQuery('payments:list', { sessionId, limit: 200 }, { enabled: sessionId !== '' });
  const movementsQuery = useChannelQuery('drawer:movements', { sessionId }, { enabled: sessionId !== '' });
  const payments: Payment[] = session ? (paymentsQuery.data?.payments ?? []) : [];
  const movements: Movements | null = session ? (movementsQuery.data ?? null) : null;
  // The Z report of the session this window just closed.
  const [closedId, setClosedId] = useState<string | null>(null);
  const zQuery = useChannelQuery('drawer:zReport', { sessionId: closedId ?? '' }, { enabled: closedId !== null });
  const zReport: ZReport | null = closedId ? (zQuery.data ?? null) : null;
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [floatText, setFloatText] = useState('');
  const [move, setMove] = useState({ kind: 'paid_in' as 'paid_in' | 'paid_out', amount: '', reason: '' });
  const [close, setClose] = useState({ counted: '', note: '' });
  // Count by denomination: note or coin value (minor units) → how many, as typed.
  const [byDenomination, setByDenomination] = useState(false);
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [voiding, setVoiding] = useState<Payment | null>(null);
  const voidable = useVoidable(payments.filter((p) => p.status === 'completed').map((p) => p.id));

  // A float kept in the drawer by the last deposit is offered as the next opening float.
  const keptAmount = carried?.amount;
  const keptCurrency = carried?.currency;
  useEffect(() => {
    if (keptAmount !== undefined && keptCurrency) setFloatText((t) => t || officeMoney().toInput(keptAmount, keptCurrency));
  }, [keptAmount, keptCurrency]);

  const currency = session?.currency ?? defaultCurrency;
  const denominations = denominationsOf(currency);
  const counted = countedByDenomination(denominations, counts);
  const fail = (e: AppErrorData) => {
    setError(e);
    setNotice(null);
  };

  const open = async (event: FormEvent) => {
    event.preventDefault();
    const openingFloat = parse(floatText || '0', currency);
    if (openingFloat === null) return fail({ code: 'VALIDATION', message: t('drawer.enterTheCountedFloat'), fields: { openingFloat: t('drawer.isNotAnAmountIn', { currency }) } });
    const r = await invoke('drawer:open', { requestId: newRequestId(), openingFloat });
    if (!r.ok) return fail(r.error);
    setError(null);
    setClosedId(null);
    setNotice(t('drawer.drawerOpenWithAFloat', { openingFloat: format(r.value.openingFloat, r.value.currency) }));
    setFloatText('');
  };

  const moveCash = async (event: FormEvent) => {
    event.preventDefault();
    const amount = parse(move.amount, currency);
    if (amount === null) return fail({ code: 'VALIDATION', message: t('drawer.enterTheAmount'), fields: { amount: t('drawer.isNotAnAmountIn', { currency }) } });
    const r = await invoke('drawer:move', { requestId: newRequestId(), kind: move.kind, amount, reason: move.reason });
    if (!r.ok) return fail(r.error);
    setError(null);
    setNotice(`${move.kind === 'paid_in' ? t('drawer.paidIn') : t('drawer.paidOut')} ${format(amount, currency)}.`);
    setMove({ kind: move.kind, amount: '', reason: '' });
  };

  const closeDrawer = async (event: FormEvent) => {
    event.preventDefault();
    const denominations = byDenomination ? counted.lines : undefined;
    if (byDenomination && counted.bad) return fail({ code: 'VALIDATION', message: t('drawer.enterWholeCounts'), fields: { denominations: t('drawer.eachCountIsAWhole') } });
    const countedCash = byDenomination ? counted.total : parse(close.counted, currency);
    if (countedCash === null) return fail({ code: 'VALIDATION', message: t('drawer.enterTheCountedCash'), fields: { countedCash: t('drawer.isNotAnAmountIn', { currency }) } });
    const r = await invoke('drawer:close', { requestId: newRequestId(), countedCash, ...(denominations ? { denominations } : {}), ...(close.note ? { note: close.note } : {}) });
    if (!r.ok) return fail(r.error);
    setClosedId(r.value.session.id);
    const os = r.value.session.overShort ?? 0;
    setError(null);
    setNotice(os === 0 ? t('drawer.closedMatches') : t('drawer.closedOverShort', { amount: format(Math.abs(os), currency), short: os < 0 }));
    setClose({ counted: '', note: '' });
    setCounts({});
  };

  return (
    <section aria-labelledby="drawer-title">
      <h1 id="drawer-title">{t('drawer.drawer')}</h1>
      {notice ? <Banner kind="success">{notice}</Banner> : null}
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      {session === undefined || current.isError ? <QueryStatus query={current} what={t('drawer.theDrawer')} /> : null}
      {session === null ? (
        <form className="card form" onSubmit={open} noValidate aria-labelledby="open-drawer-title">
          <h2 id="open-drawer-title">{t('drawer.openTheDrawer')}</h2>
          {carried ? <p className="muted" data-testid="carried-float">{t('drawer.depositKeptInTheDrawer', { slipNumber: carried.slipNumber, amount: format(carried.amount, carried.currency) })}</p> : null}
          <Field label={t('drawer.countedFloat', { currency })} inputMode="decimal" value={floatText} onChange={(e) => setFloatText(e.target.value)} error={error?.fields?.openingFloat} autoFocus />
          <div className="form__actions"><button type="submit" className="button button--primary">{t('drawer.openDrawer')}</button></div>
        </form>
      ) : null}
      {session ? (
        <>
          <dl className="card facts" aria-label={t('drawer.openSession')}>
            <div className="facts__row"><dt>{t('drawer.opened')}</dt><dd>{time.dateTime(session.openedAt)}</dd></div>
            <div className="facts__row"><dt>{t('drawer.float')}</dt><dd>{format(session.openingFloat, currency)}</dd></div>
            <div className="facts__row"><dt>{t('drawer.expectedCash')}</dt><dd data-testid="expected-cash">{format(session.expectedCash, currency)}</dd></div>
          </dl>
          <TableExport request={{ table: 'payments', filters: { sessionId: session.id } }} label={t('drawer.paymentsThisSession')} />
          <QueryStatus query={paymentsQuery} what={t('drawer.thisSessionSPayments')} />
          <table className="table" aria-label={t('drawer.paymentsThisSession2')}>
            <thead><tr><th scope="col">{t('drawer.receipt')}</th><th scope="col">{t('drawer.payer')}</th><th scope="col">{t('drawer.method')}</th><th scope="col">{t('drawer.amount')}</th><th scope="col">{t('drawer.status')}</th><th scope="col">{t('drawer.actions')}</th></tr></thead>
            <tbody>
              {payments.length === 0 && paymentsQuery.data ? <tr><td colSpan={6} className="table__empty">{t('drawer.noPaymentsYet')}</td></tr> : null}
              {payments.map((p) => (
                <tr key={p.id}>
                  <td>{p.receipt.number}</td><td>{p.payerName}</td><td>{methodLabel(p.method)}</td><td>{format(p.amount, p.currency)}</td><td>{p.status}</td>
                  <td>{voidable.get(p.id)?.voidable ? <button type="button" className="button" onClick={() => setVoiding(p)}>{t('drawer.void')} {p.receipt.number}</button> : p.status === 'completed' && voidable.get(p.id) ? <span className="field__hint" title={voidable.get(p.id)?.reason ?? ''}>{voidable.get(p.id)?.refund ? t('drawer.refundOnly') : t('drawer.refundedInFull')}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <QueryStatus query={movementsQuery} what={t('drawer.theCashMovements')} />
          {movements ? <DrawerMovementsView movements={movements} /> : null}
          {voiding ? <VoidPayment paymentId={voiding.id} receiptNumber={voiding.receipt.number} onDone={(p) => { setVoiding(null); setNotice(t('drawer.receiptVoided', { number: p.receipt.number })); }} /> : null}
          <div className="columns">
            <form className="card form" onSubmit={moveCash} noValidate aria-labelledby="move-title">
              <h2 id="move-title">{t('drawer.paidInPaidOut')}</h2>
              <div className="field">
                <label htmlFor="move-kind">{t('drawer.kind')}</label>
                <select id="move-kind" value={move.kind} onChange={(e) => setMove({ ...move, kind: e.target.value === 'paid_out' ? 'paid_out' : 'paid_in' })}>
                  <option value="paid_in">{t('drawer.paidIn')}</option>
                  <option value="paid_out">{t('drawer.paidOut')}</option>
                </select>
              </div>
              <Field label={t('drawer.cashAmount')} inputMode="decimal" value={move.amount} onChange={(e) => setMove({ ...move, amount: e.target.value })} error={error?.fields?.amount} />
              <Field label={t('drawer.reason')} value={move.reason} onChange={(e) => setMove({ ...move, reason: e.target.value })} error={error?.fields?.reason} />
              <div className="form__actions"><button type="submit" className="button">{t('drawer.recordCashMovement')}</button></div>
            </form>
            <form className="card form" onSubmit={closeDrawer} noValidate aria-labelledby="close-title">
              <h2 id="close-title">{t('drawer.closeTheDrawer')}</h2>
              {denominations.length > 0 ? (
                <label>
                  <input type="checkbox" checked={byDenomination} onChange={(e) => setByDenomination(e.target.checked)} /> {t('drawer.countByDenomination')}
                </label>
              ) : null}
              {byDenomination ? (
                <fieldset className="denominations">
                  <legend>{t('drawer.notesAndCoinsCounted')}</legend>
                  {denominations.map((value) => (
                    <Field
                      key={value}
                      label={`× ${format(value, currency)}`}
                      inputMode="numeric"
                      value={counts[value] ?? ''}
                      onChange={(e) => setCounts({ ...counts, [value]: e.target.value })}
                    />
                  ))}
                  {error?.fields?.denominations ? <div className="field__error" role="alert">{error.fields.denominations}</div> : null}
                  <p className="total" aria-live="polite">{t('drawer.countedCash')} <span data-testid="denomination-total">{format(counted.total, currency)}</span></p>
                </fieldset>
              ) : (
                <Field label={t('drawer.countedCash2')} inputMode="decimal" value={close.counted} onChange={(e) => setClose({ ...close, counted: e.target.value })} error={error?.fields?.countedCash} />
              )}
              <Field label={t('drawer.noteRequiredWhenOverOr')} value={close.note} onChange={(e) => setClose({ ...close, note: e.target.value })} error={error?.fields?.note} />
              <div className="form__actions"><button type="submit" className="button button--primary">{t('drawer.closeDrawer')}</button></div>
            </form>
          </div>
        </>
      ) : null}
      {closedId ? <QueryStatus query={zQuery} what={t('drawer.theZReport')} /> : null}
      {zReport ? <ZReportView report={zReport} /> : null}
    </section>
  );
}

/** The counted cash of typed note and coin counts, in minor units; a count that is not a whole number spoils it. */
function countedByDenomination(values: readonly number[], counts: Record<number, string>): { total: number; lines: { value: number; count: number }[]; bad: boolean } {
  let total = 0;
  let bad = false;
  const lines: { value: number; count: number }[] = [];
  for (const value of values) {
    const text = (counts[value] ?? '').trim();
    if (text === '') continue;
    if (!/^[0-9]{1,6}$/.test(text)) {
      bad = true;
      continue;
    }
    const count = Number(text);
    if (count === 0) continue;
    lines.push({ value, count });
    total += value * count;
  }
  return { total, lines, bad };
}
