import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { InputOf, OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId, windowWords } from '../api/invoke';
import { Banner } from '../components/Banner';
import { Field } from '../components/Field';
import { PayerPicker } from '../components/PayerPicker';
import { PdfButton } from '../components/PdfButton';
import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import { useMoney } from '../hooks/useMoney';
import { t } from '../i18n';
import { methodLabel, statusLabel } from '../i18n/labels';

type Payer = OutputOf<'payers:search'>['payers'][number];
type Enrollment = OutputOf<'enrollments:list'>['enrollments'][number];
type Proposal = OutputOf<'refunds:create'>['proposal'];
type Line = NonNullable<InputOf<'refunds:create'>['split']>[number];
type Mode = 'cancel' | 'refund';


/**
 * Admin only: cancel an enrollment or refund part of it. The core's proposal and its split
 * by method are shown first; nothing is written until the admin confirms.
 */
export function RefundScreen() {
  const { format, parse } = useMoney();
  const [payer, setPayer] = useState<Payer | null>(null);
  // The payer's enrollments, keyed by the payer shown (an answer for another payer never lands
  // here) and read again on the change notices; the one picked while listed, else the first active.
  const payerId = payer?.id ?? '';
  const enrollmentsQuery = useChannelQuery('enrollments:list', { payerId, limit: 50 }, { enabled: payerId !== '' });
  const enrollments: Enrollment[] = payer ? (enrollmentsQuery.data?.enrollments ?? []) : [];
  const [picked, setEnrollmentId] = useState('');
  const enrollmentId = picked && enrollments.some((e) => e.id === picked) ? picked : (enrollments.find((e) => e.status === 'active')?.id ?? enrollments[0]?.id ?? '');
  const [mode, setMode] = useState<Mode>('cancel');
  const [form, setForm] = useState({ reason: '', amount: '', overrideReason: '', toCredit: false, useCredit: true });
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refundReceipt, setRefundReceipt] = useState<string | null>(null);
  const [requestId, setRequestId] = useState(newRequestId);

  const loadPayer = useCallback((p: Payer | null) => {
    setPayer(p);
    setProposal(null);
    setEnrollmentId('');
  }, []);
  useEffect(() => {
    setProposal(null);
  }, [enrollmentId, mode]);

  const enrollment = enrollments.find((e) => e.id === enrollmentId);
  const currency = enrollment?.currency ?? 'USD';

  const decision = (): { amount?: number; overrideReason?: string } | null => {
    if (form.amount.trim() === '') return {};
    const amount = parse(form.amount, currency);
    if (amount === null) {
      setError({ code: 'VALIDATION', message: t('refund.enterTheRefundAmount'), fields: { amount: t('refund.isNotAnAmountIn', { currency }) } });
      return null;
    }
    return { amount, ...(form.overrideReason ? { overrideReason: form.overrideReason } : {}) };
  };

  const call = async (preview: boolean) => {
    const d = decision();
    if (!d || !enrollment) return;
    const split = preview ? {} : { split: lines };
    const r = mode === 'cancel'
      ? await invoke('enrollments:cancel', { requestId: preview ? newRequestId() : requestId, enrollmentId: enrollment.id, reason: form.reason, preview, toCredit: form.toCredit, ...d, ...split })
      : await invoke('refunds:create', { requestId: preview ? newRequestId() : requestId, from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: d.amount ?? 0, reason: form.reason, preview, toCredit: form.toCredit, useCredit: form.useCredit, ...split });
    if (!r.ok) {
      setError(r.error);
      setNotice(null);
      return;
    }
    setError(null);
    if (preview) {
      setProposal(r.value.proposal);
      setLines(r.value.proposal.split.map((l) => ({ method: l.method, amount: l.amount, ...(l.paymentId ? { paymentId: l.paymentId } : {}), ...(l.fromCredit ? { fromCredit: true } : {}) })));
      return;
    }
    const total = r.value.refunds.reduce((s, x) => s + x.amount, 0);
    setNotice(t(mode === 'cancel' ? 'refund.cancelledNotice' : 'refund.refundedNotice', { amount: format(total, currency), queued: r.value.refunds.some((x) => x.status === 'pending') ? t('refund.cardRefundsAreQueuedFor') : '' }));
    setRefundReceipt(r.value.refunds[0]?.receiptNumber ?? null);
    setProposal(null);
    setRequestId(newRequestId());
    // The enrollments are read again by the change notice; the next active one is offered.
    setEnrollmentId('');
  };

  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    void call(true);
  };

  return (
    <section aria-labelledby="refund-title">
      <h1 id="refund-title">{t('refund.refundsAndCancellations')}</h1>
      {notice ? <Banner kind="success">{notice}</Banner> : null}
      {notice && refundReceipt ? (
        <div className="form__actions">
          <PdfButton label={t('refund.printRefundReceipt', { refundReceipt })} load={() => invoke('refundReceipts:pdf', { number: refundReceipt })} />
        </div>
      ) : null}
      <PayerPicker onPayer={loadPayer} />
      {payer && (enrollmentsQuery.isPending || enrollmentsQuery.isError) ? <QueryStatus query={enrollmentsQuery} what={t('refund.theEnrollments')} /> : null}
      {payer && enrollments.length > 0 ? (
        <form className="card form" onSubmit={onPreview} noValidate aria-labelledby="refund-form-title">
          <h2 id="refund-form-title">{payer.name}</h2>
          {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
          <div className="field">
            <label htmlFor="refund-enrollment">{t('refund.enrollment')}</label>
            <select id="refund-enrollment" value={enrollmentId} onChange={(e) => setEnrollmentId(e.target.value)}>
              {enrollments.map((e) => <option key={e.id} value={e.id}>{e.productName} ({statusLabel(e.status)})</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="refund-mode">{t('refund.action')}</label>
            <select id="refund-mode" value={mode} onChange={(e) => setMode(e.target.value === 'refund' ? 'refund' : 'cancel')}>
              <option value="cancel">{t('refund.cancelTheEnrollment')}</option>
              <option value="refund">{t('refund.refundWithoutCancelling')}</option>
            </select>
          </div>
          <Field label={t('refund.reason')} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} error={error?.fields?.reason} />
          <Field label={mode === 'cancel' ? t('refund.refundAmountEmptyAsProposed') : t('refund.refundAmount')} inputMode="decimal" value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} error={error?.fields?.amount} />
          {mode === 'cancel' ? <Field label={t('refund.reasonForADifferentAmount')} value={form.overrideReason} onChange={(e) => setForm({ ...form, overrideReason: e.target.value })} error={error?.fields?.overrideReason} /> : null}
          <label><input type="checkbox" checked={form.toCredit} onChange={(e) => setForm({ ...form, toCredit: e.target.checked })} /> {t('refund.keepTheRefundAsCredit')}</label>
          {mode === 'refund' && !form.toCredit ? <label><input type="checkbox" checked={form.useCredit} onChange={(e) => setForm({ ...form, useCredit: e.target.checked })} /> {t('refund.payOutCreditOnAccount')}</label> : null}
          <div className="form__actions"><button type="submit" className="button">{t('refund.previewRefund')}</button></div>
        </form>
      ) : null}
      {proposal ? (
        <section className="card" aria-label={t('refund.proposedRefund')}>
          <h2>{t('refund.proposedRefund')}</h2>
          <dl className="facts">
            <div className="facts__row"><dt>{t('refund.paidSoFar')}</dt><dd>{format(proposal.paid, proposal.currency)}</dd></div>
            <div className="facts__row"><dt>{t('refund.proposed')}</dt><dd data-testid="proposed">{format(proposal.proposed, proposal.currency)}</dd></div>
            {proposal.fromCredit !== undefined ? <div className="facts__row"><dt>{t('refund.creditOnAccount')}</dt><dd>{format(proposal.creditOnAccount ?? 0, proposal.currency)}</dd></div> : null}
            {proposal.fromCredit !== undefined ? <div className="facts__row"><dt>{t('refund.fromCreditOnAccount')}</dt><dd data-testid="from-credit">{format(proposal.fromCredit, proposal.currency)}</dd></div> : null}
            {proposal.fromPaid !== undefined ? <div className="facts__row"><dt>{t('refund.fromPaidItems')}</dt><dd data-testid="from-paid">{format(proposal.fromPaid, proposal.currency)}</dd></div> : null}
            {proposal.keptDeposit > 0 ? <div className="facts__row"><dt>{t('refund.depositKept')}</dt><dd>{format(proposal.keptDeposit, proposal.currency)}</dd></div> : null}
            {proposal.keptLateFees > 0 ? <div className="facts__row"><dt>{t('refund.lateFeesKept')}</dt><dd data-testid="kept-late-fees">{format(proposal.keptLateFees, proposal.currency)}</dd></div> : null}
            <div className="facts__row"><dt>{t('refund.basis')}</dt><dd data-testid="basis">{windowWords(proposal.basisWords.key, proposal.basisWords.params, proposal.basis)}</dd></div>
          </dl>
          <table className="table" aria-label={t('refund.refundSplit')}>
            <thead><tr><th scope="col">{t('refund.method')}</th><th scope="col">{t('refund.from')}</th><th scope="col">{t('refund.amount')}</th><th scope="col">{t('refund.checkNumber')}</th></tr></thead>
            <tbody>
              {lines.length === 0 ? <tr><td colSpan={4} className="table__empty">{t('refund.nothingIsRefunded')}</td></tr> : null}
              {lines.map((l, n) => (
                <tr key={`${l.method}-${l.paymentId ?? n}`}>
                  <td>{methodLabel(l.method)}</td>
                  <td>{l.fromCredit ? t('refund.creditOnAccount') : t('refund.paidItems')}</td>
                  <td>{format(l.amount, proposal.currency)}</td>
                  <td>{l.method === 'check' ? <input aria-label={t('refund.checkNumberForLine', { n: n + 1 })} value={l.checkNumber ?? ''} onChange={(e) => setLines(lines.map((x, i) => (i === n ? { ...x, checkNumber: e.target.value } : x)))} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={() => void call(false)}>{mode === 'cancel' ? t('refund.confirmCancellation') : t('refund.confirmRefund')}</button>
          </div>
        </section>
      ) : null}
    </section>
  );
}
