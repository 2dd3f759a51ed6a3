import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { Banner } from '../components/Banner';
import { QueryStatus } from '../components/QueryStatus';
import { errorWords, readChannel, useChannelPages, useChannelQuery } from '../query/useChannelQuery';
import { DataTable } from '../components/DataTable';
import { SelectField } from '../components/SelectField';
import { TableExport } from '../components/TableExport';
import { auditActionWords, auditActorWords, auditChangeLines, auditEntityWords, auditRecordLabel, shownLines } from '../components/auditWords';
import type { AuditFormats } from '../components/auditWords';
import { useMoney } from '../hooks/useMoney';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';
import { useSetting } from '../stores/settings';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, SYSTEM_ACTORS, systemActorOf } from '../../../shared/auditActions';

type Entry = OutputOf<'audit:list'>['entries'][number];
type Verification = OutputOf<'audit:verify'>;
type Applied = { action?: string; actor?: string; entityType?: string };
const column = createColumnHelper<Entry>();

/** A select's choices: "any" first, then the codes by their words in the office's language (the value stays the code). */
const choices = (codes: readonly string[], words: (code: string) => string, any: string) => [
  { value: '', label: any },
  ...codes.map((code) => ({ value: code, label: words(code) })).sort((a, b) => a.label.localeCompare(b.label)),
];

function Changes({ entry, formats }: { entry: Entry; formats: AuditFormats }) {
  const lines = auditChangeLines(entry, formats);
  if (lines.length === 0) return null;
  return (
    <ul className="audit-changes" title={lines.join('\n')}>
      {shownLines(lines).map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

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

  const time = useOfficeTime();
  const money = useMoney();
  const defaultCurrency = useSetting('defaultCurrency', 'USD');
  const formats = useMemo<AuditFormats>(() => ({ money: money.format, date: time.date, dateTime: time.dateTime, defaultCurrency }), [money, time, defaultCurrency]);
  const columns = useMemo(
    () => [
      column.accessor('seq', { header: '#' }),
      column.accessor('at', { header: t('audit.when'), cell: (c) => time.dateTime(c.getValue()) }),
      column.accessor('actorName', {
        header: t('audit.who'),
        cell: (c) => {
          const name = c.getValue();
          const bySystem = c.row.original.bySystem;
          const who = auditActorWords(name, bySystem);
          const shown = c.row.original.overrideBy ? t('audit.approvedBy', { getValue: who, overrideBy: c.row.original.overrideBy }) : who;
          return bySystem && systemActorOf(name) ? <span title={t('audit.actorRef', { name })}>{shown}</span> : shown;
        },
      }),
      column.accessor('action', { header: t('audit.action'), cell: (c) => <span title={c.getValue()}>{auditActionWords(c.getValue())}</span> }),
      column.accessor('entityType', {
        header: t('audit.what'),
        cell: (c) => {
          const type = auditEntityWords(c.getValue());
          const label = auditRecordLabel(c.row.original);
          const id = c.row.original.entityId;
          return <span title={id ? t('audit.recordRef', { id }) : undefined}>{label ? t('audit.whatLabel', { type, label }) : type}</span>;
        },
      }),
      column.display({ id: 'change', header: t('audit.change'), cell: (c) => <Changes entry={c.row.original} formats={formats} /> }),
    ],
    [time, formats],
  );
  const actionChoices = useMemo(() => choices(AUDIT_ACTIONS, auditActionWords, t('audit.anyAction')), []);
  const typeChoices = useMemo(() => choices(AUDIT_ENTITY_TYPES, auditEntityWords, t('audit.anyRecordType')), []);
  // Who: the desk's users by name, then the desk's own work (the value stays the stored name).
  const users = useChannelQuery('users:list', {});
  const actorChoices = useMemo(() => [
    { value: '', label: t('audit.anyone') },
    ...(users.data?.users ?? []).map((u) => ({ value: u.username, label: t('audit.userChoice', { name: u.displayName, username: u.username }) })).sort((a, b) => a.label.localeCompare(b.label)),
    ...Object.values(SYSTEM_ACTORS).map((name) => ({ value: name, label: auditActorWords(name, true) })),
  ], [users.data]);

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
        <SelectField label={t('audit.action')} options={actionChoices} value={filters.action} onChange={(e) => setFilters({ ...filters, action: e.target.value })} />
        <SelectField label={t('audit.user')} options={actorChoices} value={filters.actor} onChange={(e) => setFilters({ ...filters, actor: e.target.value })} />
        <SelectField label={t('audit.recordType')} options={typeChoices} value={filters.entityType} onChange={(e) => setFilters({ ...filters, entityType: e.target.value })} />
        <button type="submit" className="button">
          {t('audit.applyFilters')}
        </button>
      </form>
      {users.isError ? <QueryStatus query={users} what={t('audit.theUsers')} /> : null}
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
