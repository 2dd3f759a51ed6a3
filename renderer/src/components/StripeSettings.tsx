import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { Field } from './Field';
import { t } from '../i18n';

type Status = OutputOf<'stripe:status'>;

/** Set or remove the Stripe secret key and test the connection. The key never comes back. */
export function StripeSettings() {
  const [status, setStatus] = useState<Status | null>(null);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  const load = useCallback(async (check = false) => {
    const r = await invoke('stripe:status', { check });
    if (r.ok) setStatus(r.value);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (secretKey: string | null) => {
    const r = await invoke('settings:stripe', { requestId: newRequestId(), secretKey });
    if (!r.ok) return setError(r.error.fields?.secretKey ?? r.error.message);
    setError(undefined);
    setKey('');
    setStatus(r.value);
    toast('success', secretKey ? t('stripeSettings.stripeKeySaved') : t('stripeSettings.stripeKeyRemoved'));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(key.trim());
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="stripe-title">
      <h2 id="stripe-title">{t('stripeSettings.stripeCardPayments')}</h2>
      {status ? (
        <p data-testid="stripe-state">
          {status.configured
            ? t('stripeSettings.configured', { fromEnvironment: status.source === 'environment', last4: status.keyLast4 ?? '', testMode: status.testMode === true })
            : t('stripeSettings.notConfiguredCardPaymentsAre')}
          {status.configured && !status.secretsEncrypted ? t('stripeSettings.theKeyIsStoredUnencrypted') : ''}
        </p>
      ) : null}
      {status?.reachable === true ? <Banner kind="success">{status.message}</Banner> : null}
      {status?.reachable === false ? <Banner kind="error">{status.message}</Banner> : null}
      <Field label={t('stripeSettings.secretKey')} type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} error={error} placeholder={t('stripeSettings.skLiveOrSkTest')} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={key.trim() === ''}>
          {t('stripeSettings.saveKey')}
        </button>
        <button type="button" className="button" disabled={!status?.configured} onClick={() => void load(true)}>
          {t('stripeSettings.testConnection')}
        </button>
        <button type="button" className="button" disabled={!status?.configured || status.source === 'environment'} onClick={() => void save(null)}>
          {t('stripeSettings.removeKey')}
        </button>
      </div>
    </form>
  );
}
