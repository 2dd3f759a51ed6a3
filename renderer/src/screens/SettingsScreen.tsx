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
import { intlFor, t } from '../i18n';

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
  { value: 'thermal80', get label() { return t('settings.paperThermal80'); } },
  { value: 'a5', get label() { return t('settings.paperA5'); } },
  { value: 'a4', get label() { return t('settings.paperA4'); } },
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

  if (!draft) return <QueryStatus query={query} what={t('settings.settings2')} />;

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
      // In the language just saved: the window switches on its next render, after this toast is made.
      toast('success', intlFor(r.value.locale).formatMessage({ id: 'settings.settingsSaved' }));
    } else {
      setError(r.error);
      setSaved(false);
    }
  };

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.settings')}</h1>
      {query.isError ? <QueryStatus query={query} what={t('settings.settings2')} /> : null}
      <form className="card form" onSubmit={submit} noValidate>
        <h2>{t('settings.office')}</h2>
        {saved ? <Banner kind="success">{t('settings.settingsSaved2')}</Banner> : null}
        {error ? <Banner kind="error">{error.fields ? t('settings.nothingWasSavedCorrectThe') : error.message}</Banner> : null}
        {isAdmin ? null : <p className="field__hint" data-testid="settings-read-only">{t('settings.onlyAnAdminCanChange')}</p>}
        {/* A cashier reads the settings; the core refuses their changes, so the form does not offer any. */}
        <fieldset className="form__fields" disabled={!isAdmin}>
        <Field label={t('settings.officeName')} name="officeName" value={draft.officeName} onChange={change('officeName')} error={fieldError('officeName')} />
        <div className={fieldError('officeAddress') ? 'field field--invalid' : 'field'}>
          <label htmlFor="settings-office-address">{t('settings.officeAddress')}</label>
          <textarea id="settings-office-address" name="officeAddress" rows={3} value={draft.officeAddress} onChange={change('officeAddress')} aria-invalid={fieldError('officeAddress') ? true : undefined} aria-describedby="settings-office-address-hint" />
          {fieldError('officeAddress') ? <div className="field__error" role="alert">{fieldError('officeAddress')}</div> : <div className="field__hint" id="settings-office-address-hint">{t('settings.printedOnReceiptsAndStatements')}</div>}
        </div>
        <Field label={t('settings.taxOrRegistrationId')} name="officeTaxId" value={draft.officeTaxId} onChange={change('officeTaxId')} error={fieldError('officeTaxId')} hint={t('settings.printedOnReceiptsEG')} />
        <SelectField label={t('settings.receiptPaper')} name="receiptPaper" options={PAPER_OPTIONS} value={draft.receiptPaper} onChange={change('receiptPaper')} error={fieldError('receiptPaper')} />
        <Field label={t('settings.deskCode')} name="deskCode" value={draft.deskCode} onChange={change('deskCode')} error={fieldError('deskCode')} hint={t('settings.18CapitalLettersOr')} />
        <Field label={t('settings.defaultCurrency')} name="defaultCurrency" value={draft.defaultCurrency} onChange={change('defaultCurrency')} error={fieldError('defaultCurrency')} hint={t('settings.iso4217CodeEG')} />
        <Field label={t('settings.locale')} name="locale" value={draft.locale} onChange={change('locale')} error={fieldError('locale')} hint={t('settings.howMoneyAndDatesAre')} />
        <Field
          label={t('settings.timeZone')}
          name="timeZone"
          list="settings-time-zones"
          autoComplete="off"
          value={draft.timeZone}
          onChange={change('timeZone')}
          error={fieldError('timeZone')}
          hint={t('settings.theOfficeSIanaZone')}
        />
        <datalist id="settings-time-zones">
          {timeZones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <Field label={t('settings.lockAfterMinutesIdle')} name="lockAfterMinutes" inputMode="numeric" value={draft.lockAfterMinutes} onChange={change('lockAfterMinutes')} error={fieldError('lockAfterMinutes')} />
        <Field label={t('settings.keepDailyBackupsDays')} name="backupKeepDaily" inputMode="numeric" value={draft.backupKeepDaily} onChange={change('backupKeepDaily')} error={fieldError('backupKeepDaily')} />
        <Field label={t('settings.keepWeeklyBackupsWeeks')} name="backupKeepWeekly" inputMode="numeric" value={draft.backupKeepWeekly} onChange={change('backupKeepWeekly')} error={fieldError('backupKeepWeekly')} />
        <Field label={t('settings.payerPageLinksWorkFor')} name="payerLinkDays" inputMode="numeric" value={draft.payerLinkDays} onChange={change('payerLinkDays')} error={fieldError('payerLinkDays')} />
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
            {t('settings.postLateFeesAutomatically')}
          </label>
          <p className="field__hint" id="settings-late-fees-hint">{t('settings.eachPlanSLateFee')}</p>
        </div>
        </fieldset>
        {isAdmin ? (
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('settings.saveSettings')}
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
