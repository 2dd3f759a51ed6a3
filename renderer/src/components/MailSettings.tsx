import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { Field } from './Field';

type View = OutputOf<'mail:settings'>;
type Rules = OutputOf<'reminders:settings'>;
type Draft = { host: string; port: string; security: View['security']; username: string; password: string; fromAddress: string; replyTo: string; receiptsEnabled: boolean };

const toDraft = (v: View): Draft => ({ host: v.host ?? '', port: String(v.port), security: v.security, username: v.username ?? '', password: '', fromAddress: v.fromAddress ?? '', replyTo: v.replyTo ?? '', receiptsEnabled: v.receiptsEnabled });
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Settings → Mail: the office's own SMTP server (the password never comes back), a test button, and the reminder rules. */
export function MailSettings() {
  const [view, setView] = useState<View | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);
  const [testTo, setTestTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [rules, setRules] = useState<Rules | null>(null);
  const [days, setDays] = useState('');
  const [rulesError, setRulesError] = useState<AppErrorData | null>(null);

  const load = useCallback(async () => {
    const [m, r] = await Promise.all([invoke('mail:settings', {}), invoke('reminders:settings', {})]);
    if (m.ok) {
      setView(m.value);
      setDraft(toDraft(m.value));
    }
    if (r.ok) {
      setRules(r.value);
      setDays(r.value.daysBefore === null ? '' : String(r.value.daysBefore));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (!draft || !view || !rules) return <p className="loading">Loading mail settings…</p>;

  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const fieldError = (key: string) => error?.fields?.[`patch.${key}`] ?? error?.fields?.[key];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const port = /^\d+$/.test(draft.port.trim()) ? Number(draft.port.trim()) : Number.NaN;
    const r = await invoke('mail:saveSettings', {
      requestId: newRequestId(),
      patch: {
        host: orNull(draft.host), port, security: draft.security, username: orNull(draft.username),
        ...(draft.password !== '' ? { password: draft.password } : {}),
        fromAddress: orNull(draft.fromAddress), replyTo: orNull(draft.replyTo), receiptsEnabled: draft.receiptsEnabled,
      },
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setView(r.value);
    setDraft(toDraft(r.value));
    toast('success', 'Mail settings saved');
  };
  const runTest = async () => {
    setBusy(true);
    setTest(null);
    const r = await invoke('mail:test', testTo.trim() ? { to: testTo.trim() } : {});
    setBusy(false);
    setTest(r.ok ? r.value : { ok: false, message: r.error.fields?.to ? `Send a test to: ${r.error.fields.to}` : r.error.message });
  };
  const saveRules = async (patch: { enabled?: boolean; daysBefore?: number | null; overdue?: boolean }) => {
    const r = await invoke('reminders:saveSettings', { requestId: newRequestId(), patch });
    if (!r.ok) return setRulesError(r.error);
    setRulesError(null);
    setRules(r.value);
    setDays(r.value.daysBefore === null ? '' : String(r.value.daysBefore));
    toast('success', 'Reminder rules saved');
  };
  const submitRules = (event: FormEvent) => {
    event.preventDefault();
    void saveRules({ enabled: rules.enabled, daysBefore: days.trim() === '' ? null : /^\d+$/.test(days.trim()) ? Number(days.trim()) : Number.NaN, overdue: rules.overdue });
  };

  return (
    <div className="stack">
      <form className="card form" onSubmit={save} noValidate aria-labelledby="mail-title">
        <h2 id="mail-title">Mail</h2>
        <p className="muted">Receipts, statements and due reminders go to payers through the office’s own mail server. While it cannot be reached, mail waits and goes later.</p>
        {error ? <Banner kind="error">{error.fields ? 'Nothing was saved: correct the highlighted fields.' : error.message}</Banner> : null}
        <Field label="Mail server (SMTP)" name="mailHost" value={draft.host} onChange={set('host')} error={fieldError('host')} placeholder="smtp.school.example" autoComplete="off" />
        <Field label="Port" name="mailPort" inputMode="numeric" value={draft.port} onChange={set('port')} error={fieldError('port')} hint="587 for STARTTLS, 465 for TLS, 25 for a local relay." />
        <div className="field">
          <label htmlFor="mail-security">Security</label>
          <select id="mail-security" value={draft.security} onChange={(e) => setDraft({ ...draft, security: e.target.value as Draft['security'] })}>
            <option value="starttls">STARTTLS (required)</option>
            <option value="tls">TLS from the start</option>
            <option value="none">None (local relay only)</option>
          </select>
        </div>
        <Field label="User name" name="mailUser" value={draft.username} onChange={set('username')} error={fieldError('username')} autoComplete="off" />
        <Field label="Password" name="mailPassword" type="password" autoComplete="new-password" value={draft.password} onChange={set('password')} error={fieldError('password')}
          hint={view.passwordSet ? `A password is saved${view.secretsEncrypted ? '' : ' (unencrypted on this computer: no OS key store)'}; leave empty to keep it.` : 'No password saved.'} />
        <Field label="From address" name="mailFrom" type="email" value={draft.fromAddress} onChange={set('fromAddress')} error={fieldError('fromAddress')} hint="The address payers see the mail come from." />
        <Field label="Reply-to address" name="mailReplyTo" type="email" value={draft.replyTo} onChange={set('replyTo')} error={fieldError('replyTo')} hint="Optional: where payers’ replies go." />
        <div className="field">
          <label className="checkbox" htmlFor="mail-receipts">
            <input id="mail-receipts" type="checkbox" checked={draft.receiptsEnabled} onChange={(e) => setDraft({ ...draft, receiptsEnabled: e.target.checked })} /> Email a receipt after every payment
          </label>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>Save mail settings</button>
        </div>
        <Field label="Send a test to (optional)" name="mailTestTo" type="email" value={testTo} onChange={(e) => setTestTo(e.target.value)} hint="Empty: only connect and sign in." />
        <div className="form__actions">
          <button type="button" className="button" disabled={busy || !view.host} onClick={() => void runTest()}>Test mail server</button>
        </div>
        {test ? <Banner kind={test.ok ? 'success' : 'error'}><span data-testid="mail-test-result">{test.message}</span></Banner> : null}
      </form>
      <form className="card form" onSubmit={submitRules} noValidate aria-labelledby="reminders-title">
        <h2 id="reminders-title">Due reminders</h2>
        {rulesError ? <Banner kind="error">{rulesError.fields ? Object.values(rulesError.fields).join('; ') : rulesError.message}</Banner> : null}
        <div className="field">
          <label className="checkbox" htmlFor="reminders-enabled">
            <input id="reminders-enabled" type="checkbox" checked={rules.enabled} onChange={(e) => setRules({ ...rules, enabled: e.target.checked })} /> Send due reminders by email
          </label>
        </div>
        <Field label="Days before the due date" name="reminderDays" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} error={rulesError?.fields?.['patch.daysBefore']} hint="Empty: no reminder before the due date." />
        <div className="field">
          <label className="checkbox" htmlFor="reminders-overdue">
            <input id="reminders-overdue" type="checkbox" checked={rules.overdue} onChange={(e) => setRules({ ...rules, overdue: e.target.checked })} /> Remind once when an item becomes overdue
          </label>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary">Save reminder rules</button>
        </div>
      </form>
    </div>
  );
}
