import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { RosterMapping, RosterMode } from '../../../../shared/contract/roster';
import { amountToInput, parseAmount } from '../../api/money';
import { invoke, newRequestId } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { toast } from '../../stores/toasts';
import { useOfficeTime } from '../../hooks/useOfficeTime';

type Report = OutputOf<'roster:preview'>;
type Problem = Report['problems'][number];
type Kept = Report['kept'][number];
type Past = OutputOf<'roster:history'>['imports'][number];
type Flagged = OutputOf<'roster:flagged'>['enrollments'][number];

const problemCol = createColumnHelper<Problem>();
const problemColumns = [
  problemCol.accessor('file', { header: 'File' }),
  problemCol.accessor('line', { header: 'Line', cell: (c) => (c.getValue() > 0 ? c.getValue() : '') }),
  problemCol.accessor('field', { header: 'Field' }),
  problemCol.accessor('message', { header: 'Problem' }),
];
const keptCol = createColumnHelper<Kept>();
const keptColumns = [keptCol.accessor('name', { header: 'Row' }), keptCol.accessor('field', { header: 'Field' }), keptCol.accessor('reason', { header: 'Kept' })];
const flaggedCol = createColumnHelper<Flagged>();
const flaggedColumns = [flaggedCol.accessor('payerName', { header: 'Student' }), flaggedCol.accessor('productName', { header: 'Class or course' }), flaggedCol.accessor('sourcedId', { header: 'SIS id' })];

type MappingDraft = { productLevel: RosterMapping['productLevel']; productType: RosterMapping['productType']; currency: string; defaultPrice: string; priceColumn: string; coursePrices: string };

const toDraft = (m: RosterMapping): MappingDraft => ({
  productLevel: m.productLevel,
  productType: m.productType,
  currency: m.currency,
  defaultPrice: m.defaultPrice === null ? '' : amountToInput(m.defaultPrice, m.currency),
  priceColumn: m.priceColumn ?? '',
  coursePrices: m.coursePrices.map((p) => `${p.courseSourcedId}, ${amountToInput(p.price, m.currency)}`).join('\n'),
});

/** The draft as the contract wants it, or the field a person must fix. */
function fromDraft(d: MappingDraft): { mapping: RosterMapping } | { field: string; message: string } {
  const currency = d.currency.trim().toUpperCase();
  const price = d.defaultPrice.trim() === '' ? null : parseAmount(d.defaultPrice, currency);
  if (d.defaultPrice.trim() !== '' && price === null) return { field: 'defaultPrice', message: `is not an amount in ${currency}` };
  const coursePrices: RosterMapping['coursePrices'] = [];
  for (const [i, line] of d.coursePrices.split('\n').entries()) {
    if (line.trim() === '') continue;
    const [id, amount] = line.split(',').map((s) => s.trim());
    const parsed = amount ? parseAmount(amount, currency) : null;
    if (!id || parsed === null) return { field: 'coursePrices', message: `line ${i + 1} should read "course sourcedId, price"` };
    coursePrices.push({ courseSourcedId: id, price: parsed });
  }
  return { mapping: { productLevel: d.productLevel, productType: d.productType, currency, defaultPrice: price, priceColumn: d.priceColumn.trim() || null, coursePrices } };
}

const kinds = [
  ['products', 'Courses and classes (products)'],
  ['payers', 'Students (payers)'],
  ['enrollments', 'Enrollments'],
] as const;

