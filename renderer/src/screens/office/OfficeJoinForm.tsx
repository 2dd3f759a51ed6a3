import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke, newRequestId } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { t } from '../../i18n';

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
      {firstRun ? <h1 id="office-join-title">{t('officeJoinForm.joinAnExistingOffice')}</h1> : <h2 id="office-join-title">{t('officeJoinForm.office')}</h2>}
      <p className="muted">
        {firstRun
          ? t('officeJoinForm.thisDeskGetsTheOffice')
          : t('officeJoinForm.joinThisDeskToYour')}
      </p>
      {error ? <Banner kind="error">{error.fields ? t('officeJoinForm.thisDeskDidNotJoin') : error.message}</Banner> : null}
      <Field label={t('officeJoinForm.officeHubAddress')} name="relayUrl" value={draft.relayUrl} onChange={change('relayUrl')} error={error?.fields?.relayUrl} placeholder={t('officeJoinForm.httpsHubExampleOrg')} />
      <Field label={t('officeJoinForm.joinCode')} name="joinCode" autoComplete="off" value={draft.joinCode} onChange={change('joinCode')} error={error?.fields?.joinCode} hint={t('officeJoinForm.usedOnceItExpires')} />
      <Field
        label={t('officeJoinForm.officePassphrase')}
        name="passphrase"
        type="password"
        autoComplete="off"
        value={draft.passphrase}
        onChange={change('passphrase')}
        error={error?.fields?.passphrase}
        hint={t('officeJoinForm.theFirstDeskToJoin')}
      />
      <Field label={t('officeJoinForm.deskName')} name="deskName" value={draft.deskName} onChange={change('deskName')} error={error?.fields?.deskName} hint={t('officeJoinForm.howTheOtherDesksSee')} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('officeJoinForm.joining') : t('officeJoinForm.joinOffice')}
        </button>
      </div>
    </form>
  );
}
