import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { Banner } from '../components/Banner';
import { Field } from '../components/Field';
import { SelectField } from '../components/SelectField';
import { MailSettings } from '../components/MailSettings';
import { RelaySettings } from '../components/RelaySettings';
import { StripeSettings } from '../components/StripeSettings';
import { RosterImportPanel } from './roster/RosterImportPanel';
import { useSession } from '../stores/session';
import { QueryStatus } from '../components/QueryStatus';
import { showSavedSettings, useOfficeSettings } from '../stores/settings';
import { OfficeSettings } from './office/OfficeSettings';
import { toast } from '../stores/toasts';

type Settings = OutputOf<'settings:get'>;
type Draft = Pick<Settings, 'officeName' | 'deskCode' | 'defaultCurrency' | 'locale' | 'timeZone' | 'lateFeesAutomatic' | 'officeAddress' | 'officeTaxId' | 'receiptPaper'> & { lockAfterMinutes: string; backupKeepDaily: string; backupKeepWeekly: string; payerLinkDays: string };

const toDraft = (s: Settings): Draft => ({
  officeName: s.officeName,
  deskCode: s.deskCode,
  defaultCurrency: s.defaultCurrency,
  locale: s.locale,
  timeZone: s.timeZone,
  lockAfterMinutes: String(s.lockAfterMinutes),
  backupKeepDaily: String(s.backupKeepDaily),
  backupKeepWeekly: String(s.backupKeepWeekly),
  payerLinkDays: String(s.payerLinkDays),
  lateFeesAutomatic: s.lateFeesAutomatic,
  officeAddress: s.officeAddress,
  officeTaxId: s.officeTaxId,
  receiptPaper: s.receiptPaper,
});

const PAPER_OPTIONS = [
  { value: 'thermal80', label: '80 mm receipt roll' },
  { value: 'a5', label: 'A5 sheet' },
  { value: 'a4', label: 'A4 sheet' },
] as const;

/** The zones this runtime knows, for the time-zone field's suggestions (UTC is not among them). */
const timeZones: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];

