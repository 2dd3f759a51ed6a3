import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke, newRequestId } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { toast } from '../../stores/toasts';
import { t } from '../../i18n';

type Report = OutputOf<'products:import'>;
type Row = Report['rows'][number];
const column = createColumnHelper<Row>();
const columns = [
  column.accessor('line', { header: () => t('importPanel.line') }),
  column.accessor('externalId', { header: () => t('importPanel.externalId'), cell: (c) => c.getValue() ?? '' }),
  column.accessor('outcome', { header: () => t('importPanel.result') }),
  column.accessor('reason', { header: () => t('importPanel.why'), cell: (c) => (c.row.original.field ? `${c.row.original.field}: ${c.getValue() ?? ''}` : (c.getValue() ?? '')) }),
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
    toast('success', t('importPanel.importCreatedUpdatedRejected', { created: r.value.counts.created, updated: r.value.counts.updated, rejected: r.value.counts.rejected }));
    onImported();
  };

  return (
    <div className="card form" aria-labelledby="import-title">
      <h2 id="import-title">{t('importPanel.importCoursesAndProgramsCsv')}</h2>
      <p className="muted">{t('importPanel.columnsExternalIdTypeName')}</p>
      <label className="field">
        <span>{t('importPanel.csvFile')}</span>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />
      </label>
      <label className="field">
        <span>{t('importPanel.csvText')}</span>
        <textarea value={csv} onChange={(e) => setCsv(e.target.value)} spellCheck={false} />
      </label>
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={() => void run()} disabled={busy || csv.trim() === ''}>
          {t('importPanel.import')}
        </button>
      </div>
      {busy ? <progress aria-label={t('importPanel.importProgress')} /> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {report ? (
        <>
          <Banner kind="info">
            {t('importPanel.createdUpdatedUnchangedRejected', { created: report.counts.created, updated: report.counts.updated, unchanged: report.counts.unchanged, rejected: report.counts.rejected })}
          </Banner>
          <DataTable label={t('importPanel.importReport')} columns={columns} data={report.rows} empty={t('importPanel.theFileHadNoRows')} getRowId={(r: Row) => String(r.line)} />
        </>
      ) : null}
    </div>
  );
}
