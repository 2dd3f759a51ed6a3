import { useCallback, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { Banner } from '../components/Banner';
import { Field } from '../components/Field';
import { PayerPicker } from '../components/PayerPicker';
import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import { ReceiptView } from '../components/ReceiptView';
import { VoidPayment } from '../components/VoidPayment';
import { useInFlight } from '../hooks/useInFlight';
import { useVoidable } from '../hooks/useVoidable';
import { useMoney } from '../hooks/useMoney';
import { t } from '../i18n';
import { statusLabel } from '../i18n/labels';

type Payer = OutputOf<'payers:search'>['payers'][number];
type Enrollment = OutputOf<'enrollments:list'>['enrollments'][number];
type Payment = OutputOf<'payments:recordManual'>;
type Method = 'cash' | 'check' | 'bank_transfer' | 'card_terminal' | 'credit';

const METHODS: { value: Method; label: string }[] = [
  { value: 'cash', get label() { return t('method.cash'); } },
  { value: 'check', get label() { return t('method.check'); } },
  { value: 'bank_transfer', get label() { return t('method.bank_transfer'); } },
  { value: 'card_terminal', get label() { return t('method.card_terminal'); } },
  { value: 'credit', get label() { return t('method.credit'); } },
];

const emptyForm = { method: 'cash' as Method, amount: '', tendered: '', checkNumber: '', checkBank: '', reference: '', note: '', useCredit: false };

/**
 * The desk's main screen: find the payer, see what is due, take the payment keyboard-first
 * (amount, Tab, tendered, Enter), then print or save the receipt. Change due is shown as
 * the cashier types; the core computes and stores the real figure.
 */
export function CashierScreen() {
  const { format, parse } = useMoney();
  const [payer, setPayer] = useState<Payer | null>(null);
  const [picked, setEnrollmentId] = useState<string | null>(null);
  const [form, setForm] = useState(emptyForm);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [last, setLast] = useState<Payment | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  const recording = useInFlight();
  const [overpaid, setOverpaid] = useState<number | null>(null);

  // The payer's active enrollments, credit and the chosen enrollment's items: keyed by the payer
  // and enrollment shown, so an answer for another payer never lands on this panel, and read
  // again on every change notice (a void, a refund, another desk's payment may change them).
  const payerId = payer?.id ?? '';
  const enrollmentsQuery = useChannelQuery('enrollments:list', { payerId, status: 'active', limit: 50 }, { enabled: payerId !== '' });
  const creditQuery = useChannelQuery('payers:credit', { payerId }, { enabled: payerId !== '' });
  const enrollments: Enrollment[] = payer ? (enrollmentsQuery.data?.enrollments ?? []) : [];
  // The enrollment picked while it is still active, else the first.
  const enrollmentId = picked && enrollments.some((e) => e.id === picked) ? picked : (enrollments[0]?.id ?? null);
  const detailsQuery = useChannelQuery('enrollments:paymentDetails', { enrollmentId: enrollmentId ?? '' }, { enabled: enrollmentId !== null });
  const details = enrollmentId ? (detailsQuery.data ?? null) : null;
  // The payer's panel appears once what it first shows has come (the enrollments, and the picked
  // one's items): its heading, figures and the focus in Amount arrive in one render. Before, the
  // heading came first and the form's focus followed a moment later, when the cashier could
  // already be selecting the search text to type the next name, which then went into Amount.
  const settled = !enrollmentsQuery.isPending && (enrollmentId === null || !detailsQuery.isPending);
  const credit = payer ? (creditQuery.data?.balances.filter((b) => b.amount > 0) ?? []) : [];

  const shownPayer = useRef<string | null>(null);
  // Set while the cashier types a new search after a payer was shown. The payment form mounts
  // when the payer's figures arrive, which can be after the cashier has started typing the next
  // name: it must not take the focus then, or the rest of the name lands in Amount and Enter
  // searches for the old payer again.
  const typingSearch = useRef(false);
  const focusAmount = useCallback((el: HTMLInputElement | null) => {
    if (el && !typingSearch.current) el.focus();
  }, []);
  /** Shows a payer (keeping the enrollment picked when it is still active), or clears the panel for a new search. */
  const loadPayer = useCallback((p: Payer | null) => {
    const samePayer = p !== null && shownPayer.current === p.id;
    shownPayer.current = p?.id ?? null;
    if (p !== null) typingSearch.current = false;
    setPayer(p);
    if (!samePayer) {
      setEnrollmentId(null);
      setForm(emptyForm);
      setError(null);
      setVoiding(false);
      setOverpaid(null);
      setLast(null);
      setRequestId(newRequestId());
    }
  }, []);

  const currency = details?.enrollment.currency ?? 'USD';
  // Typing again takes back an overpayment question asked about the old figures.
  const edit = (patch: Partial<typeof emptyForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setOverpaid(null);
  };
  const amount = parse(form.amount, currency);
  const tendered = form.tendered.trim() === '' ? amount : parse(form.tendered, currency);
  const change = form.method === 'cash' && amount !== null && tendered !== null && tendered >= amount ? tendered - amount : null;

  // Money beyond what the open items owe (after the credit the cashier chose to use) is an
  // overpayment: the cashier decides, with the payer at the counter, change or credit.
  const creditHere = credit.find((c) => c.currency === currency)?.amount ?? 0;
  const payableByMoney = details ? Math.max(0, details.payable - (form.useCredit && form.method !== 'credit' ? Math.min(creditHere, details.payable) : 0)) : 0;
  const record = (pay: { amount: number; tendered: number | null }) => recording.run(async () => {
    if (!details) return;
    const r = await invoke('payments:recordManual', {
      requestId,
      enrollmentId: details.enrollment.id,
      method: form.method,
      amount: pay.amount,
      currency,
      ...(form.method === 'cash' && pay.tendered !== null ? { tendered: pay.tendered } : {}),
      ...(form.method === 'check' ? { check: { number: form.checkNumber, ...(form.checkBank ? { bank: form.checkBank } : {}) } } : {}),
      ...(form.method === 'bank_transfer' || form.method === 'card_terminal' ? { reference: form.reference } : {}),
      ...(form.note ? { note: form.note } : {}),
      ...(form.useCredit && form.method !== 'credit' ? { useCredit: true } : {}),
    });
    setOverpaid(null);
    if (!r.ok) return setError(r.error);
    setError(null);
    setLast(r.value);
    setVoiding(false);
    setForm(emptyForm);
    setRequestId(newRequestId());
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!details || recording.busy) return;
    if (amount === null) return setError({ code: 'VALIDATION', message: t('cashier.enterTheAmount'), fields: { amount: t('cashier.isNotAnAmountIn', { currency }) } });
    if (form.method === 'cash' && tendered === null) return setError({ code: 'VALIDATION', message: t('cashier.enterTheCashTendered'), fields: { tendered: t('cashier.isNotAnAmountIn', { currency }) } });
    if (form.method !== 'credit' && amount > payableByMoney) {
      setError(null);
      return setOverpaid(amount - payableByMoney);
    }
    await record({ amount, tendered });
  };

  /** Cash only: record what is owed and hand the rest back with the change. */
  const giveChange = () => {
    if (amount === null || overpaid === null) return;
    void record({ amount: amount - overpaid, tendered: tendered ?? amount });
  };

  const lastVoid = useVoidable(last && last.status === 'completed' ? [last.id] : []).get(last?.id ?? '');

  const due = details?.items.filter((i) => i.outstanding > 0) ?? [];
  return (
    <section aria-labelledby="cashier-title">
      <h1 id="cashier-title">{t('cashier.cashier')}</h1>
      <PayerPicker onPayer={loadPayer} onReceipt={(r) => setLast(r.payment)} onEdit={() => (typingSearch.current = true)} />
      {payer && !settled ? (
        <div className="card">
          <QueryStatus query={enrollmentsQuery.isPending ? enrollmentsQuery : detailsQuery} what={enrollmentsQuery.isPending ? t('cashier.theEnrollments') : t('cashier.whatIsDue')} />
        </div>
      ) : null}
      {payer && settled ? (
        <div className="columns">
          <div className="stack">
            <div className="card">
              <h2>{payer.name}</h2>
              {enrollmentsQuery.isError ? <QueryStatus query={enrollmentsQuery} what={t('cashier.theEnrollments')} /> : null}
              {creditQuery.isError ? <QueryStatus query={creditQuery} what={t('cashier.theCredit')} /> : null}
              {credit.length > 0 ? <p data-testid="payer-credit">{t('cashier.creditOnAccount')} {credit.map((c) => format(c.amount, c.currency)).join(', ')}</p> : null}
              {enrollments.length === 0 && enrollmentsQuery.data ? <p className="field__hint">{t('cashier.noActiveEnrollments')}</p> : null}
              {enrollments.length > 1 ? (
                <div className="field">
                  <label htmlFor="cashier-enrollment">{t('cashier.enrollment')}</label>
                  <select id="cashier-enrollment" value={enrollmentId ?? ''} onChange={(e) => setEnrollmentId(e.target.value)}>
                    {enrollments.map((e) => <option key={e.id} value={e.id}>{e.productName} ({e.planName})</option>)}
                  </select>
                </div>
              ) : enrollments[0] ? <p>{enrollments[0].productName} ({enrollments[0].planName})</p> : null}
              {enrollmentId && (!details || detailsQuery.isError) ? <QueryStatus query={detailsQuery} what={t('cashier.whatIsDue')} /> : null}
              {details ? (
                <>
                  <table className="table" aria-label={t('cashier.dueItems')}>
                    <thead><tr><th scope="col">#</th><th scope="col">{t('cashier.due')}</th><th scope="col">{t('cashier.amount')}</th><th scope="col">{t('cashier.paid')}</th><th scope="col">{t('cashier.owed')}</th><th scope="col">{t('cashier.status')}</th></tr></thead>
                    <tbody>
                      {due.length === 0 ? <tr><td colSpan={6} className="table__empty">{t('cashier.nothingIsOwed')}</td></tr> : null}
                      {due.map((i) => (
                        <tr key={i.id}><td>{i.seq}</td><td>{i.dueDate}</td><td>{format(i.amount, i.currency)}</td><td>{format(i.paid, i.currency)}</td><td>{format(i.outstanding, i.currency)}</td><td>{statusLabel(i.status)}</td></tr>
                      ))}
                    </tbody>
                  </table>
                  <p className="total" data-testid="balance">{t('cashier.balance')} {format(details.balance, currency)}</p>
                </>
              ) : null}
            </div>
          </div>
          {details ? (
            // A new key after each payment remounts the form, so the amount field takes the focus again.
            <form key={requestId} className="card form" onSubmit={submit} noValidate aria-labelledby="take-payment-title">
              <h2 id="take-payment-title">{t('cashier.takePayment')}</h2>
              {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
              <div className="field">
                <label htmlFor="pay-method">{t('cashier.method')}</label>
                <select id="pay-method" value={form.method} onChange={(e) => edit({ method: METHODS.find((m) => m.value === e.target.value)?.value ?? 'cash' })}>
                  {METHODS.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
                </select>
              </div>
              <Field label={t('cashier.amount2', { currency })} inputMode="decimal" value={form.amount} onChange={(e) => edit({ amount: e.target.value })} error={error?.fields?.amount} ref={focusAmount} />
              {form.method === 'cash' ? <Field label={t('cashier.tendered')} inputMode="decimal" value={form.tendered} onChange={(e) => edit({ tendered: e.target.value })} error={error?.fields?.tendered} hint={t('cashier.leaveEmptyForTheExact')} /> : null}
              {form.method === 'cash' ? <p className="total" aria-live="polite">{t('cashier.changeDue')} <span data-testid="change-preview">{change === null ? '—' : format(change, currency)}</span></p> : null}
              {form.method === 'check' ? (
                <>
                  <Field label={t('cashier.checkNumber')} value={form.checkNumber} onChange={(e) => edit({ checkNumber: e.target.value })} error={error?.fields?.['check.number'] ?? error?.fields?.check} />
                  <Field label={t('cashier.bank')} value={form.checkBank} onChange={(e) => edit({ checkBank: e.target.value })} />
                </>
              ) : null}
              {form.method === 'bank_transfer' || form.method === 'card_terminal' ? <Field label={t('cashier.reference')} value={form.reference} onChange={(e) => edit({ reference: e.target.value })} error={error?.fields?.reference} /> : null}
              {form.method !== 'credit' && credit.some((c) => c.currency === currency) ? (
                <label><input type="checkbox" checked={form.useCredit} onChange={(e) => edit({ useCredit: e.target.checked })} /> {t('cashier.useCreditOnAccountFirst')}</label>
              ) : null}
              <Field label={t('cashier.note')} value={form.note} onChange={(e) => edit({ note: e.target.value })} error={error?.fields?.note} />
              {overpaid !== null ? (
                <div className="card stack" role="group" aria-labelledby="overpaid-title" data-testid="overpaid">
                  <p id="overpaid-title"><strong>{t('cashier.overpaidByKeepItAs', { overpaid: format(overpaid, currency) })}</strong></p>
                  <p className="field__hint">{payer ? t('cashier.overpaidHint', { owed: format(payableByMoney, currency), name: payer.name }) : t('cashier.overpaidHintNoName', { owed: format(payableByMoney, currency) })}</p>
                  <div className="form__actions">
                    {form.method === 'cash' && amount !== null && overpaid < amount ? (
                      <button type="button" className="button button--primary" autoFocus disabled={recording.busy} onClick={giveChange}>{t('cashier.giveChange', { overpaid: format(overpaid, currency) })}</button>
                    ) : null}
                    <button type="button" className={form.method === 'cash' ? 'button' : 'button button--primary'} autoFocus={form.method !== 'cash'} disabled={recording.busy} onClick={() => amount !== null && void record({ amount, tendered })}>
                      {t('cashier.keepAsCredit', { overpaid: format(overpaid, currency) })}
                    </button>
                    <button type="button" className="button" onClick={() => setOverpaid(null)}>{t('cashier.changeTheAmount')}</button>
                  </div>
                </div>
              ) : (
                <div className="form__actions">
                  <button type="submit" className="button button--primary" disabled={recording.busy}>{t('cashier.recordPaymentEnter')}</button>
                </div>
              )}
            </form>
          ) : null}
        </div>
      ) : null}
      {last ? (
        <div className="stack">
          {last.receipt.status === 'issued' ? (
            <Banner kind="success">
              {t('cashier.paymentRecordedReceipt', { number: last.receipt.number })}
              {last.changeDue ? t('cashier.changeDue2', { changeDue: format(last.changeDue, last.currency) }) : ''}
            </Banner>
          ) : null}
          <ReceiptView payment={last} />
          {last.receipt.status === 'issued' && lastVoid && !lastVoid.voidable && lastVoid.reason ? (
            <p className="field__hint no-print" data-testid="void-refused">{lastVoid.reason}</p>
          ) : null}
          {last.receipt.status === 'issued' && lastVoid?.voidable ? (
            voiding ? (
              <VoidPayment paymentId={last.id} receiptNumber={last.receipt.number} onDone={(p) => { setLast(p); setVoiding(false); }} />
            ) : (
              <div className="no-print"><button type="button" className="button" onClick={() => setVoiding(true)}>{t('cashier.voidThisPayment')}</button></div>
            )
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
