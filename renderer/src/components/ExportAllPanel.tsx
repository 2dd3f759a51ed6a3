import { useState } from 'react';
import { invoke, newRequestId } from '../api/invoke';
import { useJob } from '../hooks/useJob';
import { Banner } from './Banner';
import { Field } from './Field';
import { t } from '../i18n';

/** Starts a full CSV export, shows its progress and lets it be cancelled. */
export function ExportAllPanel() {
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const { job, begin, cancel, percent } = useJob({ pollMs: 250, onError: (message) => setError({ message }) });

  const start = async () => {
    setError(null);
    const r = await invoke('data:exportAll', { requestId: newRequestId(), ...(folder.trim() ? { folder: folder.trim() } : {}), bom: true });
    if (!r.ok) return setError({ message: r.error.message, field: r.error.fields?.folder });
    begin(r.value);
  };

  const running = job?.state === 'running';
  return (
    <div className="card form" aria-labelledby="export-title">
      <h2 id="export-title">{t('exportAllPanel.exportAllData')}</h2>
      <p className="muted">{t('exportAllPanel.everyTableAsACsv')}</p>
      <Field label={t('exportAllPanel.exportFolder')} value={folder} onChange={(e) => setFolder(e.target.value)} placeholder={t('exportAllPanel.leaveEmptyForTheData')} error={error?.field} />
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={() => void start()} disabled={running}>
          {t('exportAllPanel.exportAllDataAsCsv')}
        </button>
        {running ? (
          <button type="button" className="button" onClick={() => void cancel()}>
            {t('exportAllPanel.cancelExport')}
          </button>
        ) : null}
      </div>
      {running ? <progress max={100} value={percent} aria-label={t('exportAllPanel.exportProgress')} /> : null}
      {job?.state === 'done' ? <Banner kind="success">{t('exportAllPanel.exportedRowsTo', { done: job.done, output: job.output })}</Banner> : null}
      {job?.state === 'cancelled' ? <Banner kind="info">{t('exportAllPanel.exportCancelledNothingWasLeft')}</Banner> : null}
      {job?.state === 'failed' ? <Banner kind="error">{job.message}</Banner> : null}
      {error && !error.field ? <Banner kind="error">{error.message}</Banner> : null}
    </div>
  );
}
