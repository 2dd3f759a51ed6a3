import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { Banner } from '../components/Banner';
import { Field } from '../components/Field';
import { useSession } from '../stores/session';
import { OfficeCatchUp } from './office/OfficeCatchUp';
import { OfficeJoinForm } from './office/OfficeJoinForm';
import { t } from '../i18n';

/**
 * First run creates the admin, or joins the desk to an existing office (whose users then arrive
 * from the other desks); afterwards this is the sign-in form.
 */
export function SignInScreen({ setup }: { setup: boolean }) {
  const apply = useSession((s) => s.apply);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [requestId] = useState(newRequestId);
  const [joining, setJoining] = useState(false);
  const [catchingUp, setCatchingUp] = useState(false);

  // A desk restarted while it still receives its office's books shows the progress again.
  useEffect(() => {
    if (setup) return;
    let stopped = false;
    void invoke('office:status', {}).then((r) => {
      if (!stopped && r.ok) setCatchingUp(true);
    });
    return () => {
      stopped = true;
    };
  }, [setup]);

  const caughtUp = useCallback(() => {
    setCatchingUp(false);
    setJoining(false);
    void invoke('auth:status', {}).then((r) => {
      if (r.ok) apply(r.value);
    });
  }, [apply]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const r = setup
      ? await invoke('auth:setup', { requestId, username, displayName, password })
      : await invoke('auth:login', { username, password });
    setBusy(false);
    if (r.ok) apply(r.value);
    else setError(r.error);
  };

  if (catchingUp) {
    return (
      <main className="signin">
        <OfficeCatchUp onDone={caughtUp} />
      </main>
    );
  }
  if (setup && joining) {
    return (
      <main className="signin">
        <div className="signin__card">
          <OfficeJoinForm firstRun onJoined={() => setCatchingUp(true)} />
          <button type="button" className="button" onClick={() => setJoining(false)}>
            {t('signIn.backSetUpANew')}
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="signin">
      <form className="card signin__card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{setup ? t('signIn.setUpBursar') : t('signIn.signInToBursar')}</h1>
        {setup ? <p>{t('signIn.createTheFirstAdministratorAccount')}</p> : null}
        {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
        <Field label={t('signIn.username')} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} error={error?.fields?.username} autoFocus />
        {setup ? <Field label={t('signIn.fullName')} name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={error?.fields?.displayName} /> : null}
        <Field label={setup ? t('signIn.passwordOrPin') : t('signIn.passwordOrPin')} name="password" type="password" autoComplete={setup ? 'new-password' : 'current-password'} value={password} onChange={(e) => setPassword(e.target.value)} error={error?.fields?.password} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {setup ? t('signIn.createAdminAndSignIn') : t('signIn.signIn')}
        </button>
        {setup ? (
          <p>
            {t('signIn.anotherDeskOfYourOffice')}{' '}
            <button type="button" className="button" onClick={() => setJoining(true)}>
              {t('signIn.joinAnExistingOffice')}
            </button>
          </p>
        ) : null}
      </form>
    </main>
  );
}
