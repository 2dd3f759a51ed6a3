import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { RosterMapping, RosterMode } from '../../../../shared/contract/roster';
import { officeMoney } from '../../hooks/useMoney';
import { invoke, keyedWords, newRequestId, windowWords } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { toast } from '../../stores/toasts';
import { useOfficeTime } from '../../hooks/useOfficeTime';
import { t } from '../../i18n';
import type { MessageId } from '../../i18n';

type Report = OutputOf<'roster:preview'>;
type Problem = Report['problems'][number];
type Kept = Report['kept'][number];
type Past = OutputOf<'roster:history'>['imports'][number];
type Flagged = OutputOf<'roster:flagged'>['enrollments'][number];

const problemCol = createColumnHelper<Problem>();
const problemColumns = [
  problemCol.accessor('file', { header: () => t('rosterImportPanel.col.file') }),
  problemCol.accessor('line', { header: () => t('rosterImportPanel.col.line'), cell: (c) => (c.getValue() > 0 ? c.getValue() : '') }),
  problemCol.accessor('field', { header: () => t('rosterImportPanel.col.field') }),
  // The core's `message` is English: the window words the problem from its key.
  problemCol.accessor('message', { header: () => t('rosterImportPanel.col.problem'), cell: (c) => windowWords(c.row.original.key, c.row.original.params, c.getValue()) }),
];
const keptCol = createColumnHelper<Kept>();
// The core's `name` and `reason` are English: the window words them from their keys, the field by its label.
const keptColumns = [
  keptCol.accessor('name', { header: () => t('rosterImportPanel.col.row'), cell: (c) => keyedWords(c.row.original.nameWords, c.getValue()) ?? c.getValue() }),
  keptCol.accessor('field', { header: () => t('rosterImportPanel.col.field'), cell: (c) => t(c.getValue() === 'price' ? 'field.price' : 'field.plan') }),
  keptCol.accessor('reason', { header: () => t('rosterImportPanel.col.kept'), cell: (c) => keyedWords(c.row.original.reasonWords, c.getValue()) ?? c.getValue() }),
];
const flaggedCol = createColumnHelper<Flagged>();
const flaggedColumns = [flaggedCol.accessor('payerName', { header: () => t('rosterImportPanel.col.student') }), flaggedCol.accessor('productName', { header: () => t('rosterImportPanel.col.classOrCourse') }), flaggedCol.accessor('sourcedId', { header: () => t('rosterImportPanel.col.sisId') })];

type MappingDraft = { productLevel: RosterMapping['productLevel']; productType: RosterMapping['productType']; currency: string; defaultPrice: string; priceColumn: string; coursePrices: string };

const toDraft = (m: RosterMapping): MappingDraft => ({
  productLevel: m.productLevel,
  productType: m.productType,
  currency: m.currency,
  defaultPrice: m.defaultPrice === null ? '' : officeMoney().toInput(m.defaultPrice, m.currency),
  priceColumn: m.priceColumn ?? '',
  coursePrices: m.coursePrices.map((p) => `${p.courseSourcedId}, ${officeMoney().toInput(p.price, m.currency)}`).join('\n'),
});

/** The draft as the contract wants it, or the field a person must fix. */
function fromDraft(d: MappingDraft): { mapping: RosterMapping } | { field: string; message: string } {
  const currency = d.currency.trim().toUpperCase();
  const price = d.defaultPrice.trim() === '' ? null : officeMoney().parse(d.defaultPrice, currency);
  if (d.defaultPrice.trim() !== '' && price === null) return { field: 'defaultPrice', message: t('rosterImportPanel.isNotAnAmountIn', { currency }) };
  const coursePrices: RosterMapping['coursePrices'] = [];
  for (const [i, line] of d.coursePrices.split('\n').entries()) {
    if (line.trim() === '') continue;
    // Split at the first comma only: the price may carry the office's decimal comma ("450,00").
    const cut = line.indexOf(',');
    const id = cut < 0 ? line.trim() : line.slice(0, cut).trim();
    const amount = cut < 0 ? '' : line.slice(cut + 1).trim();
    const parsed = amount ? officeMoney().parse(amount, currency) : null;
    if (!id || parsed === null) return { field: 'coursePrices', message: t('rosterImportPanel.lineShouldReadCourseSourcedid', { i: i + 1 }) };
    coursePrices.push({ courseSourcedId: id, price: parsed });
  }
  return { mapping: { productLevel: d.productLevel, productType: d.productType, currency, defaultPrice: price, priceColumn: d.priceColumn.trim() || null, coursePrices } };
}

