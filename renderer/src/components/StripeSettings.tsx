import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { Field } from './Field';

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
    toast('success', secretKey ? 'Stripe key saved' : 'Stripe key removed');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(key.trim());
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="stripe-title">
      <h2 id="stripe-title">Stripe (card payments)</h2>
      {status ? (
        <p data-testid="stripe-state">
          {status.configured
            ? `Configured${status.source === 'environment' ? ' from the environment' : ''}: key ending in ${status.keyLast4}${status.testMode ? ' (test mode)' : ''}.`
            : 'Not configured: card payments are off; everything else works.'}
          {status.configured && !status.secretsEncrypted ? ' The key is stored unencrypted on this computer (no OS key store).' : ''}
        </p>
      ) : null}
      {status?.reachable === true ? <Banner kind="success">{status.message}</Banner> : null}
      {status?.reachable === false ? <Banner kind="error">{status.message}</Banner> : null}
      <Field label="Secret key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} error={error} placeholder="sk_live_… or sk_test_…" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={key.trim() === ''}>
          Save key
        </button>
        <button type="button" className="button" disabled={!status?.configured} onClick={() => void load(true)}>
          Test connection
        </button>
        <button type="button" className="button" disabled={!status?.configured || status.source === 'environment'} onClick={() => void save(null)}>
          Remove key
        </button>
      </div>
    </form>
  );
}
