import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { invoke, keyedWords, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { useChannelQuery } from '../query/useChannelQuery';
import { Banner } from './Banner';
import { QueryStatus } from './QueryStatus';
import { Field } from './Field';
import { t } from '../i18n';

/** Where this desk pulls Stripe's webhook events from, and its device token (write-only). */
export function RelaySettings() {
  // The relay URL as saved (a cached read), until the field is edited.
  const query = useChannelQuery('sync:status', {});
  const [typedUrl, setUrl] = useState<string | null>(null);
  const url = typedUrl ?? query.data?.relayUrl ?? '';
  const [token, setToken] = useState('');
  const [tokenInfo, setTokenInfo] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [syncMessage, setSyncMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await invoke('settings:relay', { requestId: newRequestId(), url: url.trim() || null, ...(token.trim() ? { token: token.trim() } : {}) });
    if (!r.ok) return setError(r.error);
    setError(null);
    setToken('');
    setTokenInfo(r.value.tokenSet ? t('relaySettings.deviceTokenSetEndingIn', { tokenLast4: r.value.tokenLast4 }) : t('relaySettings.noDeviceTokenSet'));
    toast('success', t('relaySettings.relaySettingsSaved'));
  };

  const syncNow = async () => {
    const r = await invoke('sync:now', {});
    if (r.ok) setSyncMessage({ kind: r.value.status.lastError ? 'error' : 'success', text: keyedWords(r.value.status.lastErrorWords, r.value.status.lastError) ?? t('relaySettings.syncedCounts', { applied: r.value.applied, caughtUp: r.value.caughtUp }) });
    else setSyncMessage({ kind: 'error', text: r.error.message });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="relay-title">
      <h2 id="relay-title">{t('relaySettings.cloudRelayStripeEvents')}</h2>
      {query.isError || query.isPending ? <QueryStatus query={query} what={t('relaySettings.theRelaySettings')} /> : null}
      <Field label={t('relaySettings.relayUrl')} value={url} onChange={(e) => setUrl(e.target.value)} error={error?.fields?.url} placeholder={t('relaySettings.httpsRelayExampleOrg')} />
      <Field label={t('relaySettings.deviceToken')} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} error={error?.fields?.token} hint={t('relaySettings.printedOnceByNpmRun')} />
      {tokenInfo ? <p className="muted">{tokenInfo}</p> : null}
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      {syncMessage ? <Banner kind={syncMessage.kind}>{syncMessage.text}</Banner> : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          {t('relaySettings.saveRelaySettings')}
        </button>
        <button type="button" className="button" onClick={() => void syncNow()}>
          {t('relaySettings.syncNow')}
        </button>
      </div>
    </form>
  );
}
