import type { ReactNode } from 'react';
import { errorWords } from '../query/useChannelQuery';
import { t } from '../i18n';

type QueryLike = { isPending: boolean; isError: boolean; error: unknown; isFetching: boolean; refetch(): unknown };

/**
 * What a read shows while it has no answer or was refused: "Loading…", or the refusal's own
 * words with a Retry button. Nothing once it has data; a refetch that fails later still shows
 * its error (above the last rows), never silence.
 */
export function QueryStatus({ query, what, children }: { query: QueryLike; what?: string; children?: ReactNode }) {
  if (query.isError) {
    return (
      <div className="banner banner--error query-error" role="alert">
        <span>{what ? t('queryStatus.couldNotLoad', { what }) : ''}{errorWords(query.error)}</span>{' '}
        <button type="button" className="button" disabled={query.isFetching} onClick={() => void query.refetch()}>
          {query.isFetching ? t('queryStatus.retrying') : t('queryStatus.retry')}
        </button>
        {children}
      </div>
    );
  }
  if (query.isPending) return <p className="loading" role="status">{what ? t('queryStatus.loading', { what }) : t('queryStatus.loading2')}</p>;
  return null;
}
