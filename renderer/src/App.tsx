import { useEffect, useRef, useState } from 'react';
import { RawIntlProvider } from 'react-intl';
import type { JSX } from 'react';
import { SIGNED_OUT_EVENT } from './api/invoke';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import type { Shortcut } from './components/ShortcutsHelp';
import { SyncStatusBar } from './components/SyncStatusBar';
import { Toasts } from './components/Toasts';
import { AuditScreen } from './screens/AuditScreen';
import { CashierScreen } from './screens/CashierScreen';
import { DashboardScreen } from './screens/DashboardScreen';
import { DrawerScreen } from './screens/DrawerScreen';
import { DepositsScreen } from './screens/DepositsScreen';
import { RefundScreen } from './screens/RefundScreen';
import { ReportsScreen } from './screens/reports/ReportsScreen';
import { EnrollScreen } from './screens/enroll/EnrollScreen';
import { EnrollmentsScreen } from './screens/enrollments/EnrollmentsScreen';
import { ProductsScreen } from './screens/products/ProductsScreen';
import { SchedulesScreen } from './screens/schedules/SchedulesScreen';
import { BackupsScreen } from './screens/BackupsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SignInScreen } from './screens/SignInScreen';
import { StartupScreen } from './screens/StartupScreen';
import { StatusScreen } from './screens/StatusScreen';
import { UsersScreen } from './screens/UsersScreen';
import { screenInfo, screens, useNavigation } from './stores/navigation';
import type { ScreenId } from './stores/navigation';
import { useSession } from './stores/session';
import { queryClient } from './query/queryClient';
import { useOfficeSettings } from './stores/settings';
import { useStartup } from './stores/startup';
import { themes, useTheme } from './stores/theme';
import { setWindowLocale } from './i18n';
import { t } from './i18n';

const screenComponents: Record<ScreenId, () => JSX.Element> = {
  dashboard: DashboardScreen,
  cashier: CashierScreen,
  drawer: DrawerScreen,
  refunds: RefundScreen,
  reports: ReportsScreen,
  enroll: EnrollScreen,
  enrollments: EnrollmentsScreen,
  schedules: SchedulesScreen,
  products: ProductsScreen,
  settings: SettingsScreen,
  users: UsersScreen,
  audit: AuditScreen,
  backups: BackupsScreen,
  status: StatusScreen,
  deposits: DepositsScreen,
};

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The office's locale last seen on this computer, so the sign-in form speaks it before settings load. */
const LOCALE_KEY = 'bursar.locale';
const rememberedLocale = (): string => localStorage.getItem(LOCALE_KEY) ?? 'en-US';

export function App() {
  const signedIn = useSession((s) => Boolean(s.state.user));
  const officeLocale = useOfficeSettings({ enabled: signedIn }).data?.locale;
  const locale = officeLocale ?? rememberedLocale();
  useEffect(() => {
    if (officeLocale) localStorage.setItem(LOCALE_KEY, officeLocale);
  }, [officeLocale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const intl = setWindowLocale(locale);
  return (
    <RawIntlProvider value={intl}>
      <Desk locale={locale} />
    </RawIntlProvider>
  );
}

function Desk({ locale }: { locale: string }) {
  const { loaded, state, refresh, logout } = useSession();
  const { screen, go } = useNavigation();
  const settings = useOfficeSettings({ enabled: Boolean(state.user) }).data;
  const { theme, set: setTheme } = useTheme();
  const [helpOpen, setHelpOpen] = useState(false);
  const startup = useStartup();

  useEffect(() => {
    void refresh();
    // A call refused because the desk locked itself (or the user was deactivated) shows the sign-in form.
    const onSignedOut = () => void refresh();
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, [refresh]);
  // What one user read is never shown to the next one signing in at this window.
  const userId = state.user?.id;
  const shownFor = useRef(userId);
  useEffect(() => {
    if (shownFor.current !== userId) queryClient.removeQueries();
    shownFor.current = userId;
  }, [userId]);

  const role = state.user?.role;
  const visible = role ? screens.filter((id) => screenInfo[id].roles.includes(role)) : [];

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!role) return;
      if (event.altKey && /^[0-9]$/.test(event.key)) {
        const target = visible.find((id) => screenInfo[id].key === event.key);
        if (target) {
          event.preventDefault();
          go(target);
        }
      } else if ((event.key === '?' && !isTyping(event.target)) || event.key === 'F1') {
        event.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [role, visible, go]);

  if (startup.failed || startup.progress) return <StartupScreen {...startup} />;
  if (!loaded) return <p className="loading">{t('app.startingBursar')}</p>;
  if (!state.user) return <SignInScreen setup={state.setupRequired} />;

  const current: ScreenId = visible.includes(screen) ? screen : (visible[0] ?? 'settings');
  const Screen = screenComponents[current];
  const shortcuts: Shortcut[] = [
    ...visible.flatMap((id) => (screenInfo[id].key ? [{ keys: `Alt+${screenInfo[id].key}`, what: t('app.open', { title: screenInfo[id].title }) }] : [])),
    { keys: t('app.questionOrF1'), what: t('app.showThisList') },
    { keys: 'Enter', what: t('app.confirmTheFormYouAre') },
    { keys: 'Esc', what: t('app.closeADialog') },
  ];
  return (
    <div className="shell">
      <header className="shell__bar">
        <span className="shell__brand">{t('app.bursar')}</span>
        <span className="shell__office" data-testid="office-name">
          {settings?.officeName ?? ''}
        </span>
        <label className="visually-hidden" htmlFor="theme-select">
          {t('app.theme')}
        </label>
        <select id="theme-select" className="shell__theme" value={theme} onChange={(e) => setTheme(themes.find((t) => t === e.target.value) ?? 'system')}>
          <option value="system">{t('app.systemTheme')}</option>
          <option value="light">{t('app.light')}</option>
          <option value="dark">{t('app.dark')}</option>
        </select>
        <button type="button" className="button button--quiet" onClick={() => setHelpOpen(true)}>
          {t('app.shortcuts')}
        </button>
        <span className="shell__user">
          {state.user.displayName} ({state.user.role})
          <button type="button" className="button button--quiet" onClick={() => void logout()}>
            {t('app.signOut')}
          </button>
        </span>
      </header>
      <nav className="shell__nav" aria-label={t('app.screens')}>
        {visible.map((id) => (
          <button key={id} type="button" className={id === current ? 'nav__item nav__item--active' : 'nav__item'} aria-current={id === current ? 'page' : undefined} onClick={() => go(id)}>
            {screenInfo[id].title}
          </button>
        ))}
      </nav>
      <main className="shell__main">
        <ErrorBoundary key={`${current}|${locale}`}>
          <Screen />
        </ErrorBoundary>
      </main>
      <SyncStatusBar />
      {helpOpen ? <ShortcutsHelp shortcuts={shortcuts} onClose={() => setHelpOpen(false)} /> : null}
      <Toasts />
    </div>
  );
}
