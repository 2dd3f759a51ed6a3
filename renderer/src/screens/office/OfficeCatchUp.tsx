import { useEffect } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { useChannelQuery } from '../../query/useChannelQuery';
import { keyedWords } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { t } from '../../i18n';

type Status = OutputOf<'office:status'>;

/**
 * A desk that joined at its first start receives the office's books before anyone can sign in:
 * the progress of the journal it applies, read from office:status (which answers without a
 * session only while the desk catches up). `onDone` runs once it no longer does.
 */
export function OfficeCatchUp({ onDone }: { onDone(): void }) {
  // Before anyone signs in there are no change notices to follow: read every half second until
  // the core refuses (the desk caught up and wants a session).
  const query = useChannelQuery('office:status', {}, { refetchInterval: (q) => (q.state.error ? false : 500) });
  const status: Status | null = query.data ?? null;
  const refused = query.isError;
  useEffect(() => {
    if (refused) onDone();
  }, [refused, onDone]);

  const head = status?.head ?? null;
  const cursor = status?.cursor ?? 0;
  // The hub's failures in the window's language (the core's text is English).
  const error = keyedWords(status?.words.lastPull, status?.lastPullError) ?? keyedWords(status?.words.desks, status?.desksError);
  // A new desk starts from the office's newest snapshot, then applies the changes made since;
  // while the office's first desk is still sending its books, it waits for them.
  const snapshot = status?.snapshot ?? null;
  return (
    <section className="card signin__card" aria-labelledby="office-catchup-title">
      <h1 id="office-catchup-title">{t('officeCatchUp.receivingTheOfficeSBooks')}</h1>
      <p>{status?.office ? t('officeCatchUp.thisDeskIsOf', { deskName: status.office.deskName, name: status.office.name }) : ''}{t('officeCatchUp.youCanSignInWith')}</p>
      {snapshot?.phase === 'waiting' ? (
        <>
          <progress aria-label={t('officeCatchUp.officeBooksReceived')} />
          <p className="muted" role="status">{t('officeCatchUp.waitingForTheFirstDesk')}</p>
        </>
      ) : snapshot && snapshot.phase !== 'uploading' ? (
        <>
          <progress aria-label={t('officeCatchUp.officeBooksReceived')} value={snapshot.phase === 'applying' ? undefined : snapshot.done} max={Math.max(1, snapshot.total)} />
          <p className="muted" role="status">
            {snapshot.phase === 'applying' ? t('officeCatchUp.puttingTheOfficeSBooks') : t('officeCatchUp.receivingTheOfficeSBooks2', { done: snapshot.done, total: snapshot.total })}
          </p>
        </>
      ) : (
        <>
          <progress aria-label={t('officeCatchUp.officeBooksReceived')} value={head === null ? undefined : Math.min(cursor, head)} max={head === null || head === 0 ? 1 : head} />
          <p className="muted" role="status">{head === null ? t('officeCatchUp.waitingForTheOfficeHub') : t('officeCatchUp.ofChangesApplied', { min: Math.min(cursor, head), head })}</p>
        </>
      )}
      {error ? <Banner kind="error">{error}</Banner> : null}
    </section>
  );
}