const kinds = [
  ['products', 'rosterImportPanel.kind.products'],
  ['payers', 'rosterImportPanel.kind.payers'],
  ['enrollments', 'rosterImportPanel.kind.enrollments'],
] as const;

/** Settings → Import from SIS: a OneRoster bundle, previewed, then imported with progress and cancel. */
export function RosterImportPanel() {
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<RosterMode>('bulk');
  // The saved mapping is a cached read; the form shows it until it is edited.
  const mappingQuery = useChannelQuery('roster:mapping', {});
  const [edited, setDraft] = useState<MappingDraft | null>(null);
  const draft: MappingDraft | null = edited ?? (mappingQuery.data ? toDraft(mappingQuery.data) : null);
  const [mappingError, setMappingError] = useState<{ field: string; message: string } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [done, setDone] = useState<OutputOf<'roster:import'> | null>(null);
  // Past imports and the enrollments the SIS removed: read again on the change notices.
  const historyQuery = useChannelQuery('roster:history', { limit: 20 });
  const flaggedQuery = useChannelQuery('roster:flagged', { limit: 100 });
  const history: Past[] = historyQuery.data?.imports ?? [];
  const flagged: Flagged[] = flaggedQuery.data?.enrollments ?? [];
  // The import running now (its request id), whose progress is read four times a second.
  const [importId, setImportId] = useState<string | null>(null);
  const progressQuery = useChannelQuery('roster:progress', { requestId: importId ?? '' }, { enabled: importId !== null, refetchInterval: 250 });
  const progress: OutputOf<'roster:progress'> = importId ? (progressQuery.data ?? null) : null;

  if (!draft) return <QueryStatus query={mappingQuery} what={t('rosterImportPanel.theSisMapping')} />;
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
      return setError(r.error.fields?.path ? t('rosterImportPanel.bundlePath2', { path: r.error.fields.path }) : r.error.message);
    }
    setReport(r.value);
  };

  const runImport = async () => {
    const requestId = newRequestId();
    setImportId(requestId);
    setBusy('import');
    setError(null);
    const r = await invoke('roster:import', { requestId, path: path.trim(), mode });
    setBusy(null);
    setImportId(null);
    if (!r.ok) return setError(r.error.message);
    setDone(r.value);
    setReport(null);
    toast(r.value.state === 'done' ? 'success' : 'info', r.value.state === 'done' ? t('rosterImportPanel.sisImportFinished') : t('rosterImportPanel.sisImportCancelled'));
    // The import is an action: its end is read again here, whatever notices it sent on the way.
    void historyQuery.refetch();
    void flaggedQuery.refetch();
  };

  const cancel = async () => {
    if (importId) await invoke('roster:cancel', { requestId: newRequestId(), importRequestId: importId });
  };

  const percent = progress && progress.bytesTotal > 0 ? Math.min(100, Math.round((progress.bytesDone / progress.bytesTotal) * 100)) : 0;
  const fieldError = (f: string) => (mappingError?.field === f ? mappingError.message : undefined);

  return (
    <div className="card form" aria-labelledby="roster-title">
      <h2 id="roster-title">{t('rosterImportPanel.importFromSis')}</h2>
      <p className="muted">
        {t('rosterImportPanel.aOneroster11Or')}
      </p>
      <Field label={t('rosterImportPanel.bundlePath')} value={path} onChange={(e) => setPath(e.target.value)} placeholder={t('rosterImportPanel.homeOfficeRosterZipOr')} />
      <SelectField label={t('rosterImportPanel.mode')} value={mode} onChange={(e) => setMode(e.target.value as RosterMode)} options={[{ value: 'bulk', label: t('rosterImportPanel.bulkTheWholeRoster') }, { value: 'delta', label: t('rosterImportPanel.deltaRowsChangedSinceThe') }]} />

      <fieldset className="stack">
        <legend>{t('rosterImportPanel.mapping')}</legend>
        <SelectField label={t('rosterImportPanel.productForEach')} value={draft.productLevel} onChange={edit('productLevel')} options={[{ value: 'class', label: t('rosterImportPanel.classSection') }, { value: 'course', label: t('rosterImportPanel.course') }]} />
        <SelectField label={t('rosterImportPanel.productType')} value={draft.productType} onChange={edit('productType')} options={[{ value: 'course', label: t('rosterImportPanel.course') }, { value: 'program', label: t('rosterImportPanel.program') }]} />
        <Field label={t('rosterImportPanel.currency')} value={draft.currency} onChange={edit('currency')} error={fieldError('currency')} />
        <Field label={t('rosterImportPanel.defaultPrice')} value={draft.defaultPrice} onChange={edit('defaultPrice')} error={fieldError('defaultPrice')} hint={t('rosterImportPanel.forCoursesWithNoPrice')} inputMode="decimal" />
        <Field label={t('rosterImportPanel.priceColumn')} value={draft.priceColumn} onChange={edit('priceColumn')} error={fieldError('priceColumn')} hint={t('rosterImportPanel.aColumnOfCoursesCsv')} />
        <div className={fieldError('coursePrices') ? 'field field--invalid' : 'field'}>
          <label htmlFor="roster-course-prices">{t('rosterImportPanel.pricePerCourse')}</label>
          <textarea id="roster-course-prices" value={draft.coursePrices} onChange={edit('coursePrices')} spellCheck={false} placeholder={t('rosterImportPanel.crsAlg145000')} aria-describedby="roster-course-prices-hint" />
          <p className="field__hint" id="roster-course-prices-hint">{t('rosterImportPanel.oneCourseALineIts')}</p>
          {fieldError('coursePrices') ? <div className="field__error" role="alert">{fieldError('coursePrices')}</div> : null}
        </div>
      </fieldset>

      <div className="form__actions">
        <button type="button" className="button" onClick={() => void saveMapping().then((ok) => ok && toast('success', t('rosterImportPanel.sisMappingSaved')))} disabled={busy !== null}>
          {t('rosterImportPanel.saveMapping')}
        </button>
        <button type="button" className="button button--primary" onClick={() => void preview()} disabled={busy !== null || path.trim() === ''}>
          {t('rosterImportPanel.previewImport')}
        </button>
        {report && report.problemCount === 0 ? (
          <button type="button" className="button button--primary" onClick={() => void runImport()} disabled={busy !== null}>
            {t('rosterImportPanel.importNow')}
          </button>
        ) : null}
        {busy === 'import' ? (
          <button type="button" className="button" onClick={() => void cancel()}>
            {t('rosterImportPanel.cancelImport')}
          </button>
        ) : null}
      </div>
      {busy === 'preview' ? <progress aria-label={t('rosterImportPanel.previewProgress')} /> : null}
      {busy === 'import' ? <progress max={100} value={percent} aria-label={t('rosterImportPanel.importProgress')} /> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}

      {report ? (
        <>
          {report.problemCount > 0 ? (
            <Banner kind="error">{t('rosterImportPanel.theBundleHasProblemNothing', { problemCount: report.problemCount })}</Banner>
          ) : (
            <Banner kind="info">{t('rosterImportPanel.previewOnlyNothingWasWritten', { version: report.version })}</Banner>
          )}
          <table className="table" aria-label={t('rosterImportPanel.importPreview')}>
            <thead>
              <tr>
                <th scope="col">{t('rosterImportPanel.what')}</th>
                <th scope="col">{t('rosterImportPanel.new')}</th>
                <th scope="col">{t('rosterImportPanel.changed')}</th>
                <th scope="col">{t('rosterImportPanel.unchanged')}</th>
                <th scope="col">{t('rosterImportPanel.toRemove')}</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map(([key, label]) => (
                <tr key={key}>
                  <th scope="row">{t(label)}</th>
                  <td>{report.counts[key].new}</td>
                  <td>{report.counts[key].changed}</td>
                  <td>{report.counts[key].unchanged}</td>
                  <td>{report.counts[key].remove}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.ignored > 0 ? <p className="muted">{report.ignored} {t('rosterImportPanel.rowsOfTeachersAndOther')}</p> : null}
          {report.problemCount > 0 ? <DataTable label={t('rosterImportPanel.importProblems')} columns={problemColumns} data={report.problems} empty="" getRowId={(p: Problem) => `${p.file}:${p.line}:${p.field}:${p.message}`} /> : null}
          {report.kept.length > 0 ? <DataTable label={t('rosterImportPanel.changedInBursarKept')} columns={keptColumns} data={report.kept} empty="" getRowId={(k: Kept) => `${k.kind}:${k.sourcedId}:${k.field}`} /> : null}
        </>
      ) : null}
      {done ? (
        <Banner kind={done.state === 'done' ? 'success' : 'info'}>
          {done.state === 'done'
            ? t('rosterImportPanel.importedNewProductsNewStudents', { new: done.report.counts.products.new, new2: done.report.counts.payers.new, new3: done.report.counts.enrollments.new })
            : t('rosterImportPanel.importCancelledWhatWasApplied')}
        </Banner>
      ) : null}

      <h3>{t('rosterImportPanel.enrollmentsTheSisRemoved')}</h3>
      {flaggedQuery.isPending || flaggedQuery.isError ? <QueryStatus query={flaggedQuery} what={t('rosterImportPanel.theEnrollmentsToCancel')} /> : null}
      <DataTable label={t('rosterImportPanel.enrollmentsToCancel')} columns={flaggedColumns} data={flagged} empty={t('rosterImportPanel.noneNoEnrollmentWaitsFor')} getRowId={(f: Flagged) => f.enrollmentId} />
      <h3>{t('rosterImportPanel.pastImports')}</h3>
      {historyQuery.isPending || historyQuery.isError ? <QueryStatus query={historyQuery} what={t('rosterImportPanel.thePastImports')} /> : null}
      <DataTable
        label={t('rosterImportPanel.sisImportHistory')}
        columns={historyColumns}
        data={history}
        empty={t('rosterImportPanel.noSisImportYet')}
        getRowId={(h: Past) => h.id}
      />
    </div>
  );
}

