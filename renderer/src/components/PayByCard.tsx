import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { useMoney } from '../hooks/useMoney';
import { toast } from '../stores/toasts';
import { useChannelQuery } from '../query/useChannelQuery';
import { Banner } from './Banner';
import { QueryStatus } from './QueryStatus';
import { t } from '../i18n';

type Link = OutputOf<'card:paymentLink'>;
type Status = OutputOf<'card:intentStatus'>;

/**
 * A Stripe-hosted payment page for what is owed: the student scans the QR code or opens the
 * link on their own device; the status follows live (webhook via the relay, or a check with Stripe).
 */
export function PayByCard({ enrollmentId, owed }: { enrollmentId: string; owed: boolean }) {
  const { format: money } = useMoney();
  const [link, setLink] = useState<Link | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Stripe's webhook arrives through the relay (a change notice reads the status again); while
  // the panel is open and unpaid the desk also asks Stripe every few seconds. Keyed by the link.
  const statusQuery = useChannelQuery('card:intentStatus', { cardRequestId: link?.id ?? '' }, {
    enabled: link !== null,
    refetchInterval: (query) => (query.state.data?.status === 'paid' ? false : 3000),
  });
  const status: Status | null = link ? (statusQuery.data ?? link) : null;
  // The payment is announced once, when it is first seen paid.
  const announced = useRef<string | null>(null);
  const paidReceipt = status?.status === 'paid' ? (status.receiptNumber ?? '') : null;
  useEffect(() => {
    if (paidReceipt === null || !link || announced.current === link.id) return;
    announced.current = link.id;
    toast('success', t('payByCard.cardPaymentReceivedReceipt', { receiptNumber: paidReceipt }));
  }, [paidReceipt, link]);

  const create = async () => {
    setBusy(true);
    const r = await invoke('card:paymentLink', { requestId: newRequestId(), enrollmentId });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setLink(r.value);
  };

  const state = status?.status ?? link?.status;
  return (
    <div className="card stack" aria-labelledby="paybycard-title">
      <h3 id="paybycard-title">{t('payByCard.payByCard')}</h3>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!link ? (
        <button type="button" className="button button--primary" disabled={!owed || busy} onClick={() => void create()}>
          {t('payByCard.createACardPaymentLink')}
        </button>
      ) : (
        <div className="paylink">
          <img className="paylink__qr" alt={t('payByCard.qrCodeForThePayment', { amount: money(link.amount, link.currency) })} src={`data:image/svg+xml;utf8,${encodeURIComponent(link.qrSvg)}`} />
          <div className="stack">
            <p>
              {t('payByCard.theStudentScansTheCode', { amount: money(link.amount, link.currency) })}
            </p>
            <label className="field">
              <span>{t('payByCard.paymentLink')}</span>
              <input readOnly value={link.url ?? ''} onFocus={(e) => e.target.select()} />
            </label>
            <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(link.url ?? '').then(() => toast('info', t('payByCard.linkCopied')))}>
              {t('payByCard.copyLink')}
            </button>
            {statusQuery.isError ? <QueryStatus query={statusQuery} what={t('payByCard.thePaymentStatus')} /> : null}
            <p role="status" data-testid="card-status">
              {state === 'paid' ? t('payByCard.paidReceipt', { receiptNumber: status?.receiptNumber ?? '' }) : state === 'failed' ? t('payByCard.thePaymentFailed', { failureMessage: status?.failureMessage ?? '' }) : t('payByCard.waitingForTheStudentTo')}
            </p>
          </div>
        </div>
      )}
    </div>
  );
}
