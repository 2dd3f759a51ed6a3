import { useState } from 'react';
import type { ReactNode } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke, keyedWords } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { QueryStatus } from '../../components/QueryStatus';
import { channelKey } from '../../query/invalidation';
import { queryClient } from '../../query/queryClient';
import { useChannelQuery } from '../../query/useChannelQuery';
import { OfficeDeskTable } from './OfficeDeskTable';
import { OfficeJoinForm } from './OfficeJoinForm';
import { t } from '../../i18n';

type Status = OutputOf<'office:status'>;

const Fact = ({ term, children }: { term: string; children: ReactNode }) => (
  <div className="facts__row">
    <dt>{term}</dt>
    <dd>{children}</dd>
  </div>
);

/** Settings → Office: join this desk to an office, then see how it stands with the others. */
export function OfficeSettings() {
  // Read again on the change notices (the desk's link and status move with office:status).
  const query = useChannelQuery('office:status', {});
  const status: Status | null = query.data ?? null;
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const syncNow = async () => {
    const r = await invoke('office:syncNow', {});
    if (r.ok) {
      setMessage({ kind: 'success', text: t('officeSettings.sentAndReceivedChanges', { pushed: r.value.pushed, received: r.value.received }) });
      await query.refetch();
    } else setMessage({ kind: 'error', text: r.error.message });
  };

  if (!status) return <QueryStatus query={query} what={t('officeSettings.theOffice')} />;
  if (!status.joined || !status.office) {
    return (
      <OfficeJoinForm
        onJoined={(s) => {
          queryClient.setQueryData(channelKey('office:status', {}), s);
          setMessage({ kind: 'success', text: s.office?.name ? t('officeSettings.joinedNamed', { name: s.office.name }) : t('officeSettings.joined') });
          void query.refetch();
        }}
      />
    );
  }
  const { office } = status;
  // Why the link stopped or failed, in the window's language (the core's text is English).
  const error = keyedWords(status.words.stopped, status.stopped) ?? keyedWords(status.words.lastPush, status.lastPushError) ?? keyedWords(status.words.lastPull, status.lastPullError);
  return (
    <section className="card" aria-labelledby="office-title">
      <h2 id="office-title">{t('officeSettings.office')} {office.name}</h2>
      {message ? <Banner kind={message.kind}>{message.text}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {query.isError ? <QueryStatus query={query} what={t('officeSettings.theOffice')} /> : null}
      <dl className="facts" aria-label={t('officeSettings.thisDeskInTheOffice')}>
        <Fact term={t('officeSettings.thisDesk')}>{office.deskName}</Fact>
        <Fact term={t('officeSettings.officeHub')}>{office.relayUrl}</Fact>
        <Fact term={t('officeSettings.connection')}>{status.stopped ? t('officeSettings.stopped') : status.pending === null ? t('officeSettings.notStartedThisVersionDoes') : status.online ? t('officeSettings.online') : t('officeSettings.offline')}</Fact>
        <Fact term={t('officeSettings.sent')}>{status.pushed}</Fact>
        <Fact term={t('officeSettings.waitingToSend')}>{status.pending ?? '—'}</Fact>
        <Fact term={t('officeSettings.received')}>{status.received}</Fact>
      </dl>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void syncNow()}>
          {t('officeSettings.syncOfficeNow')}
        </button>
      </div>
      <h3>{t('officeSettings.desks')}</h3>
      {status.desks ? <OfficeDeskTable desks={status.desks} /> : <p className="muted">{keyedWords(status.words.desks, status.desksError) ?? t('officeSettings.theDeskListIsNot')}</p>}
    </section>
  );
}
