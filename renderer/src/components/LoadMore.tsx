
import { t } from '../i18n';/** "Load older …" under a newest-first list paged by cursor, with how many rows are shown so far. */
export function LoadMore({ shown, hasMore, loading, what, onLoad }: { shown: number; hasMore: boolean; loading: boolean; what: string; onLoad(): void }) {
  if (shown === 0) return null;
  return (
    <div className="toolbar">
      <span className="muted" role="status">
        {hasMore ? t('loadMore.showingTheNewest', { shown, what }) : t('loadMore.showingAll', { shown, what })}
      </span>
      {hasMore ? (
        <button type="button" className="button" onClick={onLoad} disabled={loading}>
          {t('loadMore.loadOlder', { what })}
        </button>
      ) : null}
    </div>
  );
}
