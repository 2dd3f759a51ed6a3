import { useId, useState } from 'react';
import type { TableRequest } from '../../../shared/contract/tableExport';
import type { Result } from '../../../shared/result';
import { download } from '../api/download';
import { invoke } from '../api/invoke';
import { useJob } from '../hooks/useJob';
import type { Job } from '../hooks/useJob';
import { toast } from '../stores/toasts';
import { Banner } from './Banner';
import { t } from '../i18n';

type Started = Result<{ fileName: string; job: Job }>;

/**
 * "Export CSV" for a table screen: the core writes the screen's whole filtered result (every
 * page, not only the one shown) by a job, this shows its progress with a Cancel button, then
 * downloads the finished file.
 */
export function TableExport({ request, label }: { request: TableRequest; label: string }) {
  return <ExportControl label={label} start={(bom) => invoke('reports:exportTable', { request, bom })} />;
}

/** An export job started by `start`, followed with progress and Cancel, downloaded when done (reports and table screens). */
export function ExportControl({ label, start: startJob, disabled = false }: { label: string; start(bom: boolean): Promise<Started>; disabled?: boolean }) {
  // On by default, as the report screens: the file is usually opened in a spreadsheet program.
  const [bom, setBom] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const bomId = useId();

  const finish = async (jobId: string) => {
    const r = await invoke('reports:exportFile', { jobId });
    if (!r.ok) return setError(r.error.message);
    download(r.value.fileName, r.value.csv);
    toast('success', t('tableExport.exportedAs', { label, fileName: r.value.fileName }));
  };
  const { job, begin, cancel, percent } = useJob({ pollMs: 150, onError: setError, onDone: (jobId) => void finish(jobId) });

  const start = async () => {
    setError(null);
    const r = await startJob(bom);
    if (!r.ok) return setError(r.error.message);
    begin(r.value.job);
  };

  const running = job?.state === 'running';
  return (
    <div className="toolbar" role="group" aria-label={t('tableExport.export', { label })}>
      <button type="button" className="button" onClick={() => void start()} disabled={running || disabled}>
        {t('tableExport.exportCsv')}
      </button>
      <label className="checkbox" htmlFor={bomId}>
        <input id={bomId} type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> {t('tableExport.byteOrderMarkForSpreadsheet')}
      </label>
      {running ? (
        <>
          {job.total > 0 ? <progress max={100} value={percent} aria-label={t('tableExport.exportProgressOf', { label })} /> : <progress aria-label={t('tableExport.exportProgressOf', { label })} />}
          <span className="muted">
            {t('tableExport.rows', { done: job.done })}
          </span>
          <button type="button" className="button" onClick={() => void cancel()}>
            {t('tableExport.cancelExport')}
          </button>
        </>
      ) : null}
      {job?.state === 'cancelled' ? <Banner kind="info">{t('tableExport.exportCancelledNothingWasLeft')}</Banner> : null}
      {job?.state === 'failed' ? <Banner kind="error">{job.message}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
    </div>
  );
}
