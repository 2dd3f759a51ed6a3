import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke, newRequestId } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';

type Draft = { relayUrl: string; joinCode: string; passphrase: string; deskName: string };

/**
 * The join form: the hub's address, the one-time join code, the office passphrase, this desk's
 * name. In Settings → Office an admin joins; on a desk's first start (`firstRun`) anyone at the
 * desk joins it to an office that already has books, whose users then sign in here.
 */
export function OfficeJoinForm({ onJoined, firstRun = false }: { onJoined(status: OutputOf<'office:join'>): void; firstRun?: boolean }) {
  const [draft, setDraft] = useState<Draft>({ relayUrl: '', joinCode: '', passphrase: '', deskName: '' });
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const r = await invoke('office:join', { requestId: newRequestId(), ...draft });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setDraft({ ...draft, passphrase: '' });
    onJoined(r.value);
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="office-join-title">
      {firstRun ? <h1 id="office-join-title">Join an existing office</h1> : <h2 id="office-join-title">Office</h2>}
      <p className="muted">
        {firstRun
          ? 'This desk gets the office’s books and users from its other desks; you then sign in with your office username. Ask the office admin for a join code and the office passphrase.'
          : 'Join this desk to your office so every desk holds the same books. An admin gets a join code from the office hub (`npm run relay -- desk code`).'}
      </p>
      {error ? <Banner kind="error">{error.fields ? 'This desk did not join: correct the highlighted fields.' : error.message}</Banner> : null}
      <Field label="Office hub address" name="relayUrl" value={draft.relayUrl} onChange={change('relayUrl')} error={error?.fields?.relayUrl} placeholder="https://hub.example.org" />
      <Field label="Join code" name="joinCode" autoComplete="off" value={draft.joinCode} onChange={change('joinCode')} error={error?.fields?.joinCode} hint="Used once; it expires." />
      <Field
        label="Office passphrase"
        name="passphrase"
        type="password"
        autoComplete="off"
        value={draft.passphrase}
        onChange={change('passphrase')}
        error={error?.fields?.passphrase}
        hint="The first desk to join chooses it; every other desk needs the same one. The hub never sees it."
      />
      <Field label="Desk name" name="deskName" value={draft.deskName} onChange={change('deskName')} error={error?.fields?.deskName} hint="How the other desks see this one, e.g. Front desk." />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Joining…' : 'Join office'}
        </button>
      </div>
    </form>
  );
}
