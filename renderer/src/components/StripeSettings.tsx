import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { channelKey } from '../query/invalidation';
import { queryClient } from '../query/queryClient';
import { readChannel, errorWords, useChannelQuery } from '../query/useChannelQuery';
import { Banner } from './Banner';
import { QueryStatus } from './QueryStatus';
import { Field } from './Field';
import { t } from '../i18n';

type Status = OutputOf<'stripe:status'>;

/** Set or remove the Stripe secret key and test the connection. The key never comes back. */
export function StripeSettings() {
  // What is configured: a cached read, fresh on the change notices. A connection test asks
  // Stripe, so it is a one-shot read on the click (never repeated by a notice), shown until the
  // next save.
  const query = useChannelQuery('stripe:status', { check: false });
  const [tested, setTested] = useState<Status | null>(null);
  const status: Status | null = tested ?? query.data ?? null;
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  const test = async () => {
    try {
      setTested(await readChannel('stripe:status', { check: true }));
    } catch (e) {
      setError(errorWords(e));
    }
  };

  const save = async (secretKey: string | null) => {
    const r = await invoke('settings:stripe', { requestId: newRequestId(), secretKey });
    if (!r.ok) return setError(r.error.fields?.secretKey ?? r.error.message);
    setError(undefined);
    setKey('');
    setTested(null);
    // Saving the key is an action (no change notice): its answer is the status now.
    queryClient.setQueryData(channelKey('stripe:status', { check: false }), r.value);
    toast('success', secretKey ? t('stripeSettings.stripeKeySaved') : t('stripeSettings.stripeKeyRemoved'));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(key.trim());
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="stripe-title">
      <h2 id="stripe-title">{t('stripeSettings.stripeCardPayments')}</h2>
      {!status || query.isError ? <QueryStatus query={query} what={t('stripeSettings.theStripeStatus')} /> : null}
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
        <button type="button" className="button" disabled={!status?.configured} onClick={() => void test()}>
          {t('stripeSettings.testConnection')}
        </button>
        <button type="button" className="button" disabled={!status?.configured || status.source === 'environment'} onClick={() => void save(null)}>
          {t('stripeSettings.removeKey')}
        </button>
      </div>
    </form>
  );
}
