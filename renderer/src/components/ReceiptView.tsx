import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { useMoney } from '../hooks/useMoney';
import { useSetting } from '../stores/settings';

type Payment = OutputOf<'payments:recordManual'>;

import { t } from '../i18n';
import { methodLabel } from '../i18n/labels';
/**
 * The receipt on screen (printable: the shell hides itself in print) and its PDF, made by
 * the core and offered as a download from a Blob the page owns.
 */
export function ReceiptView({ payment }: { payment: Payment }) {
  const { format } = useMoney();
  const office = useSetting('officeName', '');
  const [pdfUrl, setPdfUrl] = useState<string | null>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const [mailError, setMailError] = useState<string | null>(null);
  const emailReceipt = async () => {
    const r = await invoke('mail:send', { requestId: newRequestId(), kind: 'receipt', paymentId: payment.id });
    if (!r.ok) return setMailError(r.error.fields ? Object.values(r.error.fields).join(' ') : r.error.message);
    setMailError(null);
    toast('success', t('receiptView.receiptQueuedFor', { to: r.value.mail.to }));
  };

  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    // A one-shot: the PDF is made once per receipt state, not on every change notice.
    void invoke('receipts:pdf', { receiptId: payment.receipt.id }).then((r) => {
      if (cancelled) return;
      if (!r.ok) return setPdfError(r.error.message);
      setPdfError(null);
      const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
      url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      setPdfUrl(url);
    });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [payment.receipt.id, payment.receipt.status]);

  const m = (n: number) => format(n, payment.currency);
  return (
    <section className="card receipt" aria-label={t('receiptView.receipt', { number: payment.receipt.number })}>
      <h2>
        {t('receiptView.receipt2', { office, number: payment.receipt.number })}
        {payment.receipt.status === 'void' ? <span className="badge badge--danger"> VOID</span> : null}
      </h2>
      <dl className="facts">
        <div className="facts__row"><dt>{t('receiptView.receivedFrom')}</dt><dd>{payment.payerName}</dd></div>
        <div className="facts__row"><dt>{t('receiptView.for')}</dt><dd>{payment.productName}</dd></div>
        <div className="facts__row"><dt>{t('receiptView.method')}</dt><dd>{methodLabel(payment.method)}{payment.check ? ` ${payment.check.number}` : ''}{payment.reference ? ` ${payment.reference}` : ''}</dd></div>
        <div className="facts__row"><dt>{t('receiptView.amount')}</dt><dd>{m(payment.amount)}</dd></div>
        {payment.creditApplied > 0 ? <div className="facts__row"><dt>{t('receiptView.creditUsed')}</dt><dd>{m(payment.creditApplied)}</dd></div> : null}
        {payment.tendered !== null ? <div className="facts__row"><dt>{t('receiptView.tendered')}</dt><dd>{m(payment.tendered)}</dd></div> : null}
        {payment.changeDue !== null ? <div className="facts__row"><dt>{t('receiptView.changeDue')}</dt><dd data-testid="change-due">{m(payment.changeDue)}</dd></div> : null}
        {payment.creditCreated > 0 ? <div className="facts__row"><dt>{t('receiptView.keptAsCredit')}</dt><dd>{m(payment.creditCreated)}</dd></div> : null}
      </dl>
      <div className="form__actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>{t('receiptView.printReceipt')}</button>
        {pdfUrl ? <a className="button" href={pdfUrl} download={`receipt-${payment.receipt.number}.pdf`}>{t('receiptView.saveReceiptPdf')}</a> : null}
        <button type="button" className="button" onClick={() => void emailReceipt()}>{t('receiptView.emailReceipt')}</button>
      </div>
      {pdfError ? <p className="field__hint no-print" role="alert">{t('receiptView.pdfNotMade', { message: pdfError })}</p> : null}
      {mailError ? <Banner kind="error"><span data-testid="mail-send-error">{mailError}</span></Banner> : null}
    </section>
  );
}
