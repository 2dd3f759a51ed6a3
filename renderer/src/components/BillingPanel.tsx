import { useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { officeDayOf, useDate } from '../api/money';
import { useMoney } from '../hooks/useMoney';
import { useSession } from '../stores/session';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { ConfirmDialog } from './ConfirmDialog';
import { QueryStatus } from './QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import type { ScheduleItemKind } from '../../../shared/contract/schedules';
import { itemKindLabel } from './itemKindLabel';
import { t } from '../i18n';

type Billing = OutputOf<'invoices:ofEnrollment'>;
type Invoice = Billing['invoices'][number];
type OwedItem = { id: string; seq: number; kind: ScheduleItemKind; dueDate: string; outstanding: number };

/** A hosted Stripe link the student opens on their own device: shown, selectable and copyable. */
function HostedLink({ label, url }: { label: string; url: string }) {
  return (
    <div className="stack">
      <label className="field">
        <span>{label}</span>
        <input readOnly value={url} onFocus={(e) => e.target.select()} />
      </label>
      <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(url).then(() => toast('info', t('billingPanel.linkCopied')))}>
        {t('billingPanel.copyLink')}
      </button>
    </div>
  );
}

function invoiceState(i: Invoice, date: (d: string) => string): string {
  if (i.status === 'paid') return i.receiptNumber ? t('billingPanel.paidReceipt', { receipt: i.receiptNumber }) : t('billingPanel.paidAtStripeRecordingThe');
  if (i.delinquentAt) return t('billingPanel.delinquent', { reason: i.failureMessage ?? t('billingPanel.cardPaymentFailed') });
  if (i.nextRetryAt) return t('billingPanel.paymentFailedRetry', { reason: i.failureMessage ?? t('billingPanel.declined'), attempt: i.retriesDone + 1, day: date(officeDayOf(i.nextRetryAt)) });
  if (i.status === 'open') return t('billingPanel.sentWaitingForTheStudent');
  return i.status;
}

/**
 * Stripe billing for one enrollment: a subscription (subscription plans) or invoices sent for
 * owed items (other plans). Payments arrive through the relay and show here and in the schedule.
 */
