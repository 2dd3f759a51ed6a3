import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { Field } from './Field';

/** Where this desk pulls Stripe's webhook events from, and its device token (write-only). */
export function RelaySettings() {
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [tokenInfo, setTokenInfo] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [syncMessage, setSyncMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('sync:status', {});
    if (r.ok) setUrl(r.value.relayUrl ?? '');
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await invoke('settings:relay', { requestId: newRequestId(), url: url.trim() || null, ...(token.trim() ? { token: token.trim() } : {}) });
    if (!r.ok) return setError(r.error);
    setError(null);
    setToken('');
    setTokenInfo(r.value.tokenSet ? `Device token set (ending in ${r.value.tokenLast4}).` : 'No device token set.');
    toast('success', 'Relay settings saved');
  };

  const syncNow = async () => {
    const r = await invoke('sync:now', {});
    if (r.ok) setSyncMessage({ kind: r.value.status.lastError ? 'error' : 'success', text: r.value.status.lastError ?? `Synced: ${r.value.applied} new events from the relay, ${r.value.caughtUp} caught up from Stripe.` });
    else setSyncMessage({ kind: 'error', text: r.error.message });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="relay-title">
      <h2 id="relay-title">Cloud relay (Stripe events)</h2>
      <Field label="Relay URL" value={url} onChange={(e) => setUrl(e.target.value)} error={error?.fields?.url} placeholder="https://relay.example.org" />
      <Field label="Device token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} error={error?.fields?.token} hint="Printed once by `npm run relay -- token create`. Leave empty to keep the saved one." />
      {tokenInfo ? <p className="muted">{tokenInfo}</p> : null}
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      {syncMessage ? <Banner kind={syncMessage.kind}>{syncMessage.text}</Banner> : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          Save relay settings
        </button>
        <button type="button" className="button" onClick={() => void syncNow()}>
          Sync now
        </button>
      </div>
    </form>
  );
}
