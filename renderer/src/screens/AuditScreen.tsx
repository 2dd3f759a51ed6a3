import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { Banner } from '../components/Banner';
import { QueryStatus } from '../components/QueryStatus';
import { errorWords, readChannel, useChannelPages } from '../query/useChannelQuery';
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
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The filters the table is read with (typed ones apply on submit): what the export writes.
  const [applied, setApplied] = useState<Applied>({});
  // Newest first, 50 at a time; a change notice (every mutation audits) reads the pages shown again.
  const pages = useChannelPages(
    'audit:list',
    (cursor) => ({ ...applied, ...(cursor ? { beforeSeq: Number(cursor) } : {}), limit: 50 }),
    { ...applied, limit: 50 },
    (page) => (page.nextBeforeSeq ? String(page.nextBeforeSeq) : null),
  );
  const entries: Entry[] | null = pages.data ? pages.data.pages.flatMap((p) => p.entries) : null;

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

  // Verifying walks the whole chain: a one-shot read on the click, never repeated by a notice.
  const verify = async () => {
    try {
      setVerification(await readChannel('audit:verify', {}));
      setError(null);
    } catch (e) {
      setError(errorWords(e));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied({
      ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
      ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
      ...(filters.entityType.trim() ? { entityType: filters.entityType.trim() } : {}),
    });
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
      {!entries || pages.isError ? <QueryStatus query={pages} what={t('audit.theAuditEntries')} /> : null}
      {entries ? <DataTable label={t('audit.auditEntries2')} columns={columns} data={entries} empty={t('audit.noAuditEntriesMatch')} getRowId={(e: Entry) => String(e.seq)} /> : null}
      {pages.hasNextPage ? (
        <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {t('audit.loadOlderEntries')}
        </button>
      ) : null}
    </section>
  );
}
