import type { StartupState } from '../stores/startup';

/** What the window shows while the core upgrades its store at start, or why it could not open it. */
export function StartupScreen({ progress, failed }: StartupState) {
  if (failed) {
    return (
      <main className="startup">
        <h1>Bursar cannot open its data</h1>
        <p role="alert">{failed}</p>
        <p>Nothing was changed. Close Bursar and call support; keep the data folder and its backups as they are.</p>
      </main>
    );
  }
  const { step, of, stepName } = progress ?? { step: null, of: null, stepName: null };
  return (
    <main className="startup" aria-busy="true">
      <h1>Updating your data</h1>
      <p role="status">{step && of ? `Step ${step} of ${of}: ${(stepName ?? '').replace(/-/g, ' ')}` : 'Starting…'}</p>
      {step && of ? <progress max={of} value={step - 1} aria-label="Update progress" /> : null}
      <p>This new version of Bursar is bringing the data on this computer up to date. On a large store it can take a minute or two. Please keep Bursar open; if it closes, the step starts over and nothing is lost.</p>
    </main>
  );
}
