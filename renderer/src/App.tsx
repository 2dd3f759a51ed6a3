import { useEffect } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { SettingsScreen } from './screens/SettingsScreen';
import { SignInScreen } from './screens/SignInScreen';
import { StatusScreen } from './screens/StatusScreen';
import { AuditScreen } from './screens/AuditScreen';
import { BackupsScreen } from './screens/BackupsScreen';
import { UsersScreen } from './screens/UsersScreen';
import { SIGNED_OUT_EVENT } from './api/invoke';
import { screenInfo, screens, useNavigation } from './stores/navigation';
import type { ScreenId } from './stores/navigation';
import { useSession } from './stores/session';
import { useSettings } from './stores/settings';

const screenComponents: Record<ScreenId, () => React.JSX.Element> = {
  settings: SettingsScreen,
  users: UsersScreen,
  audit: AuditScreen,
  backups: BackupsScreen,
  status: StatusScreen,
};

export function App() {
  const { loaded, state, refresh, logout } = useSession();
  const { screen, go } = useNavigation();
  const settings = useSettings((s) => s.settings);
  const loadSettings = useSettings((s) => s.load);

  useEffect(() => {
    void refresh();
    // A call refused because the desk locked itself (or the user was deactivated) shows the sign-in form.
    const onSignedOut = () => void refresh();
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, [refresh]);
  useEffect(() => {
    if (state.user) void loadSettings();
  }, [state.user, loadSettings]);

  if (!loaded) return <p className="loading">Starting Bursar…</p>;
  if (!state.user) return <SignInScreen setup={state.setupRequired} />;

  const role = state.user.role;
  const visible = screens.filter((id) => screenInfo[id].roles.includes(role));
  const Screen = screenComponents[visible.includes(screen) ? screen : 'settings'];
  return (
    <div className="shell">
      <header className="shell__bar">
        <span className="shell__brand">Bursar</span>
        <span className="shell__office" data-testid="office-name">{settings?.officeName ?? ''}</span>
        <span className="shell__user">
          {state.user.displayName} ({state.user.role})
          <button type="button" className="button button--quiet" onClick={() => void logout()}>
            Sign out
          </button>
        </span>
      </header>
      <nav className="shell__nav" aria-label="Screens">
        {visible.map((id) => (
          <button key={id} type="button" className={id === screen ? 'nav__item nav__item--active' : 'nav__item'} aria-current={id === screen ? 'page' : undefined} onClick={() => go(id)}>
            {screenInfo[id].title}
          </button>
        ))}
      </nav>
      <main className="shell__main">
        <ErrorBoundary key={screen}>
          <Screen />
        </ErrorBoundary>
      </main>
    </div>
  );
}
