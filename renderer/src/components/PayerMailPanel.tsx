import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { Field } from './Field';
import { t } from '../i18n';

type Payer = OutputOf<'payers:update'>;

/** The payer's email and mail opt-out, and "Email statement": where a cashier looks at what a payer owes. */
export function PayerMailPanel({ payer, onChanged }: { payer: Payer; onChanged(): void }) {
  const [email, setEmail] = useState(payer.email ?? '');
  const [optOut, setOptOut] = useState(payer.mailOptOut);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  // One request at a time: a statement sent while the opt-out is still being saved would go out under the old choice.
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const r = await invoke('payers:update', { requestId: newRequestId(), payerId: payer.id, patch: { email: email.trim() === '' ? null : email.trim(), mailOptOut: optOut } }).finally(() => setBusy(false));
    if (!r.ok) return setError(r.error);
    setError(null);
    toast('success', t('payerMailPanel.payerDetailsSaved'));
    onChanged();
  };
  const sendStatement = async () => {
    if (busy) return;
    setBusy(true);
    setSendError(null);
    const r = await invoke('mail:send', { requestId: newRequestId(), kind: 'statement', payerId: payer.id }).finally(() => setBusy(false));
    if (!r.ok) return setSendError(r.error.fields ? Object.values(r.error.fields).join(' ') : r.error.message);
    setSendError(null);
    toast('success', t('payerMailPanel.statementQueuedFor', { to: r.value.mail.to }));
  };
  return (
    <form className="card form" onSubmit={save} noValidate aria-labelledby="payer-mail-title">
      <h3 id="payer-mail-title">{t('payerMailPanel.email')}</h3>
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      <Field label={t('payerMailPanel.payerEmail')} name="payerEmail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={error?.fields?.['patch.email']} />
      <div className="field">
        <label className="checkbox" htmlFor={`opt-out-${payer.id}`}>
          <input id={`opt-out-${payer.id}`} type="checkbox" checked={optOut} onChange={(e) => setOptOut(e.target.checked)} /> {t('payerMailPanel.noEmailToThisPayer')}
        </label>
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={busy}>{t('payerMailPanel.saveEmail')}</button>
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void sendStatement()}>{t('payerMailPanel.emailStatement')}</button>
      </div>
      {sendError ? <Banner kind="error"><span data-testid="mail-send-error">{sendError}</span></Banner> : null}
    </form>
  );
}
