import { useState } from 'react';
import { invoke, newRequestId } from '../api/invoke';
import { useJob } from '../hooks/useJob';
import { Banner } from './Banner';
import { Field } from './Field';

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
      <h2 id="export-title">Export all data</h2>
      <p className="muted">Every table as a CSV file (UTF-8 with BOM, for spreadsheet programs). Passwords and keys are never exported.</p>
      <Field label="Export folder" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="Leave empty for the data folder’s exports/" error={error?.field} />
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={() => void start()} disabled={running}>
          Export all data as CSV
        </button>
        {running ? (
          <button type="button" className="button" onClick={() => void cancel()}>
            Cancel export
          </button>
        ) : null}
      </div>
      {running ? <progress max={100} value={percent} aria-label="Export progress" /> : null}
      {job?.state === 'done' ? <Banner kind="success">Exported {job.done} rows to {job.output}.</Banner> : null}
      {job?.state === 'cancelled' ? <Banner kind="info">Export cancelled; nothing was left behind.</Banner> : null}
      {job?.state === 'failed' ? <Banner kind="error">{job.message}</Banner> : null}
      {error && !error.field ? <Banner kind="error">{error.message}</Banner> : null}
    </div>
  );
}
