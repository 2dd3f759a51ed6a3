import type { StartupState } from '../stores/startup';
import { t } from '../i18n';

/** What the window shows while the core upgrades its store at start, or why it could not open it. */
export function StartupScreen({ progress, failed }: StartupState) {
  if (failed) {
    return (
      <main className="startup">
        <h1>{t('startup.bursarCannotOpenItsData')}</h1>
        <p role="alert">{failed}</p>
        <p>{t('startup.nothingWasChangedCloseBursar')}</p>
      </main>
    );
  }
  const { step, of, stepName } = progress ?? { step: null, of: null, stepName: null };
  return (
    <main className="startup" aria-busy="true">
      <h1>{t('startup.updatingYourData')}</h1>
      <p role="status">{step && of ? t('startup.stepOf', { step, of, replace: (stepName ?? '').replace(/-/g, ' ') }) : t('startup.starting')}</p>
      {step && of ? <progress max={of} value={step - 1} aria-label={t('startup.updateProgress')} /> : null}
      <p>{t('startup.thisNewVersionOfBursar')}</p>
    </main>
  );
}
