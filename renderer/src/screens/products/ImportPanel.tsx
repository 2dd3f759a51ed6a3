import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke, newRequestId } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { toast } from '../../stores/toasts';

type Report = OutputOf<'products:import'>;
type Row = Report['rows'][number];
const column = createColumnHelper<Row>();
const columns = [
  column.accessor('line', { header: 'Line' }),
  column.accessor('externalId', { header: 'External id', cell: (c) => c.getValue() ?? '' }),
  column.accessor('outcome', { header: 'Result' }),
  column.accessor('reason', { header: 'Why', cell: (c) => (c.row.original.field ? `${c.row.original.field}: ${c.getValue() ?? ''}` : (c.getValue() ?? '')) }),
];

/** CSV import of courses/programs with the per-row report. */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const [csv, setCsv] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const readFile = async (file: File | undefined) => {
    if (file) setCsv(await file.text());
  };

  const run = async () => {
    setBusy(true);
    setError(null);
    const r = await invoke('products:import', { requestId: newRequestId(), csv });
    setBusy(false);
    if (!r.ok) {
      setReport(null);
      return setError(r.error.message);
    }
    setReport(r.value);
    toast('success', `Import: ${r.value.counts.created} created, ${r.value.counts.updated} updated, ${r.value.counts.rejected} rejected`);
    onImported();
  };

  return (
    <div className="card form" aria-labelledby="import-title">
      <h2 id="import-title">Import courses and programs (CSV)</h2>
      <p className="muted">Columns: external_id, type, name, price, currency, start_date, end_date. Re-importing updates by external id; nothing is duplicated.</p>
      <label className="field">
        <span>CSV file</span>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />
      </label>
      <label className="field">
        <span>CSV text</span>
        <textarea value={csv} onChange={(e) => setCsv(e.target.value)} spellCheck={false} />
      </label>
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={() => void run()} disabled={busy || csv.trim() === ''}>
          Import
        </button>
      </div>
      {busy ? <progress aria-label="Import progress" /> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {report ? (
        <>
          <Banner kind="info">
            {report.counts.created} created, {report.counts.updated} updated, {report.counts.unchanged} unchanged, {report.counts.rejected} rejected.
          </Banner>
          <DataTable label="Import report" columns={columns} data={report.rows} empty="The file had no rows." getRowId={(r: Row) => String(r.line)} />
        </>
      ) : null}
    </div>
  );
}
