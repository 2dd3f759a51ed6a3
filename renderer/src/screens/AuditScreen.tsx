import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';
import { Banner } from '../components/Banner';
import { DataTable } from '../components/DataTable';
import { Field } from '../components/Field';
import { TableExport } from '../components/TableExport';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';

type Entry = OutputOf<'audit:list'>['entries'][number];
type Verification = OutputOf<'audit:verify'>;
type Applied = { action?: string; actor?: string; entityType?: string };
const column = createColumnHelper<Entry>();

const summarise = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value).slice(0, 160));

export function AuditScreen() {
  const [filters, setFilters] = useState({ action: '', actor: '', entityType: '' });
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The filters the table was loaded with (typed ones apply on submit): what the export writes.
  const [applied, setApplied] = useState<Applied>({});

  const when = useOfficeTime().dateTime;
  const columns = useMemo(
    () => [
      column.accessor('seq', { header: '#' }),
      column.accessor('at', { header: t('audit.when'), cell: (c) => when(c.getValue()) }),
      column.accessor('actorName', { header: t('audit.who'), cell: (c) => (c.row.original.overrideBy ? t('audit.approvedBy', { getValue: c.getValue(), overrideBy: c.row.original.overrideBy }) : c.getValue()) }),
      column.accessor('action', { header: t('audit.action') }),
      column.accessor('entityType', { header: t('audit.what'), cell: (c) => `${c.getValue()}${c.row.original.entityId ? ` ${c.row.original.entityId}` : ''}` }),
      column.accessor('before', { header: t('audit.before'), cell: (c) => <code>{summarise(c.getValue())}</code> }),
      column.accessor('after', { header: t('audit.after'), cell: (c) => <code>{summarise(c.getValue())}</code> }),
    ],
    [when],
  );

  const load = useCallback(
    async (beforeSeq?: number) => {
      const selection: Applied = {
        ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
        ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
        ...(filters.entityType.trim() ? { entityType: filters.entityType.trim() } : {}),
      };
      const r = await invoke('audit:list', { ...selection, ...(beforeSeq ? { beforeSeq } : {}), limit: 50 });
      if (!r.ok) return setError(r.error.message);
      setError(null);
      if (!beforeSeq) setApplied(selection);
      setEntries((prev) => (beforeSeq && prev ? [...prev, ...r.value.entries] : r.value.entries));
      setNext(r.value.nextBeforeSeq);
    },
    [filters],
  );
  useEffect(() => {
    void load();
    // Filters apply on submit; this loads once when the screen opens.
  }, []);

  const verify = async () => {
    const r = await invoke('audit:verify', {});
    if (r.ok) setVerification(r.value);
    else setError(r.error.message);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load();
  };

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.auditTrail')}</h1>
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => void verify()}>
          {t('audit.verifyTheAuditChain')}
        </button>
      </div>
      {verification ? (
        verification.ok ? (
          <Banner kind="success">{t('audit.auditChainIntactEntriesChecked', { checked: verification.checked })}</Banner>
        ) : (
          <Banner kind="error">
            {t('audit.auditChainBrokenAtEntry', { seq: verification.firstBroken?.seq, reason: verification.firstBroken?.reason })}
          </Banner>
        )
      ) : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      <form className="filters" onSubmit={submit} aria-label={t('audit.auditFilters')}>
        <Field label={t('audit.action')} value={filters.action} onChange={(e) => setFilters({ ...filters, action: e.target.value })} placeholder={t('audit.eGSettingsUpdate')} />
        <Field label={t('audit.user')} value={filters.actor} onChange={(e) => setFilters({ ...filters, actor: e.target.value })} />
        <Field label={t('audit.recordType')} value={filters.entityType} onChange={(e) => setFilters({ ...filters, entityType: e.target.value })} placeholder={t('audit.eGUser')} />
        <button type="submit" className="button">
          {t('audit.applyFilters')}
        </button>
      </form>
      <TableExport request={{ table: 'audit', filters: applied }} label={t('audit.auditEntries')} />
      {entries ? <DataTable label={t('audit.auditEntries2')} columns={columns} data={entries} empty={t('audit.noAuditEntriesMatch')} getRowId={(e: Entry) => String(e.seq)} /> : <p className="loading">{t('audit.loading')}</p>}
      {next ? (
        <button type="button" className="button" onClick={() => void load(next)}>
          {t('audit.loadOlderEntries')}
        </button>
      ) : null}
    </section>
  );
}
