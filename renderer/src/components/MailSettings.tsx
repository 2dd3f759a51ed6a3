import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { Field } from './Field';
import { QueryStatus } from './QueryStatus';
import { channelKey } from '../query/invalidation';
import { queryClient } from '../query/queryClient';
import { useChannelQuery } from '../query/useChannelQuery';
import { t } from '../i18n';

type View = OutputOf<'mail:settings'>;
type Rules = OutputOf<'reminders:settings'>;
type Draft = { host: string; port: string; security: View['security']; username: string; password: string; fromAddress: string; replyTo: string; receiptsEnabled: boolean };

const toDraft = (v: View): Draft => ({ host: v.host ?? '', port: String(v.port), security: v.security, username: v.username ?? '', password: '', fromAddress: v.fromAddress ?? '', replyTo: v.replyTo ?? '', receiptsEnabled: v.receiptsEnabled });
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Settings → Mail: the office's own SMTP server (the password never comes back), a test button, and the reminder rules. */
export function MailSettings() {
  // The saved settings and rules are cached reads; the form shows them until it is edited.
  const viewQuery = useChannelQuery('mail:settings', {});
  const rulesQuery = useChannelQuery('reminders:settings', {});
  const view: View | null = viewQuery.data ?? null;
  const [edited, setDraft] = useState<Draft | null>(null);
  const draft: Draft | null = edited ?? (view ? toDraft(view) : null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);
  const [testTo, setTestTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [rulesEdited, setRules] = useState<Rules | null>(null);
  const rules: Rules | null = rulesEdited ?? rulesQuery.data ?? null;
  const [typedDays, setDays] = useState<string | null>(null);
  const days = typedDays ?? (rules?.daysBefore === null || rules?.daysBefore === undefined ? '' : String(rules.daysBefore));
  const [rulesError, setRulesError] = useState<AppErrorData | null>(null);

  if (!draft || !view || !rules || viewQuery.isError || rulesQuery.isError) {
    return (
      <div className="card stack">
        <QueryStatus query={viewQuery} what={t('mailSettings.theMailSettings')} />
        <QueryStatus query={rulesQuery} what={t('mailSettings.theReminderRules')} />
      </div>
    );
  }

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
    queryClient.setQueryData(channelKey('mail:settings', {}), r.value);
    setDraft(toDraft(r.value));
    toast('success', t('mailSettings.mailSettingsSaved'));
  };
  const runTest = async () => {
    setBusy(true);
    setTest(null);
    const r = await invoke('mail:test', testTo.trim() ? { to: testTo.trim() } : {});
    setBusy(false);
    setTest(r.ok ? r.value : { ok: false, message: r.error.fields?.to ? t('mailSettings.sendATestTo', { to: r.error.fields.to }) : r.error.message });
  };
  const saveRules = async (patch: { enabled?: boolean; daysBefore?: number | null; overdue?: boolean }) => {
    const r = await invoke('reminders:saveSettings', { requestId: newRequestId(), patch });
    if (!r.ok) return setRulesError(r.error);
    setRulesError(null);
    setRules(r.value);
    setDays(r.value.daysBefore === null ? '' : String(r.value.daysBefore));
    toast('success', t('mailSettings.reminderRulesSaved'));
  };
  const submitRules = (event: FormEvent) => {
    event.preventDefault();
    void saveRules({ enabled: rules.enabled, daysBefore: days.trim() === '' ? null : /^\d+$/.test(days.trim()) ? Number(days.trim()) : Number.NaN, overdue: rules.overdue });
  };

  return (
    <div className="stack">
      <form className="card form" onSubmit={save} noValidate aria-labelledby="mail-title">
        <h2 id="mail-title">{t('mailSettings.mail')}</h2>
        <p className="muted">{t('mailSettings.receiptsStatementsAndDueReminders')}</p>
        {error ? <Banner kind="error">{error.fields ? t('mailSettings.nothingWasSavedCorrectThe') : error.message}</Banner> : null}
        <Field label={t('mailSettings.mailServerSmtp')} name="mailHost" value={draft.host} onChange={set('host')} error={fieldError('host')} placeholder={t('mailSettings.smtpSchoolExample')} autoComplete="off" />
        <Field label={t('mailSettings.port')} name="mailPort" inputMode="numeric" value={draft.port} onChange={set('port')} error={fieldError('port')} hint={t('mailSettings.587ForStarttls465For')} />
        <div className="field">
          <label htmlFor="mail-security">{t('mailSettings.security')}</label>
          <select id="mail-security" value={draft.security} onChange={(e) => setDraft({ ...draft, security: e.target.value as Draft['security'] })}>
            <option value="starttls">{t('mailSettings.starttlsRequired')}</option>
            <option value="tls">{t('mailSettings.tlsFromTheStart')}</option>
            <option value="none">{t('mailSettings.noneLocalRelayOnly')}</option>
          </select>
        </div>
        <Field label={t('mailSettings.userName')} name="mailUser" value={draft.username} onChange={set('username')} error={fieldError('username')} autoComplete="off" />
        <Field label={t('mailSettings.password')} name="mailPassword" type="password" autoComplete="new-password" value={draft.password} onChange={set('password')} error={fieldError('password')}
          hint={view.passwordSet ? t('mailSettings.passwordSaved', { encrypted: view.secretsEncrypted }) : t('mailSettings.noPasswordSaved')} />
        <Field label={t('mailSettings.fromAddress')} name="mailFrom" type="email" value={draft.fromAddress} onChange={set('fromAddress')} error={fieldError('fromAddress')} hint={t('mailSettings.theAddressPayersSeeThe')} />
        <Field label={t('mailSettings.replyToAddress')} name="mailReplyTo" type="email" value={draft.replyTo} onChange={set('replyTo')} error={fieldError('replyTo')} hint={t('mailSettings.optionalWherePayersRepliesGo')} />
        <div className="field">
          <label className="checkbox" htmlFor="mail-receipts">
            <input id="mail-receipts" type="checkbox" checked={draft.receiptsEnabled} onChange={(e) => setDraft({ ...draft, receiptsEnabled: e.target.checked })} /> {t('mailSettings.emailAReceiptAfterEvery')}
          </label>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>{t('mailSettings.saveMailSettings')}</button>
        </div>
        <Field label={t('mailSettings.sendATestToOptional')} name="mailTestTo" type="email" value={testTo} onChange={(e) => setTestTo(e.target.value)} hint={t('mailSettings.emptyOnlyConnectAndSign')} />
        <div className="form__actions">
          <button type="button" className="button" disabled={busy || !view.host} onClick={() => void runTest()}>{t('mailSettings.testMailServer')}</button>
        </div>
        {test ? <Banner kind={test.ok ? 'success' : 'error'}><span data-testid="mail-test-result">{test.message}</span></Banner> : null}
      </form>
      <form className="card form" onSubmit={submitRules} noValidate aria-labelledby="reminders-title">
        <h2 id="reminders-title">{t('mailSettings.dueReminders')}</h2>
        {rulesError ? <Banner kind="error">{rulesError.fields ? Object.values(rulesError.fields).join('; ') : rulesError.message}</Banner> : null}
        <div className="field">
          <label className="checkbox" htmlFor="reminders-enabled">
            <input id="reminders-enabled" type="checkbox" checked={rules.enabled} onChange={(e) => setRules({ ...rules, enabled: e.target.checked })} /> {t('mailSettings.sendDueRemindersByEmail')}
          </label>
        </div>
        <Field label={t('mailSettings.daysBeforeTheDueDate')} name="reminderDays" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} error={rulesError?.fields?.['patch.daysBefore']} hint={t('mailSettings.emptyNoReminderBeforeThe')} />
        <div className="field">
          <label className="checkbox" htmlFor="reminders-overdue">
            <input id="reminders-overdue" type="checkbox" checked={rules.overdue} onChange={(e) => setRules({ ...rules, overdue: e.target.checked })} /> {t('mailSettings.remindOnceWhenAnItem')}
          </label>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary">{t('mailSettings.saveReminderRules')}</button>
        </div>
      </form>
    </div>
  );
}