function OfficeDateTime({ at }: { at: string }) {
  return useOfficeTime().dateTime(at);
}

/** A past import's outcome in words; an interrupted one says what happened and what to do. */
const RESULT_WORDS: Record<Past['state'], MessageId> = {
  running: 'rosterImportPanel.result.running',
  done: 'rosterImportPanel.result.done',
  cancelled: 'rosterImportPanel.result.cancelled',
  failed: 'rosterImportPanel.result.failed',
  interrupted: 'rosterImportPanel.result.interrupted',
};

const historyCol = createColumnHelper<Past>();
const historyColumns = [
  historyCol.accessor('startedAt', { header: () => t('rosterImportPanel.col.when'), cell: (c) => <OfficeDateTime at={c.getValue()} /> }),
  historyCol.accessor('actorName', { header: () => t('rosterImportPanel.col.who') }),
  historyCol.accessor('mode', { header: () => t('rosterImportPanel.col.mode') }),
  historyCol.accessor('state', { header: () => t('rosterImportPanel.col.result'), cell: (c) => t(RESULT_WORDS[c.getValue()]) }),
  historyCol.accessor('counts', {
    header: () => t('rosterImportPanel.col.newChangedRemoved'),
    cell: (c) => {
      const k = c.getValue();
      if (!k) return '';
      const sum = (f: 'new' | 'changed' | 'remove') => k.products[f] + k.payers[f] + k.enrollments[f];
      return `${sum('new')} / ${sum('changed')} / ${sum('remove')}`;
    },
  }),
  historyCol.accessor('digest', { header: () => t('rosterImportPanel.col.fileDigest'), cell: (c) => <code title={c.getValue()}>{c.getValue().slice(0, 12)}</code> }),
];