export function BillingPanel({ enrollmentId, subscriptionPlan, owedItems, currency }: { enrollmentId: string; subscriptionPlan: boolean; owedItems: OwedItem[]; currency: string }) {
  const { format: money } = useMoney();
  const date = useDate();
  const isAdmin = useSession((s) => s.state.user?.role === 'admin');
  // Read again on the change notices (an invoice sent, a payment arriving through the relay).
  const query = useChannelQuery('invoices:ofEnrollment', { enrollmentId });
  const billing: Billing | null = query.data ?? null;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [confirmCancel, setConfirmCancel] = useState<null | 'now' | 'end'>(null);


  const run = async (fn: () => Promise<{ ok: boolean; error?: { message: string } }>, done: string) => {
    setBusy(true);
    const r = await fn();
    setBusy(false);
    if (!r.ok) return setError(r.error?.message ?? t('common.somethingWentWrong'));
    setError(null);
    toast('success', done);
    // Billing actions wait on Stripe (no change notice of their own): read the panel again.
    void query.refetch();
  };

  const sub = billing?.subscription ?? null;
  const live = sub && sub.status !== 'canceled' && sub.status !== 'incomplete_expired';
  const invoices = (billing?.invoices ?? []).filter((i) => (subscriptionPlan ? i.source === 'subscription' : i.source === 'invoice'));
  const toggle = (id: string) => setChosen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  return (
    <div className="card stack" aria-labelledby="billing-title">
      <h3 id="billing-title">{subscriptionPlan ? t('billingPanel.subscription') : t('billingPanel.sendAnInvoice')}</h3>
      {!billing || query.isError ? <QueryStatus query={query} what={t('billingPanel.theBilling')} /> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {subscriptionPlan ? (
        <div className="stack">
          <p role="status" data-testid="subscription-status">
            {sub ? t('billingPanel.subscriptionState', { status: sub.status, ending: sub.cancelAtPeriodEnd, periods: sub.periods ?? 0 }) : t('billingPanel.noSubscriptionYet')}
          </p>
          {!live ? (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void run(() => invoke('subscriptions:create', { requestId: newRequestId(), enrollmentId }), t('billingPanel.subscriptionStartedSendTheStudent'))}>
              {t('billingPanel.startSubscription')}
            </button>
          ) : null}
          {live && sub.hostedUrl && sub.status === 'incomplete' ? <HostedLink label={t('billingPanel.firstInvoiceLink')} url={sub.hostedUrl} /> : null}
          {live && isAdmin ? (
            <div className="toolbar">
              {!sub.cancelAtPeriodEnd ? (
                <button type="button" className="button" disabled={busy} onClick={() => setConfirmCancel('end')}>
                  {t('billingPanel.cancelAtPeriodEnd')}
                </button>
              ) : null}
              <button type="button" className="button button--danger" disabled={busy} onClick={() => setConfirmCancel('now')}>
                {t('billingPanel.cancelNow')}
              </button>
            </div>
          ) : null}
        </div>
      ) : (
        <fieldset className="stack">
          <legend>{t('billingPanel.owedItemsToInvoiceNone')}</legend>
          {owedItems.length === 0 ? <p className="muted">{t('billingPanel.nothingIsOwed')}</p> : null}
          {owedItems.map((i) => (
            <label key={i.id} className="choice">
              <input type="checkbox" checked={chosen.has(i.id)} onChange={() => toggle(i.id)} /> {t('billingPanel.due', { seq: i.seq, toLowerCase: itemKindLabel(i.kind).toLowerCase(), dueDate: date(i.dueDate), outstanding: money(i.outstanding, currency) })}
            </label>
          ))}
          <button
            type="button"
            className="button button--primary"
            disabled={busy || owedItems.length === 0}
            onClick={() =>
              void run(
                () => invoke('invoices:create', { requestId: newRequestId(), enrollmentId, ...(chosen.size > 0 ? { itemIds: owedItems.filter((i) => chosen.has(i.id)).map((i) => i.id) } : {}) }),
                t('billingPanel.invoiceSentTheStudentPays'),
              ).then(() => setChosen(new Set()))
            }
          >
            {t('billingPanel.sendAnInvoice')}
          </button>
        </fieldset>
      )}
      {invoices.length > 0 ? (
        <ul className="stack billing__invoices" aria-label={t('billingPanel.stripeInvoices')}>
          {invoices.map((i) => (
            <li key={i.id} className="stack">
              <span>
                {money(i.amount, i.currency)} · <span data-testid="invoice-status">{invoiceState(i, date)}</span>
              </span>
              {i.hostedUrl && i.status === 'open' ? <HostedLink label={t('billingPanel.invoiceLink', { amount: money(i.amount, i.currency) })} url={i.hostedUrl} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {confirmCancel ? (
        <ConfirmDialog
          title={confirmCancel === 'now' ? t('billingPanel.cancelTheSubscriptionNow') : t('billingPanel.cancelAtTheEndOf')}
          confirmLabel={confirmCancel === 'now' ? t('billingPanel.cancelNow') : t('billingPanel.cancelAtPeriodEnd')}
          danger={confirmCancel === 'now'}
          onCancel={() => setConfirmCancel(null)}
          onConfirm={() => {
            const atPeriodEnd = confirmCancel === 'end';
            setConfirmCancel(null);
            void run(() => invoke('subscriptions:cancel', { requestId: newRequestId(), enrollmentId, atPeriodEnd }), atPeriodEnd ? t('billingPanel.theSubscriptionEndsAtThe') : t('billingPanel.subscriptionCancelled'));
          }}
        >
          <p>{t('billingPanel.stripeStopsChargingTheStudent')}{confirmCancel === 'now' ? t('billingPanel.fromToday') : t('billingPanel.afterThePeriodAlreadyPaid')}.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