/** Whole numbers only; anything else goes to the core as NaN and comes back as a field error. */
const wholeNumber = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function SettingsScreen() {
  const query = useOfficeSettings();
  const settings = query.data;
  const [draft, setDraft] = useState<Draft | null>(settings ? toDraft(settings) : null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const isAdmin = useSession((s) => s.state.user?.role === 'admin');

  useEffect(() => {
    if (settings) setDraft(toDraft(settings));
  }, [settings]);

  if (!draft) return <QueryStatus query={query} what="settings" />;

  const change = (key: keyof Draft) => (e: { target: { value: string } }) => {
    setDraft({ ...draft, [key]: e.target.value });
    setSaved(false);
  };
  const fieldError = (key: string) => error?.fields?.[`patch.${key}`];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const r = await invoke('settings:update', {
      requestId: newRequestId(),
      patch: {
        officeName: draft.officeName,
        deskCode: draft.deskCode.trim(),
        defaultCurrency: draft.defaultCurrency.trim().toUpperCase(),
        locale: draft.locale.trim(),
        timeZone: draft.timeZone.trim(),
        lockAfterMinutes: wholeNumber(draft.lockAfterMinutes),
        backupKeepDaily: wholeNumber(draft.backupKeepDaily),
        backupKeepWeekly: wholeNumber(draft.backupKeepWeekly),
        payerLinkDays: wholeNumber(draft.payerLinkDays),
        lateFeesAutomatic: draft.lateFeesAutomatic,
        officeAddress: draft.officeAddress,
        officeTaxId: draft.officeTaxId.trim(),
        receiptPaper: draft.receiptPaper,
      },
    });
    setBusy(false);
    if (r.ok) {
      await showSavedSettings(r.value);
      setError(null);
      setSaved(true);
      toast('success', 'Settings saved');
    } else {
      setError(r.error);
      setSaved(false);
    }
  };

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form className="card form" onSubmit={submit} noValidate>
        <h2>Office</h2>
        {saved ? <Banner kind="success">Settings saved.</Banner> : null}
        {error ? <Banner kind="error">{error.fields ? 'Nothing was saved: correct the highlighted fields.' : error.message}</Banner> : null}
        {isAdmin ? null : <p className="field__hint" data-testid="settings-read-only">Only an admin can change these settings.</p>}
        {/* A cashier reads the settings; the core refuses their changes, so the form does not offer any. */}
        <fieldset className="form__fields" disabled={!isAdmin}>
        <Field label="Office name" name="officeName" value={draft.officeName} onChange={change('officeName')} error={fieldError('officeName')} />
        <div className={fieldError('officeAddress') ? 'field field--invalid' : 'field'}>
          <label htmlFor="settings-office-address">Office address</label>
          <textarea id="settings-office-address" name="officeAddress" rows={3} value={draft.officeAddress} onChange={change('officeAddress')} aria-invalid={fieldError('officeAddress') ? true : undefined} aria-describedby="settings-office-address-hint" />
          {fieldError('officeAddress') ? <div className="field__error" role="alert">{fieldError('officeAddress')}</div> : <div className="field__hint" id="settings-office-address-hint">Printed on receipts and statements, one line per line.</div>}
        </div>
        <Field label="Tax or registration ID" name="officeTaxId" value={draft.officeTaxId} onChange={change('officeTaxId')} error={fieldError('officeTaxId')} hint="Printed on receipts, e.g. ABN, VAT or EIN number." />
        <SelectField label="Receipt paper" name="receiptPaper" options={PAPER_OPTIONS} value={draft.receiptPaper} onChange={change('receiptPaper')} error={fieldError('receiptPaper')} />
        <Field label="Desk code" name="deskCode" value={draft.deskCode} onChange={change('deskCode')} error={fieldError('deskCode')} hint="1–8 capital letters or digits; receipt numbers start with it." />
        <Field label="Default currency" name="defaultCurrency" value={draft.defaultCurrency} onChange={change('defaultCurrency')} error={fieldError('defaultCurrency')} hint="ISO 4217 code, e.g. USD, EUR, GBP." />
        <Field label="Locale" name="locale" value={draft.locale} onChange={change('locale')} error={fieldError('locale')} hint="How money and dates are shown, e.g. en-US, en-GB, fr-FR." />
        <Field
          label="Time zone"
          name="timeZone"
          list="settings-time-zones"
          autoComplete="off"
          value={draft.timeZone}
          onChange={change('timeZone')}
          error={fieldError('timeZone')}
          hint="The office's IANA zone, e.g. Australia/Sydney: its calendar day is today for due dates, the dashboard and revenue days."
        />
        <datalist id="settings-time-zones">
          {timeZones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <Field label="Lock after (minutes idle)" name="lockAfterMinutes" inputMode="numeric" value={draft.lockAfterMinutes} onChange={change('lockAfterMinutes')} error={fieldError('lockAfterMinutes')} />
        <Field label="Keep daily backups (days)" name="backupKeepDaily" inputMode="numeric" value={draft.backupKeepDaily} onChange={change('backupKeepDaily')} error={fieldError('backupKeepDaily')} />
        <Field label="Keep weekly backups (weeks)" name="backupKeepWeekly" inputMode="numeric" value={draft.backupKeepWeekly} onChange={change('backupKeepWeekly')} error={fieldError('backupKeepWeekly')} />
        <Field label="Payer page links work for (days)" name="payerLinkDays" inputMode="numeric" value={draft.payerLinkDays} onChange={change('payerLinkDays')} error={fieldError('payerLinkDays')} />
        <div className="field">
          <label className="checkbox" htmlFor="settings-late-fees-automatic">
            <input
              id="settings-late-fees-automatic"
              type="checkbox"
              aria-describedby="settings-late-fees-hint"
              checked={draft.lateFeesAutomatic}
              onChange={(e) => {
                setDraft({ ...draft, lateFeesAutomatic: e.target.checked });
                setSaved(false);
              }}
            />{' '}
            Post late fees automatically
          </label>
          <p className="field__hint" id="settings-late-fees-hint">Each plan's late-fee rule is applied by the desk every hour: a fee is posted on each item unpaid past its grace days, with an audit entry. Off: fees are only proposed on the schedule and an admin posts them.</p>
        </div>
        </fieldset>
        {isAdmin ? (
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              Save settings
            </button>
          </div>
        ) : null}
      </form>
      {isAdmin ? (
        <div className="stack">
          <StripeSettings />
          <RelaySettings />
          <OfficeSettings />
          <RosterImportPanel />
          <MailSettings />
        </div>
      ) : null}
    </section>
  );
}