/** Settings → Import from SIS: a OneRoster bundle, previewed, then imported with progress and cancel. */
export function RosterImportPanel() {
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<RosterMode>('bulk');
  const [draft, setDraft] = useState<MappingDraft | null>(null);
  const [mappingError, setMappingError] = useState<{ field: string; message: string } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [progress, setProgress] = useState<OutputOf<'roster:progress'>>(null);
  const [done, setDone] = useState<OutputOf<'roster:import'> | null>(null);
  const [history, setHistory] = useState<Past[]>([]);
  const [flagged, setFlagged] = useState<Flagged[]>([]);
  const importId = useRef<string | null>(null);

  const reload = async () => {
    const [h, f] = await Promise.all([invoke('roster:history', { limit: 20 }), invoke('roster:flagged', { limit: 100 })]);
    if (h.ok) setHistory(h.value.imports);
    if (f.ok) setFlagged(f.value.enrollments);
  };
  useEffect(() => {
    void invoke('roster:mapping', {}).then((r) => r.ok && setDraft(toDraft(r.value)));
    void reload();
  }, []);

  if (!draft) return <p className="loading">Loading the SIS mapping…</p>;
  const edit = (key: keyof MappingDraft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });

  const saveMapping = async (): Promise<boolean> => {
    const parsed = fromDraft(draft);
    if ('field' in parsed) {
      setMappingError(parsed);
      return false;
    }
    const r = await invoke('roster:saveMapping', { requestId: newRequestId(), mapping: parsed.mapping });
    if (!r.ok) {
      const [field, message] = Object.entries(r.error.fields ?? {})[0] ?? ['', r.error.message];
      setMappingError({ field: field.replace(/^mapping\./, ''), message });
      return false;
    }
    setMappingError(null);
    setDraft(toDraft(r.value));
    return true;
  };

  const preview = async () => {
    setError(null);
    setDone(null);
    if (!(await saveMapping())) return;
    setBusy('preview');
    const r = await invoke('roster:preview', { path: path.trim(), mode });
    setBusy(null);
    if (!r.ok) {
      setReport(null);
      return setError(r.error.fields?.path ? `Bundle path ${r.error.fields.path}` : r.error.message);
    }
    setReport(r.value);
  };

  const runImport = async () => {
    const requestId = newRequestId();
    importId.current = requestId;
    setBusy('import');
    setError(null);
    const poll = setInterval(() => {
      void invoke('roster:progress', { requestId }).then((p) => p.ok && setProgress(p.value));
    }, 250);
    const r = await invoke('roster:import', { requestId, path: path.trim(), mode });
    clearInterval(poll);
    setBusy(null);
    setProgress(null);
    importId.current = null;
    if (!r.ok) return setError(r.error.message);
    setDone(r.value);
    setReport(null);
    toast(r.value.state === 'done' ? 'success' : 'info', r.value.state === 'done' ? 'SIS import finished' : 'SIS import cancelled');
    await reload();
  };

  const cancel = async () => {
    if (importId.current) await invoke('roster:cancel', { requestId: newRequestId(), importRequestId: importId.current });
  };

  const percent = progress && progress.bytesTotal > 0 ? Math.min(100, Math.round((progress.bytesDone / progress.bytesTotal) * 100)) : 0;
  const fieldError = (f: string) => (mappingError?.field === f ? mappingError.message : undefined);

  return (
    <div className="card form" aria-labelledby="roster-title">
      <h2 id="roster-title">Import from SIS</h2>
      <p className="muted">
        A OneRoster 1.1 or 1.2 CSV bundle exported by the student information system: a .zip file, or a folder holding manifest.csv. Students become payers, their guardians the payers&apos; contacts, and student enrollments are made under each product&apos;s default plan. Importing again updates by the SIS&apos;s ids; nothing is duplicated, and nothing is cancelled without an admin.
      </p>
      <Field label="Bundle path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/office/roster.zip or a folder" />
      <SelectField label="Mode" value={mode} onChange={(e) => setMode(e.target.value as RosterMode)} options={[{ value: 'bulk', label: 'Bulk: the whole roster' }, { value: 'delta', label: 'Delta: rows changed since the last export' }]} />

      <fieldset className="stack">
        <legend>Mapping</legend>
        <SelectField label="Product for each" value={draft.productLevel} onChange={edit('productLevel')} options={[{ value: 'class', label: 'Class (section)' }, { value: 'course', label: 'Course' }]} />
        <SelectField label="Product type" value={draft.productType} onChange={edit('productType')} options={[{ value: 'course', label: 'Course' }, { value: 'program', label: 'Program' }]} />
        <Field label="Currency" value={draft.currency} onChange={edit('currency')} error={fieldError('currency')} />
        <Field label="Default price" value={draft.defaultPrice} onChange={edit('defaultPrice')} error={fieldError('defaultPrice')} hint="For courses with no price below or in the price column." inputMode="decimal" />
        <Field label="Price column" value={draft.priceColumn} onChange={edit('priceColumn')} error={fieldError('priceColumn')} hint="A column of courses.csv or classes.csv holding the price, e.g. metadata.price (optional)." />
        <div className={fieldError('coursePrices') ? 'field field--invalid' : 'field'}>
          <label htmlFor="roster-course-prices">Price per course</label>
          <textarea id="roster-course-prices" value={draft.coursePrices} onChange={edit('coursePrices')} spellCheck={false} placeholder="crs-alg1, 450.00" aria-describedby="roster-course-prices-hint" />
          <p className="field__hint" id="roster-course-prices-hint">One course a line: its sourcedId, a comma, its price. These win over the column and the default.</p>
          {fieldError('coursePrices') ? <div className="field__error" role="alert">{fieldError('coursePrices')}</div> : null}
        </div>
      </fieldset>

      <div className="form__actions">
        <button type="button" className="button" onClick={() => void saveMapping().then((ok) => ok && toast('success', 'SIS mapping saved'))} disabled={busy !== null}>
          Save mapping
        </button>
        <button type="button" className="button button--primary" onClick={() => void preview()} disabled={busy !== null || path.trim() === ''}>
          Preview import
        </button>
        {report && report.problemCount === 0 ? (
          <button type="button" className="button button--primary" onClick={() => void runImport()} disabled={busy !== null}>
            Import now
          </button>
        ) : null}
        {busy === 'import' ? (
          <button type="button" className="button" onClick={() => void cancel()}>
            Cancel import
          </button>
        ) : null}
      </div>
      {busy === 'preview' ? <progress aria-label="Preview progress" /> : null}
      {busy === 'import' ? <progress max={100} value={percent} aria-label="Import progress" /> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}

      {report ? (
        <>
          {report.problemCount > 0 ? (
            <Banner kind="error">The bundle has {report.problemCount} problem{report.problemCount === 1 ? '' : 's'}; nothing can be imported until they are fixed in the SIS export.</Banner>
          ) : (
            <Banner kind="info">Preview only: nothing was written. OneRoster {report.version}.</Banner>
          )}
          <table className="table" aria-label="Import preview">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">New</th>
                <th scope="col">Changed</th>
                <th scope="col">Unchanged</th>
                <th scope="col">To remove</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map(([key, label]) => (
                <tr key={key}>
                  <th scope="row">{label}</th>
                  <td>{report.counts[key].new}</td>
                  <td>{report.counts[key].changed}</td>
                  <td>{report.counts[key].unchanged}</td>
                  <td>{report.counts[key].remove}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.ignored > 0 ? <p className="muted">{report.ignored} rows of teachers and other staff are not Bursar&apos;s business and were skipped.</p> : null}
          {report.problemCount > 0 ? <DataTable label="Import problems" columns={problemColumns} data={report.problems} empty="" getRowId={(p: Problem) => `${p.file}:${p.line}:${p.field}:${p.message}`} /> : null}
          {report.kept.length > 0 ? <DataTable label="Changed in Bursar, kept" columns={keptColumns} data={report.kept} empty="" getRowId={(k: Kept) => `${k.kind}:${k.sourcedId}:${k.field}`} /> : null}
        </>
      ) : null}
      {done ? (
        <Banner kind={done.state === 'done' ? 'success' : 'info'}>
          {done.state === 'done'
            ? `Imported: ${done.report.counts.products.new} new products, ${done.report.counts.payers.new} new students, ${done.report.counts.enrollments.new} new enrollments.`
            : 'Import cancelled: what was applied stays; importing the same bundle again finishes it.'}
        </Banner>
      ) : null}

      <h3>Enrollments the SIS removed</h3>
      <DataTable label="Enrollments to cancel" columns={flaggedColumns} data={flagged} empty="None: no enrollment waits for an admin." getRowId={(f: Flagged) => f.enrollmentId} />
      <h3>Past imports</h3>
      <DataTable
        label="SIS import history"
        columns={historyColumns}
        data={history}
        empty="No SIS import yet."
        getRowId={(h: Past) => h.id}
      />
    </div>
  );
}

function OfficeDateTime({ at }: { at: string }) {
  return useOfficeTime().dateTime(at);
}

/** A past import's outcome in words; an interrupted one says what happened and what to do. */
const RESULT_WORDS: Record<Past['state'], string> = {
  running: 'Running',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
  interrupted: 'Interrupted: Bursar stopped during this import. What it applied stays; import the file again to finish.',
};

const historyCol = createColumnHelper<Past>();
const historyColumns = [
  historyCol.accessor('startedAt', { header: 'When', cell: (c) => <OfficeDateTime at={c.getValue()} /> }),
  historyCol.accessor('actorName', { header: 'Who' }),
  historyCol.accessor('mode', { header: 'Mode' }),
  historyCol.accessor('state', { header: 'Result', cell: (c) => RESULT_WORDS[c.getValue()] }),
  historyCol.accessor('counts', {
    header: 'New / changed / removed',
    cell: (c) => {
      const k = c.getValue();
      if (!k) return '';
      const sum = (f: 'new' | 'changed' | 'remove') => k.products[f] + k.payers[f] + k.enrollments[f];
      return `${sum('new')} / ${sum('changed')} / ${sum('remove')}`;
    },
  }),
  historyCol.accessor('digest', { header: 'File digest', cell: (c) => <code title={c.getValue()}>{c.getValue().slice(0, 12)}</code> }),
];
